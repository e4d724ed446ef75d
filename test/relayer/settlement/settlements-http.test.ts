/** GET /v1/settlements and /v1/settlements/:batchId, on a relayer whose settler settled real batches. */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { describe, it } from "mocha";
import { createApp } from "../../../relayer/app.js";
import { deployChain, fund, openWorld, order, place, settleAll, trader } from "./fixtures.js";

describe("GET /v1/settlements", function () {
  this.timeout(60_000);

  it("lists batches newest first with a cursor, and shows one batch with its fills and transaction", async () => {
    const chain = await deployChain();
    const world = await openWorld(chain, { policies: { 1: { maxFills: 1 } } });
    let server: Server | undefined;
    try {
      const [a, b] = [trader(0), trader(1)];
      await fund(world, [a.address, b.address], 10n ** 18n, 10_000n * 10n ** 6n);
      await place(world, a, order(chain, a.address, 1, 30n, 3000n));
      for (let i = 0; i < 3; i++) await place(world, b, order(chain, b.address, 0, 5n, 3000n));
      await settleAll(world);

      const app = createApp(world.services, { log: () => {} });
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, "127.0.0.1", () => resolve(s));
      });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const get = async (path: string) => {
        const res = await fetch(url + path);
        return { status: res.status, json: (await res.json()) as any };
      };

      const first = await get("/v1/settlements?limit=2");
      assert.equal(first.status, 200);
      assert.deepEqual(first.json.items.map((i: any) => i.batchId), ["3", "2"]);
      const second = await get(`/v1/settlements?limit=2&cursor=${first.json.nextCursor}`);
      assert.deepEqual(second.json.items.map((i: any) => i.batchId), ["1"]);
      assert.equal(second.json.nextCursor, null);

      const one = await get("/v1/settlements/1");
      assert.equal(one.status, 200);
      assert.equal(one.json.state, "final");
      assert.equal(one.json.market, "WETH-USDC");
      assert.deepEqual(one.json.fillIds, [1]);
      assert.equal(one.json.transactions.length, 1);
      assert.equal(one.json.txHash, one.json.transactions[0].hash);
      assert.match(one.json.blockNumber, /^[0-9]+$/);

      const missing = await get("/v1/settlements/99");
      assert.equal(missing.status, 404);
      assert.equal(missing.json.code, "SETTLEMENT_NOT_FOUND");
      assert.equal((await get("/v1/settlements?cursor=abc")).status, 400);
    } finally {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      await world.close();
    }
  });
});
