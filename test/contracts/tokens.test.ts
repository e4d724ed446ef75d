// Custody with misbehaving tokens (contracts/mocks): fee-on-transfer, missing return values, re-entrant hooks.
// Settlement moves internal balances only, so a market on any of them settles exactly like a plain one.
import assert from "node:assert/strict";
import { network } from "hardhat";
import { encodeFunctionData, keccak256, toHex, type Address, type Hex } from "viem";
import { buildBatch, Side, type Withdrawal } from "../../protocol/index.js";
import { deployExchange, EXIT_DELAY, fullFill, ONE_USDC, type ExchangeFixture } from "./fixture.js";
import { expectError } from "./expect-error.js";

const connection = await network.create<"l1">();
const { networkHelpers } = connection;

const OPERATOR_ROLE = keccak256(toHex("OPERATOR_ROLE"));
const FEE_BPS = 100n; // the fee-on-transfer token burns 1% of every transfer

async function deployWithMockTokens() {
  const f = await deployExchange(connection);
  const feeToken = await f.viem.deployContract("FeeOnTransferToken", [FEE_BPS]);
  const noReturnToken = await f.viem.deployContract("NoReturnToken", []);
  const reentrantToken = await f.viem.deployContract("ReentrantToken", []);
  return { ...f, feeToken, noReturnToken, reentrantToken };
}

type Fixture = Awaited<ReturnType<typeof deployWithMockTokens>>;
type Wallet = ExchangeFixture["traders"][number];
/** Any of the mock tokens: public mint, approve, balanceOf. */
type MintableToken = Fixture["feeToken"] | Fixture["noReturnToken"] | Fixture["reentrantToken"] | Fixture["weth"];

describe("Exchange with misbehaving tokens", () => {
  let f: Fixture;
  let alice: Wallet;
  let bob: Wallet;

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployWithMockTokens);
    [alice, bob] = f.traders;
  });

  /** Mints `amount` to `wallet`, approves the exchange and deposits `amount` (the token decides what arrives). */
  async function deposit(wallet: Wallet, token: MintableToken, amount: bigint) {
    await (token as Fixture["weth"]).write.mint([wallet.account.address, amount]);
    await (token as Fixture["weth"]).write.approve([f.exchange.address, amount], { account: wallet.account });
    return f.exchange.write.deposit([token.address, amount], { account: wallet.account });
  }

  function tokenBalance(token: MintableToken, who: Address) {
    return (token as Fixture["weth"]).read.balanceOf([who]);
  }

  function withdrawal(
    wallet: Wallet,
    token: MintableToken,
    amount: bigint,
    fields: Partial<Withdrawal> = {},
  ): Withdrawal {
    return {
      account: wallet.account.address,
      token: token.address,
      amount,
      recipient: wallet.account.address,
      nonce: 1n,
      expiry: 0n,
      ...fields,
    };
  }

  /** Every balance a call could touch: the exchange's and the traders' token balances, and their internal ones. */
  async function custodySnapshot(token: MintableToken) {
    const accounts = [alice.account.address, bob.account.address, f.feeRecipient.account.address];
    return {
      held: await tokenBalance(token, f.exchange.address),
      wallets: await Promise.all(accounts.map((a) => tokenBalance(token, a))),
      internal: await Promise.all(accounts.map((a) => f.balanceOf(a, token))),
    };
  }

  /** Sells `base` of `baseToken` from bob to alice for 3000 USDC; bob pays 3 USDC, alice 1/1000 of the base. */
  async function sellBaseToAlice(baseToken: MintableToken, base: bigint) {
    const quote = 3000n * ONE_USDC;
    await f.fund(alice, f.usdc, quote);
    const fields = { baseToken: baseToken.address, baseAmount: base, quoteAmount: quote };
    const sell = await f.sign(bob, f.order(bob.account.address, { ...fields, side: Side.SELL }));
    const buy = await f.sign(alice, f.order(alice.account.address, { ...fields, side: Side.BUY }));
    return f.settle([sell, buy], [fullFill(sell.order, { makerFee: 3n * ONE_USDC, takerFee: base / 1000n })]);
  }

  describe("a fee-on-transfer token", () => {
    it("credits only what arrived for a fee-on-transfer token", async () => {
      const tx = deposit(alice, f.feeToken, 1_000_000n);

      await f.viem.assertions.emitWithArgs(tx, f.exchange, "Deposited", [
        alice.account.address,
        f.feeToken.address,
        990_000n,
      ]);
      assert.equal(await f.balanceOf(alice, f.feeToken), 990_000n);
      assert.equal(await tokenBalance(f.feeToken, f.exchange.address), 990_000n);
    });

    it("credits what arrived to the named account on depositTo", async () => {
      await f.feeToken.write.mint([alice.account.address, 200_000n]);
      await f.feeToken.write.approve([f.exchange.address, 200_000n], { account: alice.account });

      await f.exchange.write.depositTo([f.feeToken.address, 200_000n, bob.account.address], { account: alice.account });

      assert.equal(await f.balanceOf(bob, f.feeToken), 198_000n);
      assert.equal(await f.balanceOf(alice, f.feeToken), 0n);
    });

    it("debits the signed amount on withdrawal, and the recipient bears the transfer fee", async () => {
      await deposit(alice, f.feeToken, 1_000_000n);
      const w = withdrawal(alice, f.feeToken, 500_000n, { recipient: bob.account.address });

      await f.asOperator.write.withdraw([w, await f.signWithdrawal(alice, w)]);

      assert.equal(await f.balanceOf(alice, f.feeToken), 490_000n);
      assert.equal(await tokenBalance(f.feeToken, bob.account.address), 495_000n);
      assert.equal(await tokenBalance(f.feeToken, f.exchange.address), 490_000n);
    });

    it("empties the internal balance and the exchange's holding on an exit withdrawal", async () => {
      await deposit(alice, f.feeToken, 1_000_000n);
      await f.exchange.write.requestExit([], { account: alice.account });
      await networkHelpers.time.increase(EXIT_DELAY);

      await f.exchange.write.exitWithdraw([f.feeToken.address], { account: alice.account });

      assert.equal(await f.balanceOf(alice, f.feeToken), 0n);
      assert.equal(await tokenBalance(f.feeToken, f.exchange.address), 0n);
      assert.equal(await tokenBalance(f.feeToken, alice.account.address), 980_100n);
    });

    it("settles a market whose base is a fee-on-transfer token by moving internal balances only", async () => {
      await deposit(bob, f.feeToken, 1_000_000n);

      await sellBaseToAlice(f.feeToken, 990_000n);

      assert.equal(await f.balanceOf(alice, f.feeToken), 989_010n);
      assert.equal(await f.balanceOf(bob, f.feeToken), 0n);
      assert.equal(await f.balanceOf(f.feeRecipient, f.feeToken), 990n);
      assert.equal(await f.balanceOf(bob, f.usdc), 2997n * ONE_USDC);
      assert.equal(await f.balanceOf(f.feeRecipient, f.usdc), 3n * ONE_USDC);
      assert.equal(await tokenBalance(f.feeToken, f.exchange.address), 990_000n);
    });
  });

  describe("a token that returns nothing", () => {
    it("deposits a token whose transferFrom returns nothing", async () => {
      await deposit(alice, f.noReturnToken, 1_000_000n);

      assert.equal(await f.balanceOf(alice, f.noReturnToken), 1_000_000n);
      assert.equal(await tokenBalance(f.noReturnToken, f.exchange.address), 1_000_000n);
      assert.equal(await tokenBalance(f.noReturnToken, alice.account.address), 0n);
    });

    it("reverts a deposit of a no-return token beyond the depositor's token balance", async () => {
      await f.noReturnToken.write.approve([f.exchange.address, 1n], { account: alice.account });

      await expectError(
        f.exchange.write.deposit([f.noReturnToken.address, 1n], { account: alice.account }),
        f.noReturnToken,
        "InsufficientBalance",
        [alice.account.address, 0n, 1n],
      );
      assert.equal(await f.balanceOf(alice, f.noReturnToken), 0n);
    });

    it("executes a signed withdrawal of a token whose transfer returns nothing", async () => {
      await deposit(alice, f.noReturnToken, 1_000_000n);
      const w = withdrawal(alice, f.noReturnToken, 400_000n, { recipient: bob.account.address });

      await f.asOperator.write.withdraw([w, await f.signWithdrawal(alice, w)]);

      assert.equal(await f.balanceOf(alice, f.noReturnToken), 600_000n);
      assert.equal(await tokenBalance(f.noReturnToken, bob.account.address), 400_000n);
      assert.equal(await tokenBalance(f.noReturnToken, f.exchange.address), 600_000n);
    });

    it("lets an exiting account withdraw a token whose transfer returns nothing", async () => {
      await deposit(alice, f.noReturnToken, 1_000_000n);
      await f.exchange.write.requestExit([], { account: alice.account });
      await networkHelpers.time.increase(EXIT_DELAY);

      await f.exchange.write.exitWithdraw([f.noReturnToken.address], { account: alice.account });

      assert.equal(await f.balanceOf(alice, f.noReturnToken), 0n);
      assert.equal(await tokenBalance(f.noReturnToken, alice.account.address), 1_000_000n);
      assert.equal(await tokenBalance(f.noReturnToken, f.exchange.address), 0n);
    });

    it("settles a market whose base token returns nothing from transfers", async () => {
      await deposit(bob, f.noReturnToken, 1_000_000n);

      await sellBaseToAlice(f.noReturnToken, 1_000_000n);

      assert.equal(await f.balanceOf(alice, f.noReturnToken), 999_000n);
      assert.equal(await f.balanceOf(bob, f.noReturnToken), 0n);
      assert.equal(await f.balanceOf(f.feeRecipient, f.noReturnToken), 1_000n);
      assert.equal(await f.balanceOf(bob, f.usdc), 2997n * ONE_USDC);
      assert.equal(await tokenBalance(f.noReturnToken, f.exchange.address), 1_000_000n);
    });
  });

  describe("a re-entrant token", () => {
    /** Arms the token: its next transfer calls the exchange with `data` before the balances move. */
    async function armWith(data: Hex) {
      await f.reentrantToken.write.arm([f.exchange.address, data]);
    }

    it("refuses a deposit whose transfer hook deposits again, and changes nothing", async () => {
      await f.reentrantToken.write.mint([alice.account.address, 1_000n]);
      await f.reentrantToken.write.approve([f.exchange.address, 1_000n], { account: alice.account });
      await armWith(
        encodeFunctionData({ abi: f.exchange.abi, functionName: "deposit", args: [f.reentrantToken.address, 1n] }),
      );
      const before = await custodySnapshot(f.reentrantToken);

      await expectError(
        f.exchange.write.deposit([f.reentrantToken.address, 1_000n], { account: alice.account }),
        f.exchange,
        "ReentrancyGuardReentrantCall",
        [],
      );
      assert.deepEqual(await custodySnapshot(f.reentrantToken), before);
      assert.equal(await f.balanceOf(f.reentrantToken.address, f.reentrantToken), 0n);
    });

    it("refuses a signed withdrawal whose transfer hook withdraws again, even as an operator", async () => {
      await deposit(alice, f.reentrantToken, 1_000n);
      await f.exchange.write.grantRole([OPERATOR_ROLE, f.reentrantToken.address]);
      const w = withdrawal(alice, f.reentrantToken, 400n);
      const signature = await f.signWithdrawal(alice, w);
      await armWith(encodeFunctionData({ abi: f.exchange.abi, functionName: "withdraw", args: [w, signature] }));
      const before = await custodySnapshot(f.reentrantToken);

      await expectError(f.asOperator.write.withdraw([w, signature]), f.exchange, "ReentrancyGuardReentrantCall", []);
      assert.deepEqual(await custodySnapshot(f.reentrantToken), before);
      const withdrawalHash = await f.exchange.read.hashWithdrawal([w]);
      assert.equal(await f.exchange.read.isWithdrawalExecuted([withdrawalHash]), false);
    });

    it("refuses an exit withdrawal whose transfer hook exits again, and changes nothing", async () => {
      await deposit(alice, f.reentrantToken, 1_000n);
      await f.exchange.write.requestExit([], { account: alice.account });
      await networkHelpers.time.increase(EXIT_DELAY);
      await armWith(
        encodeFunctionData({ abi: f.exchange.abi, functionName: "exitWithdraw", args: [f.reentrantToken.address] }),
      );
      const before = await custodySnapshot(f.reentrantToken);

      await expectError(
        f.exchange.write.exitWithdraw([f.reentrantToken.address], { account: alice.account }),
        f.exchange,
        "ReentrancyGuardReentrantCall",
        [],
      );
      assert.deepEqual(await custodySnapshot(f.reentrantToken), before);
      assert.equal(before.internal[0], 1_000n);
    });

    it("refuses a deposit whose transfer hook settles a batch, even as an operator, and the batch settles later", async () => {
      await f.fund(alice, f.usdc, 3000n * ONE_USDC);
      await f.fund(bob, f.weth, 10n ** 18n);
      const sell = await f.sign(bob, f.order(bob.account.address, { side: Side.SELL }));
      const buy = await f.sign(alice, f.order(alice.account.address, { side: Side.BUY }));
      const batch = buildBatch(7n, [sell, buy], [fullFill(sell.order)]);
      await f.exchange.write.grantRole([OPERATOR_ROLE, f.reentrantToken.address]);
      await armWith(encodeFunctionData({ abi: f.exchange.abi, functionName: "settle", args: [batch] }));
      await f.reentrantToken.write.mint([alice.account.address, 1_000n]);
      await f.reentrantToken.write.approve([f.exchange.address, 1_000n], { account: alice.account });
      const before = await custodySnapshot(f.reentrantToken);

      await expectError(
        f.exchange.write.deposit([f.reentrantToken.address, 1_000n], { account: alice.account }),
        f.exchange,
        "ReentrancyGuardReentrantCall",
        [],
      );
      assert.deepEqual(await custodySnapshot(f.reentrantToken), before);
      assert.equal(await f.exchange.read.isBatchSettled([7n]), false);
      assert.equal(await f.balanceOf(alice, f.usdc), 3000n * ONE_USDC);

      await f.asOperator.write.settle([batch]);
      assert.equal(await f.balanceOf(alice, f.weth), 10n ** 18n);
    });
  });
});
