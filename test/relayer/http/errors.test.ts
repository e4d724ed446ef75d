/** The error middleware: every error becomes `{ code, message, field? }` with its status; internals never leak. */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { after, before, describe, it } from "mocha";
import { ApiError } from "../../../relayer/errors/index.js";
import { errorHandler, faultLog, notFound } from "../../../relayer/http/index.js";
import { createLogger } from "../../../relayer/log/index.js";
import { useRelayer } from "../use-relayer.js";

describe("relayer HTTP error middleware", () => {
  let server: Server;
  let url: string;
  const logged: ApiError[] = [];

  before(async () => {
    const app = express();
    app.get("/boom", () => {
      throw Object.assign(new Error("ENOENT /var/secret/leveldb"), { stack: "at secret.ts:1" });
    });
    app.get("/async-boom", async () => {
      throw new TypeError("cannot read properties of undefined (reading 'secret')");
    });
    app.get("/api-error", () => {
      throw new ApiError("OFF_LOT", "baseAmount must be a multiple of the lot size.", {
        field: "order.baseAmount",
        details: "secret details",
      });
    });
    app.get("/unavailable", () => {
      throw new ApiError("SERVICE_UNAVAILABLE", "node at http://10.0.0.5:8545 is down");
    });
    app.use(notFound);
    app.use(errorHandler((e) => logged.push(e)));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fetchJson = async (path: string) => {
    const res = await fetch(url + path);
    return { status: res.status, body: await res.json() };
  };

  it("answers 500 INTERNAL_ERROR with a fixed message to a thrown error, and logs it", async () => {
    for (const path of ["/boom", "/async-boom"]) {
      assert.deepEqual(await fetchJson(path), {
        status: 500,
        body: { code: "INTERNAL_ERROR", message: "Internal error." },
      });
    }
    assert.equal(logged.length, 2);
  });

  it("answers an ApiError with its code's status, message and field, and nothing else", async () => {
    assert.deepEqual(await fetchJson("/api-error"), {
      status: 422,
      body: { code: "OFF_LOT", message: "baseAmount must be a multiple of the lot size.", field: "order.baseAmount" },
    });
  });

  it("replaces a 5xx ApiError's message with a fixed text", async () => {
    assert.deepEqual(await fetchJson("/unavailable"), {
      status: 503,
      body: { code: "SERVICE_UNAVAILABLE", message: "Service temporarily unavailable; retry later." },
    });
  });

  it("logs a server fault as one JSON line with the request's id, method, path and code, its URLs cut to their origin", async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (s: string) => void lines.push(s) } });
    const app = express();
    app.get("/v1/leak", () => {
      throw new Error("node at https://rpc.example.com/v3/key-40d3e1 refused");
    });
    app.use(errorHandler(faultLog(logger)));
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/leak?token=abc`);
      assert.equal(res.status, 500);
      assert.equal(lines.length, 1);
      assert.ok(!lines[0]!.includes("key-40d3e1") && !lines[0]!.includes("token=abc"), lines[0]);
      const line = JSON.parse(lines[0]!);
      assert.deepEqual(
        [line.level, line.msg, line.method, line.path, line.code],
        ["error", "request failed", "GET", "/v1/leak", "INTERNAL_ERROR"],
      );
      assert.match(line.reqId, /^r\d+$/);
      assert.equal(line.err.message, "node at https://rpc.example.com/… refused");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("answers unknown routes 404 in the same shape", async () => {
    assert.deepEqual(await fetchJson("/nope"), {
      status: 404,
      body: { code: "NOT_FOUND", message: "No such endpoint." },
    });
  });
});

describe("relayer HTTP paths with malformed percent-encoding", () => {
  const logged: ApiError[] = [];

  const relayer = useRelayer({ config: { log: (e) => logged.push(e) } });

  it("answers 400 MALFORMED_PATH to every route with a path parameter, and logs nothing", async () => {
    const requests: [string, string][] = [
      ["GET", "/v1/orders/%E0%A4%A"],
      ["DELETE", "/v1/orders/%E0%A4%A"],
      ["GET", "/v1/orders/%E0%A4%A/receipt"],
      ["GET", "/v1/markets/%ZZ/book"],
      ["GET", "/v1/markets/%E0%A4%A/trades"],
      ["GET", "/v1/balances/%"],
      ["GET", "/v1/withdrawals/%C0"],
      ["GET", "/v1/auctions/%E0%A4%A/batches/1"],
    ];
    for (const [method, path] of requests) {
      const res = await fetch(relayer.url + path, { method });
      assert.match(res.headers.get("x-request-id") ?? "", /^r\d+$/, "every answer names its request");
      assert.deepEqual(
        { status: res.status, body: await res.json() },
        {
          status: 400,
          body: { code: "MALFORMED_PATH", message: "The path is not valid percent-encoded UTF-8." },
        },
        `${method} ${path}`,
      );
    }
    assert.deepEqual(logged, []);
  });
});
