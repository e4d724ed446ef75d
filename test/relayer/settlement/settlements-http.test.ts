/**
 * GET /v1/settlements and /v1/settlements/:batchId on a relayer started by startRelayer with a `settlement` block:
 * its settler runs on its own (timer) and settles real batches.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "mocha";
import type { PublicClient } from "viem";
import { startRelayer, type RunningRelayer } from "../../../relayer/app.js";
import { deployChain, fund, marketsConfig, order, place, trader, type World } from "./fixtures.js";

describe("GET /v1/settlements", function () {
  this.timeout(60_000);

  it("lists batches newest first with a cursor, and shows one batch with its fills and transaction", async () => {
    const chain = await deployChain();
    const dataDir = await mkdtemp(join(tmpdir(), "settlement-http-"));
    let relayer: RunningRelayer | undefined;
    try {
      relayer = await startRelayer({
        port: 0,
        dataDir,
        chainId: chain.chainId,
        exchange: chain.exchange.address,
        markets: marketsConfig(chain.weth.address, chain.usdc.address),
        feeRecipient: chain.feeRecipient.account.address,
        log: () => {},
        settlement: {
          client: chain.publicClient as unknown as PublicClient,
          account: chain.operatorAccount,
          confirmations: 1,
          policies: { 1: { maxFills: 1 } },
          pollIntervalMs: 10,
        },
      });
      const world = { chain, services: relayer.services } as World;
      const [a, b] = [trader(0), trader(1)];
      await fund(world, [a.address, b.address], 10n ** 18n, 10_000n * 10n ** 6n);
      await place(world, a, order(chain, a.address, 1, 30n, 3000n));
      for (let i = 0; i < 3; i++) await place(world, b, order(chain, b.address, 0, 5n, 3000n));
      // The settler steps on its own timer: wait until it has nothing left (bounded; not a timing assertion).
      for (let i = 0; i < 1_000 && !relayer.services.settler!.idle; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(relayer.services.settler!.idle, "the started settler settled everything");
      const url = relayer.url;
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
      await relayer?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
