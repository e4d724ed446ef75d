/** The error middleware: every error becomes `{ code, message, field? }` with its status; internals never leak. */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { after, before, describe, it } from "mocha";
import { ApiError } from "../../../relayer/errors/index.js";
import { errorHandler, notFound } from "../../../relayer/http/index.js";

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
      throw new ApiError("OFF_LOT", "baseAmount must be a multiple of the lot size.", { field: "order.baseAmount", details: "secret details" });
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
      assert.deepEqual(await fetchJson(path), { status: 500, body: { code: "INTERNAL_ERROR", message: "Internal error." } });
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

  it("answers unknown routes 404 in the same shape", async () => {
    assert.deepEqual(await fetchJson("/nope"), { status: 404, body: { code: "NOT_FOUND", message: "No such endpoint." } });
  });
});
