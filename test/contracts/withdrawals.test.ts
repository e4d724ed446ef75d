// Signed withdrawals (Exchange.withdraw), executed by the operator: every check, in the order the contract makes them.
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { Hex } from "viem";
import { hashWithdrawal, type Withdrawal } from "../../protocol/index.js";
import { deployExchange, ONE_USDC, type ExchangeFixture } from "./fixture.js";
import { expectError } from "./expect-error.js";

const connection = await network.create();
const { networkHelpers } = connection;

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const DEPOSIT = 1000n * ONE_USDC;

type Wallet = ExchangeFixture["traders"][number];

describe("Exchange.withdraw", () => {
  const fixture = () => deployExchange(connection);
  let f: ExchangeFixture;
  let alice: Wallet;
  let bob: Wallet;
  let mallory: Wallet;

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    [alice, bob, mallory] = f.traders;
    await f.fund(alice, f.usdc, DEPOSIT);
  });

  /** Alice's withdrawal of `amount` USDC to bob. */
  function aliceToBob(amount: bigint, fields: Partial<Withdrawal> = {}): Withdrawal {
    return f.withdrawal(alice.account.address, f.usdc, amount, { recipient: bob.account.address, ...fields });
  }

  /** Executes `w`, signed by `signer` (alice unless said otherwise), as the operator. */
  async function execute(w: Withdrawal, signer: Wallet = alice): Promise<Hex> {
    return f.asOperator.write.withdraw([w, await f.signWithdrawal(signer, w)]);
  }

  describe("called by the operator", () => {
    it("sends the tokens to the recipient and debits the account's internal balance", async () => {
      await execute(aliceToBob(400n * ONE_USDC));

      assert.equal(await f.usdc.read.balanceOf([bob.account.address]), 400n * ONE_USDC);
      assert.equal(await f.balanceOf(alice, f.usdc), DEPOSIT - 400n * ONE_USDC);
      assert.equal(await f.balanceOf(bob, f.usdc), 0n);
      assert.equal(await f.usdc.read.balanceOf([f.exchange.address]), DEPOSIT - 400n * ONE_USDC);
    });

    it("withdraws the whole internal balance", async () => {
      await execute(aliceToBob(DEPOSIT));

      assert.equal(await f.balanceOf(alice, f.usdc), 0n);
      assert.equal(await f.usdc.read.balanceOf([bob.account.address]), DEPOSIT);
    });

    it("emits Withdrawn with the hash that protocol/'s hashWithdrawal computes", async () => {
      const w = aliceToBob(400n * ONE_USDC, { nonce: 42n, expiry: 2n ** 40n - 1n });
      const hash = hashWithdrawal(f.domain, w);

      await f.viem.assertions.emitWithArgs(execute(w), f.exchange, "Withdrawn", [
        alice.account.address,
        f.usdc.address,
        400n * ONE_USDC,
        bob.account.address,
        hash,
      ]);
    });

    it("hashes a withdrawal on-chain exactly as protocol/ does", async () => {
      const w = aliceToBob(123n, { nonce: 2n ** 64n - 1n, expiry: 1_700_000_000n });

      assert.equal(await f.exchange.read.hashWithdrawal([w]), hashWithdrawal(f.domain, w));
      assert.equal(f.withdrawalHash(w), hashWithdrawal(f.domain, w));
    });

    it("marks the withdrawal executed, and only that one", async () => {
      const w = aliceToBob(400n * ONE_USDC);
      const other = aliceToBob(400n * ONE_USDC, { nonce: 2n });
      assert.equal(await f.exchange.read.isWithdrawalExecuted([f.withdrawalHash(w)]), false);

      await execute(w);

      assert.equal(await f.exchange.read.isWithdrawalExecuted([f.withdrawalHash(w)]), true);
      assert.equal(await f.exchange.read.isWithdrawalExecuted([f.withdrawalHash(other)]), false);
    });

    it("executes two otherwise equal withdrawals that differ by nonce", async () => {
      await execute(aliceToBob(300n * ONE_USDC, { nonce: 1n }));
      await execute(aliceToBob(300n * ONE_USDC, { nonce: 2n }));

      assert.equal(await f.balanceOf(alice, f.usdc), DEPOSIT - 600n * ONE_USDC);
      assert.equal(await f.usdc.read.balanceOf([bob.account.address]), 600n * ONE_USDC);
    });
    it("executes one second before the expiry", async () => {
      const expiry = BigInt(await networkHelpers.time.latest()) + 100n;
      const w = aliceToBob(400n * ONE_USDC, { expiry });
      const signature = await f.signWithdrawal(alice, w);
      await networkHelpers.time.setNextBlockTimestamp(expiry - 1n);

      await f.asOperator.write.withdraw([w, signature]);

      assert.equal(await f.usdc.read.balanceOf([bob.account.address]), 400n * ONE_USDC);
      assert.equal(await f.exchange.read.isWithdrawalExecuted([f.withdrawalHash(w)]), true);
    });

    it("executes a withdrawal without expiry (0) at any time", async () => {
      const w = aliceToBob(400n * ONE_USDC, { expiry: 0n });
      await networkHelpers.time.increase(10n * 365n * 24n * 3600n);

      await execute(w);

      assert.equal(await f.usdc.read.balanceOf([bob.account.address]), 400n * ONE_USDC);
    });
  });

  describe("reverts", () => {
    it("with ZeroAmount for a withdrawal of nothing", async () => {
      await expectError(execute(aliceToBob(0n)), f.exchange, "ZeroAmount", []);
    });

    it("with ZeroAddress when the recipient is the zero address", async () => {
      await expectError(
        execute(aliceToBob(400n * ONE_USDC, { recipient: ZERO_ADDRESS })),
        f.exchange,
        "ZeroAddress",
        [],
      );
      assert.equal(await f.balanceOf(alice, f.usdc), DEPOSIT);
    });

    it("with WithdrawalExpired at exactly the expiry timestamp", async () => {
      const expiry = BigInt(await networkHelpers.time.latest()) + 100n;
      const w = aliceToBob(400n * ONE_USDC, { expiry });
      const signature = await f.signWithdrawal(alice, w);
      await networkHelpers.time.setNextBlockTimestamp(expiry);

      await expectError(f.asOperator.write.withdraw([w, signature]), f.exchange, "WithdrawalExpired", [
        f.withdrawalHash(w),
        Number(expiry),
      ]);
      assert.equal(await f.balanceOf(alice, f.usdc), DEPOSIT);
    });

    it("with WithdrawalExpired after the expiry", async () => {
      const expiry = BigInt(await networkHelpers.time.latest()) + 100n;
      const w = aliceToBob(400n * ONE_USDC, { expiry });
      await networkHelpers.time.increaseTo(expiry + 3600n);

      await expectError(execute(w), f.exchange, "WithdrawalExpired", [f.withdrawalHash(w), Number(expiry)]);
    });

    it("with WithdrawalAlreadyExecuted when the same signed withdrawal is replayed", async () => {
      const w = aliceToBob(400n * ONE_USDC);
      const signature = await f.signWithdrawal(alice, w);
      await f.asOperator.write.withdraw([w, signature]);

      await expectError(f.asOperator.write.withdraw([w, signature]), f.exchange, "WithdrawalAlreadyExecuted", [
        f.withdrawalHash(w),
      ]);
      assert.equal(await f.balanceOf(alice, f.usdc), DEPOSIT - 400n * ONE_USDC);
      assert.equal(await f.usdc.read.balanceOf([bob.account.address]), 400n * ONE_USDC);
    });

    it("with InvalidWithdrawalSignature when someone other than the account signed it", async () => {
      const w = aliceToBob(400n * ONE_USDC, { recipient: mallory.account.address });

      await expectError(execute(w, mallory), f.exchange, "InvalidWithdrawalSignature", [
        f.withdrawalHash(w),
        alice.account.address,
      ]);
      assert.equal(await f.balanceOf(alice, f.usdc), DEPOSIT);
      assert.equal(await f.usdc.read.balanceOf([mallory.account.address]), 0n);
    });

    it("with InvalidWithdrawalSignature when the signed withdrawal is altered (another recipient)", async () => {
      const signed = aliceToBob(400n * ONE_USDC);
      const altered = { ...signed, recipient: mallory.account.address };

      await expectError(
        f.asOperator.write.withdraw([altered, await f.signWithdrawal(alice, signed)]),
        f.exchange,
        "InvalidWithdrawalSignature",
        [f.withdrawalHash(altered), alice.account.address],
      );
    });

    it("with InsufficientBalance, naming the balance and the amount needed, when the account holds too little", async () => {
      await expectError(execute(aliceToBob(DEPOSIT + 1n)), f.exchange, "InsufficientBalance", [
        alice.account.address,
        f.usdc.address,
        DEPOSIT,
        DEPOSIT + 1n,
      ]);
      assert.equal(await f.exchange.read.isWithdrawalExecuted([f.withdrawalHash(aliceToBob(DEPOSIT + 1n))]), false);
    });

    it("with InsufficientBalance for a token the account never deposited", async () => {
      const w = f.withdrawal(alice.account.address, f.weth, 1n);

      await expectError(execute(w), f.exchange, "InsufficientBalance", [alice.account.address, f.weth.address, 0n, 1n]);
    });

    it("with AccessControlUnauthorizedAccount when the caller is not the operator, even the account itself", async () => {
      const w = aliceToBob(400n * ONE_USDC);
      const signature = await f.signWithdrawal(alice, w);
      const operatorRole = await f.exchange.read.OPERATOR_ROLE();

      for (const caller of [alice, f.admin]) {
        await expectError(
          f.exchange.write.withdraw([w, signature], { account: caller.account }),
          f.exchange,
          "AccessControlUnauthorizedAccount",
          [caller.account.address, operatorRole],
        );
      }
      assert.equal(await f.balanceOf(alice, f.usdc), DEPOSIT);
    });

    it("with EnforcedPause while the exchange is paused, and executes after unpause", async () => {
      const w = aliceToBob(400n * ONE_USDC);
      const signature = await f.signWithdrawal(alice, w);
      await f.exchange.write.pause([], { account: f.admin.account });

      await expectError(f.asOperator.write.withdraw([w, signature]), f.exchange, "EnforcedPause", []);

      await f.exchange.write.unpause([], { account: f.admin.account });
      await f.asOperator.write.withdraw([w, signature]);
      assert.equal(await f.usdc.read.balanceOf([bob.account.address]), 400n * ONE_USDC);
    });
  });
});
