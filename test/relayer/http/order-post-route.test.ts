/**
 * The plain POST /v1/orders route (relayer/http/order-post-route.ts) answers exactly as the express stack does. The
 * same requests go to `/v1/orders` (the plain route) and to `/v1/orders?via=express` (a query string: express takes
 * it, and its router matches the path alone). express's res.json adds an ETag; the plain route does not, which tells
 * who answered.
 */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { parseStrictJson } from "../../../relayer/http/order-post-route.js";
import { alice, bob, mallory, order, signed } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

const PLAIN = "/v1/orders";
const EXPRESS = "/v1/orders?via=express";

describe("relayer/http/order-post-route: POST /v1/orders without express", function () {
  this.timeout(20_000);
  let now = 0;
  let nonce = 70_000n;

  const relayer = useRelayer({
    funded: [alice, bob],
    config: {
      verifierThreads: 0,
      rateLimits: {
        perIp: { capacity: 100, refillPerSecond: 1 },
        perAddress: { capacity: 1_000, refillPerSecond: 1 },
        clock: () => now,
      },
    },
  });

  async function postRaw(path: string, text: string, contentType = "application/json") {
    const res = await fetch(relayer.url + path, {
      method: "POST",
      headers: { "content-type": contentType },
      body: text,
    });
    return { status: res.status, json: (await res.json()) as any, headers: res.headers };
  }
  const fresh = async (signer = alice, extra = {}) =>
    JSON.stringify((await signed(signer, order(alice, 0, 10n, 1500n, { nonce: nonce++, ...extra }))).body);

  it("takes the plain case itself, and admits the order as express would (201, the same body shape)", async () => {
    const plain = await postRaw(PLAIN, await fresh());
    const viaExpress = await postRaw(EXPRESS, await fresh());
    assert.equal(plain.status, 201);
    assert.equal(viaExpress.status, 201);
    assert.equal(plain.headers.get("etag"), null, "the plain route answered");
    assert.notEqual(viaExpress.headers.get("etag"), null, "express answered");
    assert.equal(plain.headers.get("content-type"), viaExpress.headers.get("content-type"));
    assert.deepEqual(Object.keys(plain.json).sort(), Object.keys(viaExpress.json).sort());
    assert.equal(plain.json.status, "open");
  });

  const refusals: [string, () => Promise<string>][] = [
    ["malformed JSON", async () => '{"order": '],
    ["a JSON string (strict: objects and arrays only)", async () => '"order"'],
    ["a JSON number after whitespace", async () => " \n 42"],
    ["only whitespace", async () => "   "],
    ["an array", async () => "[1, 2]"],
    ["a wrong-typed field", async () => (await fresh()).replace(/"baseAmount":"\d+"/, '"baseAmount":10')],
    ["an unknown field", async () => (await fresh()).replace(/^\{/, '{"extra":1,')],
    ["another key's signature", () => fresh(mallory)],
  ];
  for (const [name, body] of refusals) {
    it(`answers ${name} with express's status, code and field, changing nothing`, async () => {
      const hash = relayer.services.trading.stateHash();
      const text = await body();
      const plain = await postRaw(PLAIN, text);
      const viaExpress = await postRaw(EXPRESS, text);
      assert.equal(plain.headers.get("etag"), null, "the plain route answered");
      assert.ok(plain.status >= 400, JSON.stringify(plain.json));
      assert.deepEqual({ status: plain.status, ...plain.json }, { status: viaExpress.status, ...viaExpress.json });
      assert.equal(relayer.services.trading.stateHash(), hash);
    });
  }

  it("reads a body with a byte-order mark as express does", async () => {
    const plain = await postRaw(PLAIN, `\ufeff${await fresh()}`);
    const viaExpress = await postRaw(EXPRESS, `\ufeff${await fresh()}`);
    assert.deepEqual([plain.status, viaExpress.status], [201, 201]);
  });

  it("answers a duplicate with 409 DUPLICATE_ORDER", async () => {
    const text = await fresh();
    assert.equal((await postRaw(PLAIN, text)).status, 201);
    const again = await postRaw(PLAIN, text);
    assert.deepEqual([again.status, again.json.code], [409, "DUPLICATE_ORDER"]);
  });

  it("leaves other content types, charsets, sizes and empty bodies to express", async () => {
    const text = await fresh();
    const other = await postRaw(PLAIN, text, "text/plain");
    assert.equal(other.status, 400, "express.json skips the body: the order is missing");
    assert.notEqual(other.headers.get("etag"), null);
    const latin1 = await postRaw(PLAIN, text, "application/json; charset=latin1");
    assert.equal(latin1.json.code, "MALFORMED_JSON");
    const big = await postRaw(PLAIN, JSON.stringify({ pad: "x".repeat(64 * 1024) }));
    assert.deepEqual([big.status, big.json.code], [413, "PAYLOAD_TOO_LARGE"]);
    const empty = await postRaw(PLAIN, "");
    assert.deepEqual([empty.status, empty.json.code], [400, "INVALID_FIELD"]);
  });

  it("takes the client IP's token first, answering 429 RATE_LIMITED with Retry-After when it is spent", async () => {
    for (let spent = false; !spent; ) {
      const res = await postRaw(PLAIN, '{"order": ');
      if (res.status === 429) {
        spent = true;
        assert.equal(res.json.code, "RATE_LIMITED");
        assert.equal(res.headers.get("retry-after"), "1");
        assert.equal(res.headers.get("etag"), null, "the plain route answered");
      } else assert.equal(res.json.code, "MALFORMED_JSON");
    }
    now += 60_000_000;
  });

  it("parses strictly: objects and arrays, a BOM dropped", () => {
    assert.deepEqual(parseStrictJson('\ufeff {"a":1}'), { a: 1 });
    assert.deepEqual(parseStrictJson("\t[1]"), [1]);
    for (const text of ["1", "null", '"x"', " ", "{"])
      assert.throws(() => parseStrictJson(text), { code: "MALFORMED_JSON" });
  });
});
