/**
 * docs/openapi.yaml describes the relayer as it really is: every route the express app registers and nothing else,
 * every error code of relayer/wire/error-codes.ts with its status, every socket.io event relayer/ws/ listens for or emits,
 * and real answers of a running relayer (HTTP and socket.io) fit the schemas the file gives them.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { load } from "js-yaml";
import { after, before, describe, it } from "mocha";
import type { Socket } from "socket.io-client";
import type { Address, Hex } from "viem";
import { EIP712_TYPES, loginTypedData, withdrawalTypedData, type Withdrawal } from "../../../protocol/index.js";
import { createApp } from "../../../relayer/app.js";
import { ERROR_STATUS } from "../../../relayer/wire/error-codes.js";
import type { Services } from "../../../relayer/open-services.js";
import type { StoredBatch } from "../../../relayer/settlement/index.js";
import { connect, until } from "../ws/fixtures.js";
import { alice, bob, DOMAIN, NOW, order, signed, USDC, WETH } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

const DOC_PATH = join(import.meta.dirname, "../../../docs/openapi.yaml");
const ERRORS_DOC_PATH = join(import.meta.dirname, "../../../docs/api-errors.md");
const WS_DIR = join(import.meta.dirname, "../../../relayer/ws");
/** socket.io's own events: not part of the API. */
const RESERVED_EVENTS = new Set(["connect", "connection", "disconnect", "disconnecting", "error"]);
const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];

type Json = any;

// ---------- a small structural checker for the subset of JSON Schema the file uses ----------

/** The problems of `value` against `schema` (empty when it fits), each with its JSON path. */
function check(doc: Json, schema: Json, value: unknown, path = "$"): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${path}: no value allowed`];
  if (schema.$ref !== undefined) return check(doc, resolve(doc, schema.$ref), value, path);
  const problems: string[] = [];
  if (schema.allOf !== undefined) for (const s of schema.allOf) problems.push(...check(doc, s, value, path));
  if (schema.anyOf !== undefined && !schema.anyOf.some((s: Json) => check(doc, s, value, path).length === 0)) {
    problems.push(`${path}: fits none of anyOf`);
  }
  if (schema.oneOf !== undefined) {
    const fits = schema.oneOf.filter((s: Json) => check(doc, s, value, path).length === 0).length;
    if (fits !== 1) {
      const why =
        fits === 0
          ? schema.oneOf.map((s: Json) => check(doc, s, value, path).join("; ")).join(" | ")
          : `${fits} branches`;
      problems.push(`${path}: fits ${fits} of oneOf (${why})`);
    }
  }
  if ("const" in schema && value !== schema.const)
    problems.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (schema.enum !== undefined && !schema.enum.includes(value))
    problems.push(`${path}: ${JSON.stringify(value)} is not one of the enum`);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => isType(t, value)))
      return [...problems, `${path}: ${JSON.stringify(value)} is not ${types.join("|")}`];
  }
  if (typeof value === "string") {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value))
      problems.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      problems.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.minLength !== undefined && value.length < schema.minLength)
      problems.push(`${path}: shorter than ${schema.minLength}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${path}: ${value} < ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${path}: ${value} > ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      problems.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      problems.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.items !== undefined)
      for (const [i, item] of value.entries()) problems.push(...check(doc, schema.items, item, `${path}[${i}]`));
  } else if (typeof value === "object" && value !== null) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) problems.push(`${path}: missing ${key}`);
    const properties: Record<string, Json> = schema.properties ?? {};
    for (const [key, v] of Object.entries(object)) {
      if (key in properties) problems.push(...check(doc, properties[key], v, `${path}.${key}`));
      else if (schema.additionalProperties === false) problems.push(`${path}: unexpected key ${key}`);
      else if (typeof schema.additionalProperties === "object")
        problems.push(...check(doc, schema.additionalProperties, v, `${path}.${key}`));
    }
  }
  return problems;
}

function isType(type: string, value: unknown): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

function resolve(doc: Json, ref: string): Json {
  assert.ok(ref.startsWith("#/"), `only local refs: ${ref}`);
  let node = doc;
  for (const part of ref.slice(2).split("/")) {
    node = node?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    assert.notEqual(node, undefined, `unresolved $ref ${ref}`);
  }
  return node;
}

function assertFits(doc: Json, schema: Json, value: unknown, what: string): void {
  const problems = check(doc, schema, value);
  assert.deepEqual(problems, [], `${what} does not fit its schema: ${JSON.stringify(value)}`);
}

// ---------- the document ----------

/** Express path (`/v1/orders/:hash`) → OpenAPI path (`/v1/orders/{hash}`). */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/** "METHOD /path" of every route of an express app (express 5: app.router is the `router` package's Router). */
function registeredRoutes(app: { router: Json }): Set<string> {
  const routes = new Set<string>();
  const walk = (stack: Json[]) => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === "_all") throw new Error(`route ${layer.route.path} answers every method`);
          routes.add(`${method.toUpperCase()} ${toOpenApiPath(layer.route.path)}`);
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        // Every router is mounted at the root (the routes hold their full paths); a mounted path would prefix them.
        assert.equal(layer.rawPath ?? "/", "/", "a router mounted under a path");
        walk(layer.handle.stack);
      }
    }
  };
  walk(app.router.stack);
  return routes;
}

function documentedRoutes(doc: Json): Set<string> {
  const routes = new Set<string>();
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of Object.keys(item))
      if (HTTP_METHODS.includes(method)) routes.add(`${method.toUpperCase()} ${path}`);
  }
  return routes;
}

/** The schema the file gives the answer of `method path` with `status` (path in OpenAPI form). */
function responseSchema(doc: Json, method: string, path: string, status: number): Json {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  assert.ok(operation !== undefined, `${method} ${path} is not documented`);
  let response = operation.responses[String(status)];
  assert.ok(response !== undefined, `${method} ${path} does not document status ${status}`);
  if (response.$ref !== undefined) response = resolve(doc, response.$ref);
  const schema = response.content?.["application/json"]?.schema;
  assert.ok(schema !== undefined, `${method} ${path} ${status} has no JSON schema`);
  return schema;
}

/** The schema of `method path`'s JSON request body. */
function requestSchema(doc: Json, method: string, path: string): Json {
  const schema = doc.paths[path]?.[method.toLowerCase()]?.requestBody?.content?.["application/json"]?.schema;
  assert.ok(schema !== undefined, `${method} ${path} documents no JSON request body`);
  return schema;
}

/** Every `"$ref"` anywhere in the document resolves. */
function allRefs(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) allRefs(n, out);
  } else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else allRefs(value, out);
    }
  }
  return out;
}

/** Event names relayer/ws/ listens for (`socket.on` / the private gateway's `on`) and emits (`.emit`). */
async function socketEvents(): Promise<{ listened: Set<string>; emitted: Set<string> }> {
  const listened = new Set<string>();
  const emitted = new Set<string>();
  for (const file of await readdir(WS_DIR)) {
    if (!file.endsWith(".ts")) continue;
    const source = await readFile(join(WS_DIR, file), "utf8");
    for (const m of source.matchAll(/\b(?:socket\.)?on\(\s*"([^"]+)"/g))
      if (!RESERVED_EVENTS.has(m[1])) listened.add(m[1]);
    for (const m of source.matchAll(/\.emit\(\s*"([^"]+)"/g)) emitted.add(m[1]);
  }
  return { listened, emitted };
}

// ---------- the relayer ----------

async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  raw?: string,
): Promise<{ status: number; json: Json }> {
  const res = await fetch(url + path, {
    method,
    headers: body === undefined && raw === undefined ? {} : { "content-type": "application/json" },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  return { status: res.status, json: await res.json() };
}

function listen(app: ReturnType<typeof createApp>): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, "127.0.0.1", (error?: Error) => {
      if (error) return reject(error);
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

const closeServer = (server: Server) => new Promise<void>((r) => server.close(() => r()));

/** A settler with one stored batch, enough for the settlements router (the settlement tests drive a real one). */
const BATCH: StoredBatch = {
  id: "7",
  market: 1,
  state: "included",
  fills: [],
  isolated: [{ fillId: 3, reason: "FillExceedsOrder(0xab…, 10, 5)" }],
  skipped: [2],
  orders: {},
  calldata: "0x",
  txs: [
    {
      hash: `0x${"11".repeat(32)}`,
      nonce: 4,
      maxFeePerGas: "2000000000",
      maxPriorityFeePerGas: "1000000",
      raw: "0x",
      sentAt: 1,
      sentAtBlock: "9",
    } as never,
  ],
  inclusion: {
    txHash: `0x${"11".repeat(32)}`,
    blockNumber: "12",
    blockHash: `0x${"22".repeat(32)}`,
    gasUsed: "210000",
  },
  matchedAt: 1_800_000_000_000,
  updatedAt: 1_800_000_001_000,
};
const stubSettler = {
  list: () => [BATCH],
  batch: (id: string) => (id === BATCH.id ? BATCH : undefined),
  fillState: (fillId: number) =>
    fillId % 2 === 0
      ? { state: "included", batchId: BATCH.id, txHash: BATCH.inclusion!.txHash }
      : { state: "queued", batchId: null, txHash: null },
} as unknown as NonNullable<Services["settler"]>;

describe("docs/openapi.yaml", function () {
  let doc: Json;
  /** The app as `npm start` builds it: with a settler (its routes are mounted only then). */
  let withSettler: { server: Server; url: string };
  const sockets: Socket[] = [];

  // Registered first so that it runs before the relayer stops.
  after(async () => {
    for (const s of sockets) s.disconnect();
    if (withSettler !== undefined) await closeServer(withSettler.server);
  });

  const relayer = useRelayer({ funded: [alice, bob], config: { coalesceMs: 0 } });

  before(async () => {
    doc = load(await readFile(DOC_PATH, "utf8")) as Json;
    withSettler = await listen(createApp({ ...relayer.services, settler: stubSettler }, { log: () => {} }));
  });

  describe("the file", () => {
    it("is OpenAPI 3.1 and every $ref in it resolves", () => {
      assert.match(doc.openapi, /^3\.1\./);
      const refs = allRefs(doc);
      assert.ok(refs.length > 100);
      for (const ref of refs) resolve(doc, ref);
    });

    it("has no null value anywhere (a YAML typo, e.g. an unquoted comma in a flow mapping, makes one)", () => {
      const nulls: string[] = [];
      const walk = (node: Json, path: string) => {
        if (typeof node !== "object" || node === null) return;
        for (const [key, value] of Object.entries(node)) {
          if (value === null) nulls.push(`${path}.${key}`);
          else walk(value, `${path}.${key}`);
        }
      };
      walk(doc, "$");
      assert.deepEqual(nulls, []);
    });

    it("documents every route the express app registers, and no other", () => {
      const app = createApp({ ...relayer.services, settler: stubSettler });
      const registered = registeredRoutes(app as never);
      assert.ok(
        registered.has("POST /v1/orders") && registered.has("GET /v1/settlements/{batchId}"),
        [...registered].join(", "),
      );
      assert.deepEqual([...documentedRoutes(doc)].sort(), [...registered].sort());
    });

    it("declares each path parameter of each route", () => {
      for (const [path, item] of Object.entries<Json>(doc.paths)) {
        const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
        for (const method of Object.keys(item).filter((k) => HTTP_METHODS.includes(k))) {
          const params = [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map((p: Json) =>
            p.$ref ? resolve(doc, p.$ref) : p,
          );
          assert.deepEqual(
            params
              .filter((p: Json) => p.in === "path")
              .map((p: Json) => p.name)
              .sort(),
            names,
            `${method} ${path}`,
          );
        }
      }
    });

    it("names each operation once (operationId)", () => {
      const ids = Object.values<Json>(doc.paths).flatMap((item) =>
        HTTP_METHODS.filter((m) => item[m] !== undefined).map((m) => item[m].operationId),
      );
      assert.ok(ids.every((id) => typeof id === "string" && id.length > 0));
      assert.equal(new Set(ids).size, ids.length);
    });

    it("lists every error code of relayer/wire/error-codes.ts, with its status, and no other", () => {
      const codes = doc.components.schemas.ErrorCode;
      assert.deepEqual([...codes.enum].sort(), Object.keys(ERROR_STATUS).sort());
      assert.deepEqual(codes["x-status"], { ...ERROR_STATUS });
    });

    it("has docs/api-errors.md explain every code, with its status", async () => {
      const table = await readFile(ERRORS_DOC_PATH, "utf8");
      const rows = new Map([...table.matchAll(/^\| `([A-Z_0-9]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]));
      assert.deepEqual(Object.fromEntries([...rows].sort()), Object.fromEntries(Object.entries(ERROR_STATUS).sort()));
    });

    it("documents every error status an operation answers with the shared Error schema", () => {
      for (const [path, item] of Object.entries<Json>(doc.paths)) {
        for (const method of Object.keys(item).filter((k) => HTTP_METHODS.includes(k))) {
          for (const status of Object.keys(item[method].responses).filter((s) => Number(s) >= 400)) {
            if (path === "/health" || path === "/ready") continue; // their 503 carries `status` and `reason` too
            assert.deepEqual(
              responseSchema(doc, method, path, Number(status)),
              { $ref: "#/components/schemas/Error" },
              `${method} ${path} ${status}`,
            );
          }
        }
      }
    });

    it("describes under x-socketio every event relayer/ws/ listens for or emits, and no other", async () => {
      const { listened, emitted } = await socketEvents();
      assert.ok(listened.has("subscribe") && listened.has("orders.placeBatch") && emitted.has("settlement"));
      const events: Record<string, Json> = doc["x-socketio"].events;
      const documented = (direction: string) =>
        Object.keys(events)
          .filter((name) => events[name].direction === direction)
          .sort();
      assert.deepEqual(documented("client-to-server"), [...listened].sort());
      assert.deepEqual(documented("server-to-client"), [...emitted].sort());
      for (const [name, event] of Object.entries(events)) {
        assert.ok(event.payload !== undefined, `${name} has a payload schema`);
        assert.equal(
          event.ack !== undefined,
          event.direction === "client-to-server",
          `${name}: an ack exactly for client → server events`,
        );
      }
    });

    it("has a checker that can fail: wrong types, missing and extra keys, bad patterns are found", () => {
      const error = { $ref: "#/components/schemas/Error" };
      assert.deepEqual(check(doc, error, { code: "NOT_FOUND", message: "x" }), []);
      assert.equal(check(doc, error, { code: "NO_SUCH_CODE", message: "x" }).length, 1);
      assert.equal(check(doc, error, { code: "NOT_FOUND" }).length, 1);
      assert.equal(check(doc, error, { code: "NOT_FOUND", message: "x", stack: "…" }).length, 1);
      const level = { $ref: "#/components/schemas/Level" };
      assert.equal(check(doc, level, { priceTicks: 3000, quotePerLot: 3_000_000, lots: 1, baseAmount: "1" }).length, 1);
      assert.equal(check(doc, level, { priceTicks: 3000, quotePerLot: "03", lots: 1, baseAmount: "1" }).length, 1);
    });
  });

  describe("real answers fit their schemas", () => {
    let resting: Hex;

    /** Calls the relayer and checks the answer against the file's schema for that operation and status. */
    async function expectAnswer(
      method: string,
      docPath: string,
      path: string,
      status: number,
      body?: unknown,
      url = relayer.url,
      raw?: string,
    ): Promise<Json> {
      const res = await call(url, method, path, body, raw);
      assert.equal(res.status, status, JSON.stringify(res.json));
      assertFits(doc, responseSchema(doc, method, docPath, status), res.json, `${method} ${path} ${status}`);
      if (body !== undefined) {
        // The request schema agrees with the relayer's parser: a body it read fits, one it refused as malformed does not.
        const problems = check(doc, requestSchema(doc, method, docPath), body);
        if (status === 400)
          assert.notDeepEqual(problems, [], `${method} ${path}: the request schema accepts a body the relayer refused`);
        else assert.deepEqual(problems, [], `${method} ${path}: the request schema refuses a body the relayer read`);
      }
      return res.json;
    }

    it("GET /health and GET /v1/info", async () => {
      await expectAnswer("GET", "/health", "/health", 200);
      await expectAnswer("GET", "/ready", "/ready", 200);
      const info = await expectAnswer("GET", "/v1/info", "/v1/info", 200);
      assert.deepEqual(Object.keys(info.eip712.types).sort(), ["EIP712Domain", ...Object.keys(EIP712_TYPES)].sort());
    });

    it("POST /v1/orders: a resting order, then a crossing one with its fill", async () => {
      const a = await signed(alice, order(alice, 0, 100n, 3000n, { nonce: 1n }));
      const placed = await expectAnswer("POST", "/v1/orders", "/v1/orders", 201, a.body);
      assert.equal(placed.status, "open");
      const b = await signed(bob, order(bob, 1, 40n, 3000n, { nonce: 1n }));
      const taken = await expectAnswer("POST", "/v1/orders", "/v1/orders", 201, b.body);
      assert.equal(taken.fills.length, 1);
      resting = a.hash;
    });

    it("POST /v1/orders/batch: one admitted, one refused", async () => {
      const good = await signed(alice, order(alice, 0, 10n, 2000n, { nonce: 2n }));
      const bad = await signed(bob, order(alice, 0, 10n, 2000n, { nonce: 3n })); // signed by another key
      const answer = await expectAnswer("POST", "/v1/orders/batch", "/v1/orders/batch", 200, {
        orders: [good.body, bad.body],
      });
      assert.deepEqual(
        answer.results.map((r: Json) => r.ok),
        [true, false],
      );
    });

    it("the read endpoints: an order, lists, fills, book, trades, balances", async () => {
      const maker = alice.address.toLowerCase();
      await expectAnswer("GET", "/v1/orders/{hash}", `/v1/orders/${resting}`, 200);
      const orders = await expectAnswer("GET", "/v1/orders", `/v1/orders?maker=${maker}&limit=1`, 200);
      assert.notEqual(orders.nextCursor, null);
      await expectAnswer("GET", "/v1/orders", `/v1/orders?maker=${maker}&cursor=${orders.nextCursor}`, 200);
      const fills = await expectAnswer("GET", "/v1/fills", `/v1/fills?maker=${maker}`, 200);
      assert.equal(fills.items.length, 1);
      assert.equal(fills.items[0].settlement, null); // no settler here
      const book = await expectAnswer("GET", "/v1/markets/{id}/book", "/v1/markets/WETH-USDC/book?depth=5", 200);
      assert.equal(book.bids.length, 2);
      await expectAnswer("GET", "/v1/markets/{id}/trades", "/v1/markets/WETH-USDC/trades", 200);
      const balances = await expectAnswer("GET", "/v1/balances/{address}", `/v1/balances/${alice.address}`, 200);
      assert.equal(balances.balances.length, 2);
    });

    it("DELETE /v1/orders/{hash} and POST /v1/orders/cancel-all", async () => {
      const message = { maker: alice.address.toLowerCase() as Address, orderHash: resting };
      const signature = await alice.signTypedData({
        domain: DOMAIN,
        types: EIP712_TYPES,
        primaryType: "CancelOrder",
        message,
      });
      await expectAnswer("DELETE", "/v1/orders/{hash}", `/v1/orders/${resting}`, 200, { cancel: message, signature });
      await expectAnswer("DELETE", "/v1/orders/{hash}", `/v1/orders/${resting}`, 404, { cancel: message, signature });
      const all = {
        maker: alice.address.toLowerCase() as Address,
        baseToken: WETH as Address,
        quoteToken: USDC as Address,
        issuedAt: BigInt(NOW),
      };
      const allSignature = await alice.signTypedData({
        domain: DOMAIN,
        types: EIP712_TYPES,
        primaryType: "CancelAll",
        message: all,
      });
      const body = { cancelAll: { ...all, issuedAt: String(NOW) }, signature: allSignature };
      const answer = await expectAnswer("POST", "/v1/orders/cancel-all", "/v1/orders/cancel-all", 200, body);
      assert.equal(answer.cancelled.length, 1);
      await expectAnswer("POST", "/v1/orders/cancel-all", "/v1/orders/cancel-all", 409, body);
    });

    it("POST /v1/withdrawals, GET /v1/withdrawals/{id} and GET /v1/withdrawals", async () => {
      const withdrawal: Withdrawal = {
        account: bob.address,
        token: USDC,
        amount: 5_000_000n,
        recipient: bob.address,
        nonce: 1n,
        expiry: 0n,
      };
      const signature = await bob.signTypedData(withdrawalTypedData(DOMAIN, withdrawal));
      const body = { withdrawal: { ...withdrawal, amount: "5000000", nonce: "1", expiry: "0" }, signature };
      const requested = await expectAnswer("POST", "/v1/withdrawals", "/v1/withdrawals", 201, body);
      await expectAnswer("POST", "/v1/withdrawals", "/v1/withdrawals", 409, body);
      await expectAnswer("GET", "/v1/withdrawals/{id}", `/v1/withdrawals/${requested.withdrawalId}`, 200);
      await expectAnswer("GET", "/v1/withdrawals", `/v1/withdrawals?account=${bob.address}`, 200);
      await expectAnswer("GET", "/v1/withdrawals/{id}", `/v1/withdrawals/0x${"00".repeat(32)}`, 404);
    });

    it("GET /v1/settlements and GET /v1/settlements/{batchId} (with a settler)", async () => {
      const page = await expectAnswer("GET", "/v1/settlements", "/v1/settlements", 200, undefined, withSettler.url);
      assert.equal(page.items.length, 1);
      await expectAnswer("GET", "/v1/settlements/{batchId}", "/v1/settlements/7", 200, undefined, withSettler.url);
      const missing = await expectAnswer(
        "GET",
        "/v1/settlements/{batchId}",
        "/v1/settlements/8",
        404,
        undefined,
        withSettler.url,
      );
      assert.equal(missing.code, "SETTLEMENT_NOT_FOUND");
      const trades = await expectAnswer(
        "GET",
        "/v1/markets/{id}/trades",
        "/v1/markets/WETH-USDC/trades",
        200,
        undefined,
        withSettler.url,
      );
      assert.ok(trades.items.length > 0 && trades.items.every((t: Json) => t.settlement !== null));
    });

    it("errors: 400 malformed and invalid, 401, 413, 422, 404", async () => {
      const malformed = await expectAnswer(
        "POST",
        "/v1/orders",
        "/v1/orders",
        400,
        undefined,
        relayer.url,
        "{not json",
      );
      assert.equal(malformed.code, "MALFORMED_JSON");
      const o = await signed(alice, order(alice, 0, 10n, 3000n, { nonce: 9n }));
      const wrongType = await expectAnswer("POST", "/v1/orders", "/v1/orders", 400, {
        ...o.body,
        order: { ...(o.body.order as object), side: "buy" },
      });
      assert.equal(wrongType.field, "order.side");
      const forged = await signed(bob, order(alice, 0, 10n, 3000n, { nonce: 10n }));
      assert.equal(
        (await expectAnswer("POST", "/v1/orders", "/v1/orders", 401, forged.body)).code,
        "SIGNATURE_WRONG_SIGNER",
      );
      await expectAnswer(
        "POST",
        "/v1/orders",
        "/v1/orders",
        413,
        undefined,
        relayer.url,
        JSON.stringify({ pad: "x".repeat(20_000) }),
      );
      const tooBig = await signed(alice, order(alice, 0, 1_000_000_000n, 3000n, { nonce: 11n }));
      assert.equal(
        (await expectAnswer("POST", "/v1/orders", "/v1/orders", 422, tooBig.body)).code,
        "INSUFFICIENT_BALANCE",
      );
      assert.equal(
        (await expectAnswer("GET", "/v1/markets/{id}/book", "/v1/markets/NOPE-USDC/book", 422)).code,
        "UNKNOWN_MARKET",
      );
      assert.equal(
        (await expectAnswer("GET", "/v1/markets/{id}/book", "/v1/markets/WETH-USDC/book?depth=0", 400)).field,
        "depth",
      );
      await expectAnswer("GET", "/v1/orders/{hash}", `/v1/orders/0x${"ab".repeat(32)}`, 404);
    });
  });

  describe("real socket.io messages fit x-socketio", () => {
    const event = (name: string) => doc["x-socketio"].events[name];

    it("subscribe's book snapshot, then a book delta and a trade", async () => {
      const socket = await connect(relayer.url);
      sockets.push(socket);
      const books: unknown[] = [];
      const trades: unknown[] = [];
      socket.on("book", (m) => books.push(m));
      socket.on("trades", (m) => trades.push(m));
      assertFits(doc, event("subscribe").payload, { channel: "book", market: "WETH-USDC" }, "subscribe payload");
      assert.notDeepEqual(
        check(doc, event("subscribe").payload, { channel: "book", market: "WETH-USDC", depth: 5 }),
        [],
      );
      const snapshot = await socket.timeout(5000).emitWithAck("subscribe", { channel: "book", market: "WETH-USDC" });
      assertFits(doc, event("subscribe").ack, snapshot, "subscribe book ack");
      assertFits(
        doc,
        event("subscribe").ack,
        await socket.timeout(5000).emitWithAck("subscribe", { channel: "trades", market: "WETH-USDC" }),
        "subscribe trades ack",
      );
      assertFits(
        doc,
        event("subscribe").ack,
        await socket.timeout(5000).emitWithAck("subscribe", { channel: "book", market: "NOPE" }),
        "subscribe error ack",
      );
      const maker = await signed(alice, order(alice, 1, 10n, 3100n, { nonce: 20n }));
      const taker = await signed(bob, order(bob, 0, 10n, 3100n, { nonce: 20n }));
      assert.equal((await call(relayer.url, "POST", "/v1/orders", maker.body)).status, 201);
      assert.equal((await call(relayer.url, "POST", "/v1/orders", taker.body)).status, 201);
      await until(() => books.length >= 2 && trades.length >= 1);
      for (const m of books) assertFits(doc, event("book").payload, m, "book");
      for (const m of trades) assertFits(doc, event("trades").payload, m, "trades");
      assertFits(
        doc,
        event("unsubscribe").ack,
        await socket.timeout(5000).emitWithAck("unsubscribe", { channel: "book", market: "WETH-USDC" }),
        "unsubscribe ack",
      );
    });

    it("the private channel: challenge, login, place, options, cancel, and the order, fill and balance pushes", async () => {
      const socket = await connect(relayer.url);
      sockets.push(socket);
      const pushes: Record<string, unknown[]> = { order: [], fill: [], balance: [] };
      for (const name of Object.keys(pushes)) socket.on(name, (m) => pushes[name].push(m));
      const ask = (name: string, payload: unknown) => socket.timeout(5000).emitWithAck(name, payload);
      /** Asks with a payload the relayer reads, which must fit the event's payload schema too. */
      const askValid = (name: string, payload: unknown) => {
        assertFits(doc, event(name).payload, payload, `${name} payload`);
        return ask(name, payload);
      };

      assertFits(doc, event("orders.place").ack, await ask("orders.place", {}), "orders.place before login");
      const challenge = await ask("auth.challenge", {});
      assertFits(doc, event("auth.challenge").ack, challenge, "auth.challenge ack");
      const signature = await alice.signTypedData(
        loginTypedData(challenge.message.domain, {
          address: alice.address,
          nonce: challenge.nonce,
          expiresAt: BigInt(challenge.expiresAt),
        }),
      );
      const login = await askValid("auth.login", { address: alice.address, nonce: challenge.nonce, signature });
      assertFits(doc, event("auth.login").ack, login, "auth.login ack");
      assert.equal(login.address, alice.address.toLowerCase());

      assertFits(
        doc,
        event("session.options").ack,
        await askValid("session.options", { cancelOnDisconnect: false }),
        "session.options ack",
      );
      assertFits(doc, event("heartbeat").ack, await ask("heartbeat", {}), "heartbeat ack");
      const resting = await signed(alice, order(alice, 0, 20n, 2500n, { nonce: 30n }));
      const asking = await signed(alice, order(alice, 1, 10n, 3000n, { nonce: 31n })); // nothing bids 3000: it rests
      const placed = await askValid("orders.place", resting.body);
      assertFits(doc, event("orders.place").ack, placed, "orders.place ack");
      const batch = await ask("orders.placeBatch", { orders: [asking.body, { order: {} }] });
      assertFits(doc, event("orders.placeBatch").ack, batch, "orders.placeBatch ack");
      // bob sells into alice's resting bid: alice gets a fill.
      const bobSell = await signed(bob, order(bob, 1, 10n, 2500n, { nonce: 32n }));
      assert.equal((await call(relayer.url, "POST", "/v1/orders", bobSell.body)).status, 201);
      assertFits(
        doc,
        event("orders.cancel").ack,
        await askValid("orders.cancel", { orderHash: resting.hash }),
        "orders.cancel ack",
      );
      assertFits(
        doc,
        event("orders.cancelAll").ack,
        await askValid("orders.cancelAll", { market: "WETH-USDC" }),
        "orders.cancelAll ack",
      );
      assertFits(
        doc,
        event("orders.cancelAll").ack,
        await ask("orders.cancelAll", { market: "NOPE" }),
        "orders.cancelAll error ack",
      );

      await until(() => pushes.fill.length >= 1 && pushes.order.length >= 4 && pushes.balance.length >= 1);
      for (const [name, messages] of Object.entries(pushes))
        for (const m of messages) assertFits(doc, event(name).payload, m, name);
    });

    it("a settlement push", async () => {
      const socket = await connect(relayer.url);
      sockets.push(socket);
      const challenge = await socket.timeout(5000).emitWithAck("auth.challenge", {});
      const signature = await bob.signTypedData(
        loginTypedData(challenge.message.domain, {
          address: bob.address,
          nonce: challenge.nonce,
          expiresAt: BigInt(challenge.expiresAt),
        }),
      );
      await socket.timeout(5000).emitWithAck("auth.login", { address: bob.address, nonce: challenge.nonce, signature });
      const fills = await call(relayer.url, "GET", `/v1/fills?maker=${bob.address}`);
      const fillIds: number[] = fills.json.items.map((f: Json) => f.fillId);
      assert.ok(fillIds.length > 0);
      const notices: unknown[] = [];
      socket.on("settlement", (m) => notices.push(m));
      relayer.privateFeed.publishSettlement({ fillIds, state: "included", txHash: `0x${"33".repeat(32)}` });
      await until(() => notices.length === 1);
      assertFits(doc, event("settlement").payload, notices[0], "settlement");
    });
  });
});
