/**
 * Reconciliation compares what is final on both sides: the ledger's settled balances and the chain at the newest
 * block with N confirmations. A withdrawal executed on-chain but not yet final in the ledger is no difference; a
 * deposit final on-chain that the ledger never credited still is. Real in-process Hardhat chain, real settler.
 */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { withdrawalTypedData, type Withdrawal } from "../../../protocol/index.js";
import type { SignedWithdrawal } from "../../../relayer/settlement/index.js";
import { deployChain, fund, openWorld, trader } from "./fixtures.js";

describe("relayer/settlement/reconciler: final against final", function () {
  this.timeout(60_000);

  it("reports no difference for a withdrawal executed on-chain and not yet final in the ledger, at any depth, and one for an uncredited deposit once it is final", async () => {
    const chain = await deployChain();
    const signed = new Map<string, SignedWithdrawal>();
    const world = await openWorld(chain, { confirmations: 2, withdrawals: { get: async (id) => signed.get(id) } });
    try {
      const a = trader(0);
      await fund(world, [a.address], 10n ** 18n, 10_000n * 10n ** 6n);
      await chain.rpc("evm_mine"); // the deposits final, as the watcher credits them (the fixture credits at once)
      const settler = world.services.settler!;
      assert.deepEqual(await settler.reconcile(), []);

      const w: Withdrawal = {
        account: a.address,
        token: chain.usdc.address,
        amount: 500n * 10n ** 6n,
        recipient: a.address,
        nonce: 1n,
        expiry: 0n,
      };
      signed.set("w-a", { withdrawal: w, signature: await a.signTypedData(withdrawalTypedData(chain.domain, w)) });
      const ack = await world.services.trading.submitLedger({
        type: "withdrawal-requested",
        withdrawalId: "w-a",
        account: a.address,
        token: w.token,
        amount: w.amount,
      });
      assert.equal(ack.rejection, null);

      await settler.step({ flush: true }); // sent and mined (automine): in a block, one confirmation of two
      assert.equal(settler.withdrawals!.get("w-a")!.state, "included");
      assert.deepEqual(world.services.trading.ledgerView.ledger.openWithdrawalIds(), ["w-a"]);
      assert.deepEqual(await settler.reconcile(), [], "executed on-chain, not final: no difference");

      await chain.rpc("evm_mine"); // final on-chain; the settler has not recorded withdrawal-settled yet
      assert.deepEqual(await settler.reconcile(), [], "final on-chain, withdrawal-settled on its way: no difference");

      await settler.step();
      assert.equal(settler.withdrawals!.get("w-a")!.state, "final");
      assert.deepEqual(world.services.trading.ledgerView.ledger.openWithdrawalIds(), []);
      assert.deepEqual(await settler.reconcile(), []);
      assert.ok(
        !world.alerts.some((x) => x.kind === "reconciliation-difference"),
        JSON.stringify(world.alerts, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
      );

      await chain.usdc.write.mint([chain.admin.account.address, 5n]);
      await chain.usdc.write.approve([chain.exchange.address, 5n]);
      await chain.exchange.write.depositTo([chain.usdc.address, 5n, a.address]); // on-chain only
      await chain.rpc("evm_mine");
      const differences = await settler.reconcile();
      assert.equal(differences?.length, 1);
      assert.equal(differences![0].onChain - differences![0].ledger, 5n);
      assert.ok(world.alerts.some((x) => x.kind === "reconciliation-difference"));
    } finally {
      await world.close();
    }
  });
});
