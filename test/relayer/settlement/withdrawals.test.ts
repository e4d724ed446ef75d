/**
 * Withdrawals in sequence with trades: a withdrawal-requested record whose signed withdrawal the source holds is
 * executed on-chain by the settler (withdrawal-settled), one the contract would refuse fails (withdrawal-failed),
 * and afterwards the chain's balances equal the ledger's.
 */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Address } from "viem";
import { withdrawalTypedData, type Withdrawal } from "../../../protocol/index.js";
import type { SignedWithdrawal } from "../../../relayer/settlement/index.js";
import { deployChain, differences, fund, openWorld, order, place, settleAll, trader } from "./fixtures.js";

describe("Settler withdrawals", function () {
  this.timeout(60_000);

  it("executes a requested withdrawal after the fills before it, and fails one the contract refuses", async () => {
    const chain = await deployChain();
    const signed = new Map<string, SignedWithdrawal>();
    const world = await openWorld(chain, { withdrawals: { get: async (id) => signed.get(id) } });
    try {
      const [a, b] = [trader(0), trader(1)];
      await fund(world, [a.address, b.address], 10n ** 18n, 10_000n * 10n ** 6n);
      await place(world, a, order(chain, a.address, 1, 100n, 3000n));
      await place(world, b, order(chain, b.address, 0, 100n, 3000n)); // a sells 0.1 WETH to b
      const request = async (id: string, who: typeof a, token: Address, amount: bigint, extra: Partial<Withdrawal> = {}) => {
        const w: Withdrawal = { account: who.address, token, amount, recipient: who.address, nonce: 1n, expiry: 0n, ...extra };
        signed.set(id, { withdrawal: w, signature: await who.signTypedData(withdrawalTypedData(chain.domain, w)) });
        const ack = await world.services.trading.submitLedger({ type: "withdrawal-requested", withdrawalId: id, account: who.address, token, amount });
        assert.equal(ack.rejection, null);
      };
      await request("w-a", a, chain.usdc.address, 500n * 10n ** 6n);
      const past = (await chain.publicClient.getBlock()).timestamp - 1n;
      await request("w-b", b, chain.weth.address, 10n ** 17n, { expiry: past });

      await settleAll(world);
      const ledger = world.services.trading.ledgerView.ledger;
      assert.deepEqual(ledger.openWithdrawalIds(), []);
      assert.deepEqual(ledger.pendingFillIds(), []);
      assert.equal(await chain.usdc.read.balanceOf([a.address]), 500n * 10n ** 6n, "the tokens reached the recipient");
      assert.equal(await chain.weth.read.balanceOf([b.address]), 0n);
      assert.equal(ledger.balance(b.address, chain.weth.address).withdrawing, 0n);
      assert.equal(world.services.settler!.withdrawals!.get("w-a")!.state, "final");
      assert.equal(world.services.settler!.withdrawals!.get("w-b")!.state, "failed");
      assert.match(world.services.settler!.withdrawals!.get("w-b")!.reason!, /^WithdrawalExpired\(/);
      assert.ok(world.alerts.some((x) => x.kind === "withdrawal-failed" && x.withdrawalId === "w-b"));
      assert.deepEqual(await differences(world, [a.address, b.address, chain.feeRecipient.account.address]), []);
    } finally {
      await world.close();
    }
  });
});
