/**
 * The settlement pipeline end to end on a real Hardhat chain with real LevelDB: traders place signed orders through
 * the relayer, the settler batches the fills and settles them on-chain, and the ledger learns the outcome through
 * the log. Afterwards every on-chain internal balance equals the ledger's and every fill settled exactly once.
 */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Address } from "viem";
import { ApiError } from "../../../relayer/errors/index.js";
import { deployChain, differences, fund, openWorld, order, place, settleAll, trader, type World } from "./fixtures.js";

/** A small deterministic generator (no Math.random in tests). */
function lcg(seed: number) {
  let x = seed >>> 0;
  return (n: number) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return (x >>> 16) % n; // the high bits: an LCG's low bits cycle quickly
  };
}

async function trade(
  world: World,
  traders: ReturnType<typeof trader>[],
  orders: number,
  seed: number,
): Promise<number> {
  const next = lcg(seed);
  let fills = 0;
  for (let i = 0; i < orders; i++) {
    const who = traders[next(traders.length)];
    const side = next(2) as 0 | 1;
    const price = 2990n + BigInt(next(21));
    const lots = 1n + BigInt(next(30));
    try {
      fills += await place(world, who, order(world.chain, who.address, side, lots, price));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error; // a refused order (funds, self-trade…) is part of trading
    }
  }
  return fills;
}

describe("Settler", function () {
  this.timeout(120_000);

  it("settles every fill of many traders on-chain exactly once, and the chain's balances equal the ledger's", async () => {
    const chain = await deployChain();
    const world = await openWorld(chain, { policies: { 1: { maxFills: 7 } }, confirmations: 2 });
    try {
      const traders = Array.from({ length: 8 }, (_, i) => trader(i));
      const accounts: Address[] = traders.map((t) => t.address);
      await fund(world, accounts, 10n * 10n ** 18n, 50_000n * 10n ** 6n);
      const fills = await trade(world, traders, 120, 7);
      assert.ok(fills >= 20, `only ${fills} fills`);

      await settleAll(world);
      const settler = world.services.settler!;
      const batches = settler.list();
      assert.ok(batches.length >= 3, "several batches");
      assert.ok(
        batches.every((b) => b.state === "final"),
        JSON.stringify(batches.map((b) => b.state)),
      );
      assert.ok(batches.every((b) => b.fills.length <= 7));
      const settled = batches.flatMap((b) => b.fills.map((f) => f.fillId)).sort((a, b) => a - b);
      assert.deepEqual(
        settled,
        Array.from({ length: fills }, (_, i) => i + 1),
        "each fill in exactly one batch",
      );
      for (const b of batches) assert.equal(await chain.exchange.read.isBatchSettled([BigInt(b.id)]), true);
      assert.deepEqual(world.services.trading.ledgerView.ledger.pendingFillIds(), []);
      assert.deepEqual(await differences(world, [...accounts, chain.feeRecipient.account.address]), []);
      assert.deepEqual(world.alerts, []);
      const finals = world.states.filter((s) => s.state === "final").map((s) => s.batchId);
      assert.deepEqual(
        finals,
        batches.map((b) => b.id),
        "one final notification per batch",
      );
    } finally {
      await world.close();
    }
  });

  it("isolates a fill whose order expired before settlement, cancels that order, and settles the honest fills", async () => {
    const chain = await deployChain();
    const world = await openWorld(chain);
    try {
      const [maker, honestTaker, lateTaker] = [trader(0), trader(1), trader(2)];
      await fund(world, [maker.address, honestTaker.address, lateTaker.address], 10n ** 18n, 10_000n * 10n ** 6n);
      const latest = await chain.publicClient.getBlock();
      const expiry = latest.timestamp + 3_600n;
      await place(world, maker, order(chain, maker.address, 1, 100n, 3000n)); // rests: 100 lots for sale
      assert.equal(await place(world, honestTaker, order(chain, honestTaker.address, 0, 10n, 3000n)), 1);
      assert.equal(
        await place(world, lateTaker, order(chain, lateTaker.address, 0, 10n, 3000n, { expiry, timeInForce: 0 })),
        1,
      );
      assert.equal(await place(world, honestTaker, order(chain, honestTaker.address, 0, 5n, 3000n)), 1);
      // The chain's clock passes the late taker's expiry before the batch goes out: its fill would revert the batch.
      await chain.rpc("evm_setNextBlockTimestamp", [Number(expiry + 10n)]);
      await chain.rpc("evm_mine");

      await settleAll(world);
      const [batch] = world.services.settler!.list();
      assert.equal(batch.state, "final");
      assert.deepEqual(
        batch.fills.map((f) => f.fillId),
        [1, 3],
      );
      assert.deepEqual(
        batch.isolated.map((f) => f.fillId),
        [2],
      );
      assert.match(batch.isolated[0].reason, /^OrderExpired\(/);
      assert.deepEqual(world.services.settler!.fillState(2), { state: "isolated", batchId: "1", txHash: null });
      const [alert] = world.alerts;
      assert.equal(world.alerts.length, 1);
      assert.equal(alert.kind, "fill-isolated");
      assert.equal(alert.kind === "fill-isolated" && alert.fillId, 2);
      assert.notEqual(
        alert.kind === "fill-isolated" && alert.cancelledOrder,
        null,
        "the expired order is taken out of the book",
      );
      const ledger = world.services.trading.ledgerView.ledger;
      assert.deepEqual(ledger.pendingFillIds(), []);
      assert.deepEqual(
        await differences(world, [
          maker.address,
          honestTaker.address,
          lateTaker.address,
          chain.feeRecipient.account.address,
        ]),
        [],
      );
      const metrics = await world.services.metrics.metrics();
      assert.match(metrics, /relayer_settlement_isolated_fills_total 1/);
    } finally {
      await world.close();
    }
  });

  it("reconciles on-chain balances with the ledger, and reports a deposit the ledger never credited", async () => {
    const chain = await deployChain();
    const world = await openWorld(chain);
    try {
      const [a, b] = [trader(0), trader(1)];
      await fund(world, [a.address, b.address], 10n ** 18n, 10_000n * 10n ** 6n);
      await place(world, a, order(chain, a.address, 1, 10n, 3000n));
      await place(world, b, order(chain, b.address, 0, 10n, 3000n));
      await settleAll(world);
      const settler = world.services.settler!;
      assert.deepEqual(await settler.reconcile(), []);

      await chain.usdc.write.mint([chain.admin.account.address, 5n]);
      await chain.usdc.write.approve([chain.exchange.address, 5n]);
      await chain.exchange.write.depositTo([chain.usdc.address, 5n, a.address]); // on-chain only
      const differences = await settler.reconcile();
      assert.equal(differences?.length, 1);
      assert.equal(differences![0].account.toLowerCase(), a.address.toLowerCase());
      assert.equal(differences![0].onChain - differences![0].ledger, 5n);
      assert.ok(world.alerts.some((x) => x.kind === "reconciliation-difference"));
      assert.match(await world.services.metrics.metrics(), /relayer_settlement_reconciliation_differences 1/);
    } finally {
      await world.close();
    }
  });

  it("reverts in the ledger the fills the contract skipped (an account that requested exit) and settles the others", async () => {
    const chain = await deployChain();
    const world = await openWorld(chain);
    try {
      const [a, b, c] = [trader(0), trader(1), trader(2)];
      await fund(world, [a.address, b.address, c.address], 10n ** 18n, 10_000n * 10n ** 6n);
      await place(world, a, order(chain, a.address, 1, 20n, 3000n));
      await place(world, b, order(chain, b.address, 0, 10n, 3000n));
      await place(world, c, order(chain, c.address, 0, 10n, 3000n));
      // c leaves through the escape hatch after matching: the contract skips its fill instead of reverting the batch.
      await chain.rpc("hardhat_setBalance", [c.address, "0xde0b6b3a7640000"]);
      await chain.rpc("hardhat_impersonateAccount", [c.address]);
      await chain.exchange.write.requestExit([], { account: c.address });

      await settleAll(world);
      const [batch] = world.services.settler!.list();
      assert.equal(batch.state, "final");
      assert.deepEqual(batch.skipped, [2]);
      assert.deepEqual(world.services.settler!.fillState(2), {
        state: "skipped",
        batchId: "1",
        txHash: batch.inclusion!.txHash,
      });
      assert.deepEqual(world.services.settler!.fillState(1), {
        state: "final",
        batchId: "1",
        txHash: batch.inclusion!.txHash,
      });
      const ledger = world.services.trading.ledgerView.ledger;
      assert.deepEqual(ledger.pendingFillIds(), []);
      assert.equal(ledger.balance(c.address, chain.weth.address).deposited, 10n ** 18n, "c received nothing");
      assert.deepEqual(
        await differences(world, [a.address, b.address, c.address, chain.feeRecipient.account.address]),
        [],
      );
    } finally {
      await world.close();
    }
  });
});
