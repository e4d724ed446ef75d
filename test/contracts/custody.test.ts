// Custody: deposits, internal balances and the escape hatch (exitWithdraw), against a real Hardhat chain.
import assert from "node:assert/strict";
import { network } from "hardhat";
import { deployExchange, EXIT_DELAY, ONE_USDC, ONE_WETH, type ExchangeFixture } from "./fixture.js";
import { expectError } from "./expect-error.js";

const connection = await network.create();
const { networkHelpers } = connection;

/** The largest internal balance an account may hold in one token. */
const MAX_BALANCE = 2n ** 128n - 1n;

type Wallet = ExchangeFixture["traders"][number];
type Token = ExchangeFixture["weth"];

describe("Exchange custody", () => {
  const fixture = () => deployExchange(connection);
  let f: ExchangeFixture;
  let alice: Wallet;
  let bob: Wallet;

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    [alice, bob] = f.traders;
  });

  /** Mints `amount` of `token` to `wallet` and approves the exchange for it, without depositing. */
  async function mintAndApprove(wallet: Wallet, token: Token, amount: bigint) {
    await token.write.mint([wallet.account.address, amount]);
    await token.write.approve([f.exchange.address, amount], { account: wallet.account });
  }

  function pause() {
    return f.exchange.write.pause([], { account: f.admin.account });
  }

  describe("deposit", () => {
    it("credits the caller's internal balance with the tokens it transfers in", async () => {
      await mintAndApprove(alice, f.usdc, 500n * ONE_USDC);

      await f.exchange.write.deposit([f.usdc.address, 500n * ONE_USDC], { account: alice.account });

      assert.equal(await f.balanceOf(alice, f.usdc), 500n * ONE_USDC);
      assert.equal(await f.usdc.read.balanceOf([alice.account.address]), 0n);
      assert.equal(await f.usdc.read.balanceOf([f.exchange.address]), 500n * ONE_USDC);
    });

    it("adds a second deposit to the first", async () => {
      await mintAndApprove(alice, f.usdc, 500n * ONE_USDC);
      await f.exchange.write.deposit([f.usdc.address, 200n * ONE_USDC], { account: alice.account });

      await f.exchange.write.deposit([f.usdc.address, 300n * ONE_USDC], { account: alice.account });

      assert.equal(await f.balanceOf(alice, f.usdc), 500n * ONE_USDC);
    });

    it("emits Deposited with the account, the token and the amount", async () => {
      await mintAndApprove(alice, f.weth, ONE_WETH);

      await f.viem.assertions.emitWithArgs(
        f.exchange.write.deposit([f.weth.address, ONE_WETH], { account: alice.account }),
        f.exchange,
        "Deposited",
        [alice.account.address, f.weth.address, ONE_WETH],
      );
    });

    it("reverts with ZeroAmount when depositing nothing", async () => {
      await expectError(
        f.exchange.write.deposit([f.weth.address, 0n], { account: alice.account }),
        f.exchange,
        "ZeroAmount",
        [],
      );
    });

    it("reverts with EnforcedPause while the exchange is paused, and credits nothing", async () => {
      await mintAndApprove(alice, f.weth, ONE_WETH);
      await pause();

      await expectError(
        f.exchange.write.deposit([f.weth.address, ONE_WETH], { account: alice.account }),
        f.exchange,
        "EnforcedPause",
        [],
      );
      assert.equal(await f.balanceOf(alice, f.weth), 0n);
      assert.equal(await f.weth.read.balanceOf([alice.account.address]), ONE_WETH);
    });

    it("accepts deposits again once the exchange is unpaused", async () => {
      await mintAndApprove(alice, f.weth, ONE_WETH);
      await pause();
      await f.exchange.write.unpause([], { account: f.admin.account });

      await f.exchange.write.deposit([f.weth.address, ONE_WETH], { account: alice.account });

      assert.equal(await f.balanceOf(alice, f.weth), ONE_WETH);
    });
  });

  describe("depositTo", () => {
    it("credits the named account, not the caller, with the caller's tokens", async () => {
      await mintAndApprove(alice, f.usdc, 100n * ONE_USDC);

      await f.exchange.write.depositTo([f.usdc.address, 100n * ONE_USDC, bob.account.address], {
        account: alice.account,
      });

      assert.equal(await f.balanceOf(bob, f.usdc), 100n * ONE_USDC);
      assert.equal(await f.balanceOf(alice, f.usdc), 0n);
      assert.equal(await f.usdc.read.balanceOf([alice.account.address]), 0n);
      assert.equal(await f.usdc.read.balanceOf([f.exchange.address]), 100n * ONE_USDC);
    });

    it("emits Deposited for the named account", async () => {
      await mintAndApprove(alice, f.usdc, 100n * ONE_USDC);

      await f.viem.assertions.emitWithArgs(
        f.exchange.write.depositTo([f.usdc.address, 100n * ONE_USDC, bob.account.address], { account: alice.account }),
        f.exchange,
        "Deposited",
        [bob.account.address, f.usdc.address, 100n * ONE_USDC],
      );
    });

    it("reverts with ZeroAddress when the named account is the zero address", async () => {
      await mintAndApprove(alice, f.usdc, 100n * ONE_USDC);

      await expectError(
        f.exchange.write.depositTo([f.usdc.address, 100n * ONE_USDC, "0x0000000000000000000000000000000000000000"], {
          account: alice.account,
        }),
        f.exchange,
        "ZeroAddress",
        [],
      );
    });

    it("reverts with ZeroAmount when depositing nothing to another account", async () => {
      await expectError(
        f.exchange.write.depositTo([f.usdc.address, 0n, bob.account.address], { account: alice.account }),
        f.exchange,
        "ZeroAmount",
        [],
      );
    });

    it("reverts with EnforcedPause while the exchange is paused", async () => {
      await mintAndApprove(alice, f.usdc, 100n * ONE_USDC);
      await pause();

      await expectError(
        f.exchange.write.depositTo([f.usdc.address, 100n * ONE_USDC, bob.account.address], { account: alice.account }),
        f.exchange,
        "EnforcedPause",
        [],
      );
    });
  });

  describe("balanceOf", () => {
    it("is zero for an account that never deposited", async () => {
      assert.equal(await f.exchange.read.balanceOf([alice.account.address, f.weth.address]), 0n);
    });

    it("keeps each account's balance per token apart", async () => {
      await f.fund(alice, f.weth, 2n * ONE_WETH);
      await f.fund(alice, f.usdc, 7n * ONE_USDC);
      await f.fund(bob, f.weth, ONE_WETH);

      assert.equal(await f.exchange.read.balanceOf([alice.account.address, f.weth.address]), 2n * ONE_WETH);
      assert.equal(await f.exchange.read.balanceOf([alice.account.address, f.usdc.address]), 7n * ONE_USDC);
      assert.equal(await f.exchange.read.balanceOf([bob.account.address, f.weth.address]), ONE_WETH);
      assert.equal(await f.exchange.read.balanceOf([bob.account.address, f.usdc.address]), 0n);
    });
  });

  describe("HoldingOverflow", () => {
    it("accepts a deposit that brings the exchange's holding, and a balance, to exactly 2^128 - 1", async () => {
      await mintAndApprove(alice, f.weth, MAX_BALANCE);

      await f.exchange.write.deposit([f.weth.address, MAX_BALANCE], { account: alice.account });

      assert.equal(await f.balanceOf(alice, f.weth), MAX_BALANCE);
    });

    it("reverts with HoldingOverflow when a single deposit takes the holding past 2^128 - 1", async () => {
      await mintAndApprove(alice, f.weth, MAX_BALANCE + 1n);

      await expectError(
        f.exchange.write.deposit([f.weth.address, MAX_BALANCE + 1n], { account: alice.account }),
        f.exchange,
        "HoldingOverflow",
        [f.weth.address, MAX_BALANCE + 1n],
      );
      assert.equal(await f.balanceOf(alice, f.weth), 0n);
      assert.equal(await f.weth.read.balanceOf([f.exchange.address]), 0n);
    });

    it("reverts with HoldingOverflow, naming the holding it would reach, when a deposit tops a nearly full holding", async () => {
      await mintAndApprove(alice, f.weth, MAX_BALANCE + 5n);
      await f.exchange.write.deposit([f.weth.address, MAX_BALANCE - 2n], { account: alice.account });

      await expectError(
        f.exchange.write.deposit([f.weth.address, 7n], { account: alice.account }),
        f.exchange,
        "HoldingOverflow",
        [f.weth.address, MAX_BALANCE + 5n],
      );
      assert.equal(await f.balanceOf(alice, f.weth), MAX_BALANCE - 2n);
    });

    it("keeps a third party's depositTo from pushing another account to the limit, so no settlement credit can overflow", async () => {
      await mintAndApprove(bob, f.weth, MAX_BALANCE);
      await f.exchange.write.deposit([f.weth.address, MAX_BALANCE], { account: bob.account });
      await mintAndApprove(alice, f.weth, 1n);

      await expectError(
        f.exchange.write.depositTo([f.weth.address, 1n, f.feeRecipient.account.address], { account: alice.account }),
        f.exchange,
        "HoldingOverflow",
        [f.weth.address, MAX_BALANCE + 1n],
      );
      assert.equal(await f.balanceOf(bob, f.weth), MAX_BALANCE);
    });
  });

  describe("exitWithdraw", () => {
    /** Alice deposits `amount` of WETH and requests exit; returns when she may withdraw. */
    async function depositAndRequestExit(amount = ONE_WETH): Promise<bigint> {
      await f.fund(alice, f.weth, amount);
      await f.exchange.write.requestExit([], { account: alice.account });
      const requestedAt = (await f.exchange.read.exitRequestedAt([alice.account.address])) as bigint;
      return requestedAt + EXIT_DELAY;
    }

    it("reverts with ExitNotRequested for an account that has not requested exit", async () => {
      await f.fund(alice, f.weth, ONE_WETH);

      await expectError(
        f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account }),
        f.exchange,
        "ExitNotRequested",
        [alice.account.address],
      );
    });

    it("reverts with ExitNotRequested once the account has cancelled its exit", async () => {
      const withdrawableAt = await depositAndRequestExit();
      await f.exchange.write.cancelExit([], { account: alice.account });
      await networkHelpers.time.increaseTo(withdrawableAt);

      await expectError(
        f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account }),
        f.exchange,
        "ExitNotRequested",
        [alice.account.address],
      );
    });

    it("reverts with ExitDelayNotElapsed one second before the exit delay has passed", async () => {
      const withdrawableAt = await depositAndRequestExit();
      await networkHelpers.time.setNextBlockTimestamp(withdrawableAt - 1n);

      await expectError(
        f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account }),
        f.exchange,
        "ExitDelayNotElapsed",
        [alice.account.address, withdrawableAt],
      );
      assert.equal(await f.balanceOf(alice, f.weth), ONE_WETH);
    });

    it("withdraws the whole balance exactly when the exit delay has passed", async () => {
      const withdrawableAt = await depositAndRequestExit(3n * ONE_WETH);
      await networkHelpers.time.setNextBlockTimestamp(withdrawableAt);

      await f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account });

      assert.equal(await f.balanceOf(alice, f.weth), 0n);
      assert.equal(await f.weth.read.balanceOf([alice.account.address]), 3n * ONE_WETH);
      assert.equal(await f.weth.read.balanceOf([f.exchange.address]), 0n);
    });

    it("emits ExitWithdrawn with the account, the token and the amount", async () => {
      const withdrawableAt = await depositAndRequestExit(3n * ONE_WETH);
      await networkHelpers.time.increaseTo(withdrawableAt);

      await f.viem.assertions.emitWithArgs(
        f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account }),
        f.exchange,
        "ExitWithdrawn",
        [alice.account.address, f.weth.address, 3n * ONE_WETH],
      );
    });

    it("withdraws only the caller's balance of the named token", async () => {
      const withdrawableAt = await depositAndRequestExit(ONE_WETH);
      await f.fund(alice, f.usdc, 10n * ONE_USDC);
      await f.fund(bob, f.weth, 2n * ONE_WETH);
      await networkHelpers.time.increaseTo(withdrawableAt);

      await f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account });

      assert.equal(await f.balanceOf(alice, f.usdc), 10n * ONE_USDC);
      assert.equal(await f.balanceOf(bob, f.weth), 2n * ONE_WETH);
      assert.equal(await f.weth.read.balanceOf([f.exchange.address]), 2n * ONE_WETH);
    });

    it("reverts with NothingToWithdraw for a token the account holds none of", async () => {
      const withdrawableAt = await depositAndRequestExit();
      await networkHelpers.time.increaseTo(withdrawableAt);

      await expectError(
        f.exchange.write.exitWithdraw([f.usdc.address], { account: alice.account }),
        f.exchange,
        "NothingToWithdraw",
        [alice.account.address, f.usdc.address],
      );
    });

    it("reverts with NothingToWithdraw on a second exit withdrawal of the same token", async () => {
      const withdrawableAt = await depositAndRequestExit();
      await networkHelpers.time.increaseTo(withdrawableAt);
      await f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account });

      await expectError(
        f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account }),
        f.exchange,
        "NothingToWithdraw",
        [alice.account.address, f.weth.address],
      );
    });

    it("works while the exchange is paused: pause never stops exits", async () => {
      const withdrawableAt = await depositAndRequestExit(2n * ONE_WETH);
      await pause();
      await networkHelpers.time.increaseTo(withdrawableAt);

      await f.viem.assertions.emitWithArgs(
        f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account }),
        f.exchange,
        "ExitWithdrawn",
        [alice.account.address, f.weth.address, 2n * ONE_WETH],
      );
      assert.equal(await f.exchange.read.paused(), true);
      assert.equal(await f.balanceOf(alice, f.weth), 0n);
      assert.equal(await f.weth.read.balanceOf([alice.account.address]), 2n * ONE_WETH);
    });

    it("lets an account request exit while the exchange is paused and withdraw after the delay", async () => {
      await f.fund(alice, f.weth, ONE_WETH);
      await pause();
      await f.exchange.write.requestExit([], { account: alice.account });
      await networkHelpers.time.increase(EXIT_DELAY);

      await f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account });

      assert.equal(await f.weth.read.balanceOf([alice.account.address]), ONE_WETH);
    });
  });
});
