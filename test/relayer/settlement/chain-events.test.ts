/**
 * What the chain does to a sent batch: a reorg that drops its block (the settler sends it again: same batch id, so it
 * can only settle once), a transaction stuck in the mempool (replaced with the same nonce and higher fees), and a
 * restart with a sent transaction that is not in a block yet (the stored bytes are broadcast again).
 */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Address } from "viem";
import {
  deployChain,
  differences,
  fund,
  openWorld,
  order,
  place,
  settleAll,
  trader,
  type Chain,
  type World,
} from "./fixtures.js";

async function twoFills(world: World): Promise<Address[]> {
  const [a, b, c] = [trader(0), trader(1), trader(2)];
  await fund(world, [a.address, b.address, c.address], 10n ** 18n, 10_000n * 10n ** 6n);
  await place(world, a, order(world.chain, a.address, 1, 50n, 3000n));
  await place(world, b, order(world.chain, b.address, 0, 20n, 3001n));
  await place(world, c, order(world.chain, c.address, 0, 10n, 3002n));
  return [a.address, b.address, c.address, world.chain.feeRecipient.account.address];
}

async function settledBatchEvents(chain: Chain): Promise<bigint[]> {
  const logs = await chain.exchange.getEvents.BatchSettled({}, { fromBlock: 0n });
  return logs.map((l) => (l.args as { batchId: bigint }).batchId);
}

describe("Settler and the chain", function () {
  this.timeout(120_000);

  it("sends a batch again when a reorg drops the block that included it, and it settles once", async () => {
    const chain = await deployChain();
    const world = await openWorld(chain, { confirmations: 3 });
    try {
      const accounts = await twoFills(world);
      const snapshot = await chain.rpc<string>("evm_snapshot");
      const settler = world.services.settler!;
      await settler.step({ flush: true });
      const [batch] = settler.list();
      assert.equal(batch.state, "included");
      const firstBlock = batch.inclusion!.blockHash;

      await chain.rpc("evm_revert", [snapshot]); // the block with the batch is gone
      assert.equal(await chain.exchange.read.isBatchSettled([1n]), false);
      await settleAll(world);

      const [after] = settler.list();
      assert.equal(after.state, "final");
      assert.notEqual(after.inclusion!.blockHash, firstBlock);
      assert.ok(
        world.alerts.some((a) => a.kind === "batch-reorged" && a.batchId === "1"),
        JSON.stringify(world.alerts),
      );
      assert.deepEqual(
        world.states.filter((s) => s.batchId === "1").map((s) => s.state),
        ["matched", "submitted", "included", "matched", "submitted", "included", "final"],
      );
      assert.deepEqual(await settledBatchEvents(chain), [1n]);
      assert.deepEqual(world.services.trading.ledgerView.ledger.pendingFillIds(), []);
      assert.deepEqual(await differences(world, accounts), []);
      assert.match(await world.services.metrics.metrics(), /relayer_settlement_reorged_batches_total 1/);
    } finally {
      await world.close();
    }
  });

  it("replaces a transaction stuck in the mempool with the same nonce and fees at least 10 % higher", async () => {
    const chain = await deployChain();
    let now = 1_000_000;
    const world = await openWorld(chain, { now: () => now, stuckAfterMs: 10_000 });
    try {
      const accounts = await twoFills(world);
      await chain.rpc("evm_setAutomine", [false]);
      const settler = world.services.settler!;
      await settler.step({ flush: true });
      assert.equal(settler.list()[0].state, "submitted");
      now += 9_999;
      await settler.step();
      assert.equal(settler.list()[0].txs.length, 1, "not stuck yet");
      now += 1;
      await settler.step();
      const [batch] = settler.list();
      assert.equal(batch.txs.length, 2);
      const [stuck, replacement] = batch.txs;
      assert.equal(replacement.nonce, stuck.nonce);
      assert.ok(BigInt(replacement.maxFeePerGas) * 10n >= BigInt(stuck.maxFeePerGas) * 11n);
      assert.ok(BigInt(replacement.maxPriorityFeePerGas) * 10n >= BigInt(stuck.maxPriorityFeePerGas) * 11n);

      await chain.rpc("evm_mine");
      await settler.step();
      assert.equal(settler.list()[0].state, "final");
      assert.equal(settler.list()[0].inclusion!.txHash, replacement.hash);
      assert.deepEqual(await settledBatchEvents(chain), [1n]);
      assert.deepEqual(await differences(world, accounts), []);
    } finally {
      await chain.rpc("evm_setAutomine", [true]);
      await world.close();
    }
  });

  it("replaces a transaction priced out of the blocks mined since it was sent, after stuckAfterBlocks blocks", async () => {
    const chain = await deployChain();
    const world = await openWorld(chain, { stuckAfterBlocks: 2, stuckAfterMs: 3_600_000 });
    try {
      const accounts = await twoFills(world);
      await chain.rpc("evm_setAutomine", [false]);
      const settler = world.services.settler!;
      await settler.step({ flush: true });
      const [stuck] = settler.list()[0].txs;
      // The base fee jumps above what the transaction pays: the next blocks are mined without it.
      const high = BigInt(stuck.maxFeePerGas) * 3n;
      for (let i = 0; i < 2; i++) {
        await chain.rpc("hardhat_setNextBlockBaseFeePerGas", [`0x${high.toString(16)}`]);
        await chain.rpc("evm_mine");
      }
      assert.equal(settler.list()[0].state, "submitted");
      await chain.rpc("hardhat_setNextBlockBaseFeePerGas", [`0x${high.toString(16)}`]);
      await settler.step();
      const [, replacement] = settler.list()[0].txs;
      assert.ok(replacement !== undefined, "replaced after 2 blocks");
      assert.equal(replacement.nonce, stuck.nonce);
      assert.ok(BigInt(replacement.maxFeePerGas) >= high, "pays today's base fee");
      await chain.rpc("evm_mine");
      await settler.step();
      assert.equal(settler.list()[0].state, "final");
      assert.equal(settler.list()[0].inclusion!.txHash, replacement.hash);
      assert.deepEqual(await differences(world, accounts), []);
    } finally {
      await chain.rpc("evm_setAutomine", [true]);
      await world.close();
    }
  });

  it("after a restart, broadcasts the stored bytes of a sent batch that is in no block, and finishes it", async () => {
    const chain = await deployChain();
    const world = await openWorld(chain);
    try {
      const accounts = await twoFills(world);
      await chain.rpc("evm_setAutomine", [false]);
      await world.services.settler!.step({ flush: true });
      const [sent] = world.services.settler!.list();
      assert.equal(sent.state, "submitted");
      // The node forgets the pending transaction (as after a crash of ours before it propagated, or a node restart).
      await chain.rpc("hardhat_dropTransaction", [sent.txs[0].hash]);
      await world.restart();
      await world.services.settler!.step();
      await chain.rpc("evm_mine");
      await settleAll(world);
      const [batch] = world.services.settler!.list();
      assert.equal(batch.state, "final");
      assert.equal(batch.txs.length, 1);
      assert.equal(batch.inclusion!.txHash, sent.txs[0].hash);
      assert.deepEqual(await differences(world, accounts), []);
    } finally {
      await chain.rpc("evm_setAutomine", [true]);
      await world.close();
    }
  });
});
