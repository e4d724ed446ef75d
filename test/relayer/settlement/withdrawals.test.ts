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
      const request = async (
        id: string,
        who: typeof a,
        token: Address,
        amount: bigint,
        extra: Partial<Withdrawal> = {},
      ) => {
        const w: Withdrawal = {
          account: who.address,
          token,
          amount,
          recipient: who.address,
          nonce: 1n,
          expiry: 0n,
          ...extra,
        };
        signed.set(id, { withdrawal: w, signature: await who.signTypedData(withdrawalTypedData(chain.domain, w)) });
        const ack = await world.services.trading.submitLedger({
          type: "withdrawal-requested",
          withdrawalId: id,
          account: who.address,
          token,
          amount,
        });
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

  it("replaces a withdrawal transaction that is not mined with higher fees, stored before it is sent, and settles whichever lands", async () => {
    const chain = await deployChain();
    const signed = new Map<string, SignedWithdrawal>();
    let now = 1_000_000;
    const world = await openWorld(chain, { withdrawals: { get: async (id) => signed.get(id) }, now: () => now });
    try {
      const a = trader(0);
      await fund(world, [a.address], 10n ** 18n, 10_000n * 10n ** 6n);
      const w: Withdrawal = {
        account: a.address,
        token: chain.usdc.address,
        amount: 500n * 10n ** 6n,
        recipient: a.address,
        nonce: 1n,
        expiry: 0n,
      };
      signed.set("w-a", { withdrawal: w, signature: await a.signTypedData(withdrawalTypedData(chain.domain, w)) });
      assert.equal(
        (
          await world.services.trading.submitLedger({
            type: "withdrawal-requested",
            withdrawalId: "w-a",
            account: a.address,
            token: w.token,
            amount: w.amount,
          })
        ).rejection,
        null,
      );
      const settler = world.services.settler!;
      await chain.rpc("evm_setAutomine", [false]);
      await settler.step();
      assert.equal(settler.withdrawals!.get("w-a")!.state, "submitted");
      await settler.step(); // not stuck yet: nothing new
      assert.equal(settler.withdrawals!.get("w-a")!.txs.length, 1);
      now += 30_000;
      await settler.step();
      const [first, second] = settler.withdrawals!.get("w-a")!.txs;
      assert.ok(second !== undefined, "a replacement was stored");
      assert.equal(second.nonce, first.nonce);
      assert.ok(BigInt(second.maxFeePerGas) >= (BigInt(first.maxFeePerGas) * 1125n) / 1000n);
      await chain.rpc("evm_mine");
      await chain.rpc("evm_setAutomine", [true]);
      await settleAll(world);
      assert.equal(settler.withdrawals!.get("w-a")!.state, "final");
      assert.deepEqual(world.services.trading.ledgerView.ledger.openWithdrawalIds(), []);
      assert.equal(
        await chain.usdc.read.balanceOf([a.address]),
        500n * 10n ** 6n,
        "the tokens reached the recipient once",
      );
    } finally {
      await chain.rpc("evm_setAutomine", [true]);
      await world.close();
    }
  });
});
