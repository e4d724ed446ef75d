/**
 * Settlement keeps up with a chain whose blocks come far slower than batches close: a real Hardhat chain mining a block
 * every 3 s (automine off) while batches close every 250 ms — the ratio of 12-second blocks to 1-second batches — and
 * trades arrive steadily. The settler merges what queues while its pipeline is full and keeps several transactions in
 * flight, so the lag stays within a few blocks and the backlog drains within a few blocks once trading stops.
 * (One transaction per block, the old policy, fell behind by ~11 batches a block here: see docs/settlement.md.)
 */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { deployChain, fund, openWorld, order, place, trader } from "./fixtures.js";

const BLOCK_MS = 3_000;
const TRADING_BLOCKS = 6;

const lagOf = (metrics: string) => Number(/^relayer_settlement_lag_seconds (\S+)$/m.exec(metrics)?.[1] ?? NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Settler on a chain with slow blocks", function () {
  this.timeout(180_000);

  it("keeps the lag within a few blocks at a sustained fill rate, and drains the backlog within a few blocks", async () => {
    const chain = await deployChain();
    const world = await openWorld(chain, {
      policies: { 1: { maxDelayMs: 250 } },
      pollIntervalMs: 100,
      confirmations: 1,
    });
    try {
      const makers = Array.from({ length: 4 }, (_, i) => trader(i));
      const takers = Array.from({ length: 4 }, (_, i) => trader(4 + i));
      await fund(
        world,
        [...makers, ...takers].map((t) => t.address),
        10n ** 19n,
        100_000n * 10n ** 6n,
      );
      await chain.rpc("evm_setAutomine", [false]);
      await chain.rpc("evm_setIntervalMining", [BLOCK_MS]);
      const settler = world.services.settler!;
      settler.start();

      const startBlock = await chain.publicClient.getBlockNumber();
      const lags: number[] = [];
      let fills = 0;
      const tradingEnds = Date.now() + TRADING_BLOCKS * BLOCK_MS;
      for (let i = 0; Date.now() < tradingEnds; i++) {
        const maker = makers[i % makers.length];
        const taker = takers[i % takers.length];
        await place(world, maker, order(chain, maker.address, 1, 1n, 3000n));
        fills += await place(world, taker, order(chain, taker.address, 0, 1n, 3000n));
        if (i % 4 === 0) lags.push(lagOf(await world.services.metrics.metrics()));
        await sleep(100);
      }
      const blocksTraded = Number((await chain.publicClient.getBlockNumber()) - startBlock);
      const stopped = Date.now();
      while (!settler.idle && Date.now() - stopped < 6 * BLOCK_MS) await sleep(100);
      const drainMs = Date.now() - stopped;

      const batches = settler.list();
      const maxLag = Math.max(...lags);
      const report = `${fills} fills over ${blocksTraded} blocks in ${batches.length} batches; max lag ${maxLag} s; drained in ${drainMs} ms`;
      assert.ok(fills >= 3 * TRADING_BLOCKS, `too few fills to measure: ${report}`);
      assert.ok(settler.idle, `not drained after 6 blocks: ${report}`);
      assert.ok(drainMs <= 3 * BLOCK_MS + 1_000, `the backlog took more than 3 blocks to drain: ${report}`);
      assert.ok(maxLag <= (3 * BLOCK_MS) / 1000 + 1, `the lag exceeded 3 blocks: ${report}`);
      assert.ok(
        batches.length < blocksTraded * (BLOCK_MS / 250),
        `queued fills merged into fewer batches than the clock closes: ${report}`,
      );
      assert.ok(batches.every((b) => b.state === "final"));
      assert.deepEqual(world.services.trading.ledgerView.ledger.pendingFillIds(), []);
    } finally {
      await chain.rpc("evm_setIntervalMining", [0]).catch(() => undefined);
      await chain.rpc("evm_setAutomine", [true]).catch(() => undefined);
      await world.close();
    }
  });
});
