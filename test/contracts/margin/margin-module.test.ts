// MarginModule (contracts/margin/MarginModule.sol) on a real Hardhat chain beside the real Exchange: the markets
// registry, collateral in and out of the Exchange's custody, the negative-equity gate, funding and the insurance fund.
import assert from "node:assert/strict";
import { network } from "hardhat";
import { getAddress, stringToHex, zeroAddress } from "viem";
import { ONE_USDC } from "../fixture.js";
import {
  deployMargin,
  ETH_USD,
  ethRisk,
  FUNDING_PERIOD,
  ONE_ETH,
  PRICE_3000,
  type MarginFixture,
} from "./margin-fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const name = (s: string) => stringToHex(s, { size: 32 });
/** PriceFault.Stale (contracts/margin/oracle/PriceUpdate.sol). */
const STALE = 2;

describe("MarginModule", () => {
  const fixture = () => deployMargin(connection);
  let f: MarginFixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
  });

  const reverts = (promise: Promise<unknown>, error: string, args: unknown[]) =>
    f.viem.assertions.revertWithCustomErrorWithArgs(promise as never, f.module, error as never, args as never);
  const emits = (promise: Promise<unknown>, event: string, args: unknown[]) =>
    f.viem.assertions.emitWithArgs(promise as never, f.module, event as never, args as never);
  const collateral = async (who: MarginFixture["alice"]) =>
    (await f.module.read.collateralOf([who.account.address])) as bigint;
  /** Gives `who` a position of `size` bought (or sold) for `cost` quote units, as settlement will. */
  const hold = (who: MarginFixture["alice"], size: bigint, cost: bigint) =>
    f.module.write.writePosition([who.account.address, ETH_USD, size, cost]);

  describe("markets", () => {
    it("lists a market once, then changes its parameters, with a MarketSet event each time", async () => {
      const book = (await f.module.read.marketBook([ETH_USD])) as { listed: boolean };
      assert.equal(book.listed, true);
      await emits(f.module.write.setMarket([ETH_USD, f.ethMarket]), "MarketSet", [ETH_USD, f.ethMarket, false]);
      await emits(f.module.write.setMarket([7, f.ethMarket]), "MarketSet", [7, f.ethMarket, true]);
    });

    it("refuses market 0, invalid risk, another quote token and out-of-range sizes and periods, with their values", async () => {
      await reverts(f.module.write.setMarket([0, f.ethMarket]), "ParameterOutOfRange", [
        name("market"),
        0n,
        1n,
        2n ** 32n - 1n,
      ]);
      const inverted = { ...f.ethMarket, risk: { ...ethRisk, maintenanceMarginPpm: ethRisk.initialMarginPpm } };
      await reverts(f.module.write.setMarket([2, inverted]), "InvalidMarketRisk", [2]);
      await reverts(
        f.module.write.setMarket([2, { ...f.ethMarket, quoteToken: f.weth.address }]),
        "CollateralTokenMismatch",
        [2, f.weth.address, f.usdc.address],
      );
      await reverts(f.module.write.setMarket([2, { ...f.ethMarket, fundingPeriod: 59n }]), "ParameterOutOfRange", [
        name("fundingPeriod"),
        59n,
        60n,
        86_400n,
      ]);
      await reverts(f.module.write.setMarket([2, { ...f.ethMarket, maxPositionSize: 0n }]), "ParameterOutOfRange", [
        name("maxPositionSize"),
        0n,
        1n,
        2n ** 127n - 1n,
      ]);
      const tooSmallOi = { ...f.ethMarket, maxOpenInterest: f.ethMarket.maxPositionSize - 1n };
      await reverts(f.module.write.setMarket([2, tooSmallOi]), "ParameterOutOfRange", [
        name("maxOpenInterest"),
        tooSmallOi.maxOpenInterest,
        f.ethMarket.maxPositionSize,
        2n ** 127n - 1n,
      ]);
    });

    it("lets only the admin set markets and the negative-equity delay, which is bounded and evented", async () => {
      const role = await f.module.read.DEFAULT_ADMIN_ROLE();
      await reverts(
        f.module.write.setMarket([2, f.ethMarket], { account: f.alice.account }),
        "AccessControlUnauthorizedAccount",
        [f.alice.account.address, role],
      );
      await emits(f.module.write.setNegativeEquityDelay([600n]), "NegativeEquityDelaySet", [3_600n, 600n]);
      await reverts(f.module.write.setNegativeEquityDelay([7n * 86_400n + 1n]), "ParameterOutOfRange", [
        name("negativeEquityDelay"),
        7n * 86_400n + 1n,
        0n,
        7n * 86_400n,
      ]);
    });
  });

  describe("collateral", () => {
    it("moves a deposit from the Exchange balance into collateral, the tokens staying in the Exchange's pool", async () => {
      await emits(f.deposit(f.alice, 1_000n * ONE_USDC), "CollateralDeposited", [
        getAddress(f.alice.account.address),
        1_000n * ONE_USDC,
        1_000n * ONE_USDC,
      ]);
      assert.equal(await collateral(f.alice), 1_000n * ONE_USDC);
      assert.equal(await f.balanceOf(f.alice, f.usdc), 99_000n * ONE_USDC);
      assert.equal(await f.exchange.read.marginPool([f.module.address, f.usdc.address]), 1_000n * ONE_USDC);
    });

    it("refuses a deposit beyond the account's available Exchange balance, with the Exchange's InsufficientBalance", async () => {
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.deposit(f.alice, 100_001n * ONE_USDC) as never,
        f.exchange,
        "InsufficientBalance" as never,
        [
          getAddress(f.alice.account.address),
          getAddress(f.usdc.address),
          100_000n * ONE_USDC,
          100_001n * ONE_USDC,
        ] as never,
      );
      assert.equal(await collateral(f.alice), 0n);
    });

    it("withdraws a flat account's collateral back to its Exchange balance", async () => {
      await f.deposit(f.alice, 1_000n * ONE_USDC);
      await emits(
        f.module.write.withdrawCollateral([400n * ONE_USDC, []], { account: f.alice.account }),
        "CollateralWithdrawn",
        [getAddress(f.alice.account.address), 400n * ONE_USDC, 600n * ONE_USDC],
      );
      assert.equal(await f.balanceOf(f.alice, f.usdc), 99_400n * ONE_USDC);
    });

    it("refuses to withdraw more than the collateral held, with InsufficientCollateral", async () => {
      await f.deposit(f.alice, 10n * ONE_USDC);
      await reverts(
        f.module.write.withdrawCollateral([11n * ONE_USDC, []], { account: f.alice.account }),
        "InsufficientCollateral",
        [f.alice.account.address, 10n * ONE_USDC, 11n * ONE_USDC],
      );
      await reverts(f.module.write.withdrawCollateral([0n, []], { account: f.alice.account }), "ZeroAmount", []);
    });

    it("refuses a withdrawal that would leave a 10x long below its initial requirement, and allows one that does not", async () => {
      await f.deposit(f.alice, 3_100n * ONE_USDC);
      await hold(f.alice, 10n * ONE_ETH, 30_000n * ONE_USDC); // 10 ETH at $3,000: IMF 10% → 3,000 USDC
      const prices = await f.priceAt(PRICE_3000);
      await reverts(
        f.module.write.withdrawCollateral([100n * ONE_USDC + 1n, prices], { account: f.alice.account }),
        "BelowInitialMargin",
        [f.alice.account.address, 3_000n * ONE_USDC - 1n, 3_000n * ONE_USDC],
      );
      await f.module.write.withdrawCollateral([100n * ONE_USDC, prices], { account: f.alice.account });
      assert.equal(await collateral(f.alice), 3_000n * ONE_USDC);
    });

    it("refuses a withdrawal with open positions at a price older than the risk-increasing maximum age", async () => {
      await f.deposit(f.alice, 5_000n * ONE_USDC);
      await hold(f.alice, ONE_ETH, 3_000n * ONE_USDC);
      await f.module.write.withdrawCollateral([ONE_USDC, await f.priceAt(PRICE_3000)], { account: f.alice.account });
      await networkHelpers.time.increase(31);
      await reverts(f.module.write.withdrawCollateral([ONE_USDC, []], { account: f.alice.account }), "PriceNotUsable", [
        ETH_USD,
        STALE,
      ]);
    });
  });

  describe("negative equity", () => {
    /** Alice 10x long at $3,000 with 3,000 USDC; at $2,600 she is 1,000 USDC under water. */
    async function underwater() {
      await f.deposit(f.alice, 3_000n * ONE_USDC);
      await f.deposit(f.bob, 1_000n * ONE_USDC);
      await hold(f.alice, 10n * ONE_ETH, 30_000n * ONE_USDC);
      return f.priceAt(2_600n * ONE_USDC);
    }

    it("gates every collateral withdrawal for the delay once an account is reported under water", async () => {
      const prices = await underwater();
      const at = (await f.now()) + 5n;
      await networkHelpers.time.setNextBlockTimestamp(at);
      const tx = f.module.write.reportNegativeEquity([f.alice.account.address, prices], { account: f.carol.account });
      await emits(tx, "NegativeEquitySeen", [getAddress(f.alice.account.address), -1_000n * ONE_USDC, at + 3_600n]);
      const until = (await f.module.read.withdrawalsGatedUntil()) as bigint;
      await reverts(f.module.write.withdrawCollateral([ONE_USDC, []], { account: f.bob.account }), "WithdrawalsGated", [
        until,
      ]);
      await networkHelpers.time.increaseTo(until);
      await f.module.write.withdrawCollateral([ONE_USDC, []], { account: f.bob.account });
    });

    it("refuses a report of an account that is not under water, with AccountNotUnderwater and its value", async () => {
      await f.deposit(f.alice, 3_000n * ONE_USDC);
      await hold(f.alice, 10n * ONE_ETH, 30_000n * ONE_USDC);
      await reverts(
        f.module.write.reportNegativeEquity([f.alice.account.address, await f.priceAt(PRICE_3000)]),
        "AccountNotUnderwater",
        [f.alice.account.address, 3_000n * ONE_USDC],
      );
    });
  });

  describe("funding", () => {
    const CAP = 50_000_000n; // (IMF − MMF) in parts per billion

    it("refuses a publication before the period has elapsed, with FundingTooEarly and the next time", async () => {
      const { lastFundingAt } = (await f.module.read.marketBook([ETH_USD])) as { lastFundingAt: bigint };
      await reverts(f.asOperator.write.publishFunding([ETH_USD, 1n, await f.priceAt(PRICE_3000)]), "FundingTooEarly", [
        ETH_USD,
        lastFundingAt + FUNDING_PERIOD,
      ]);
    });

    it("refuses a rate beyond ±(IMF − MMF), an unknown market, and a caller without OPERATOR_ROLE", async () => {
      await networkHelpers.time.increase(FUNDING_PERIOD);
      const prices = await f.priceAt(PRICE_3000);
      await reverts(f.asOperator.write.publishFunding([ETH_USD, -CAP - 1n, prices]), "FundingRateAboveCap", [
        ETH_USD,
        -CAP - 1n,
        CAP,
      ]);
      await reverts(f.asOperator.write.publishFunding([9, 1n, []]), "UnknownMarket", [9]);
      await reverts(
        f.module.write.publishFunding([ETH_USD, 1n, prices], { account: f.alice.account }),
        "AccessControlUnauthorizedAccount",
        [f.alice.account.address, await f.module.read.OPERATOR_ROLE()],
      );
    });

    it("stores rate × index price in the cumulative index, once per period", async () => {
      await networkHelpers.time.increase(FUNDING_PERIOD);
      await emits(f.asOperator.write.publishFunding([ETH_USD, CAP, await f.priceAt(PRICE_3000)]), "FundingPublished", [
        ETH_USD,
        CAP,
        PRICE_3000,
        CAP * PRICE_3000,
      ]);
      await reverts(f.asOperator.write.publishFunding([ETH_USD, CAP, []]), "FundingTooEarly", [
        ETH_USD,
        (await f.now()) + FUNDING_PERIOD,
      ]);
    });

    it("refuses a publication at an index price older than the risk-increasing maximum age", async () => {
      await f.deposit(f.alice, 1_000n * ONE_USDC);
      await hold(f.alice, ONE_ETH, 3_000n * ONE_USDC);
      await f.module.write.withdrawCollateral([ONE_USDC, await f.priceAt(PRICE_3000)], { account: f.alice.account });
      await networkHelpers.time.increase(FUNDING_PERIOD);
      await reverts(f.asOperator.write.publishFunding([ETH_USD, 1n, []]), "PriceNotUsable", [ETH_USD, STALE]);
    });

    it("settles a position's funding into collateral with FundingSettled, and refuses an unknown market", async () => {
      await f.deposit(f.alice, 1_000n * ONE_USDC);
      await hold(f.alice, ONE_ETH, 3_000n * ONE_USDC);
      await networkHelpers.time.increase(FUNDING_PERIOD);
      await f.asOperator.write.publishFunding([ETH_USD, 1_000n, await f.priceAt(PRICE_3000)]);
      // 1 ETH × 1,000 ppb × $3,000 = 3,000 USDC units (0.003 USDC), rounded up: exact here.
      await emits(f.module.write.settleFunding([f.alice.account.address, ETH_USD]), "FundingSettled", [
        getAddress(f.alice.account.address),
        ETH_USD,
        3_000n,
      ]);
      assert.equal(await collateral(f.alice), 1_000n * ONE_USDC - 3_000n);
      await reverts(f.module.write.settleFunding([f.alice.account.address, 9]), "UnknownMarket", [9]);
    });

    it("charges a long what it pays a short, up to rounding in the system's favour", async () => {
      const size = 3n * ONE_ETH + 7n;
      await f.deposit(f.alice, 1_000n * ONE_USDC);
      await f.deposit(f.bob, 1_000n * ONE_USDC);
      await hold(f.alice, size, 9_000n * ONE_USDC);
      await hold(f.bob, -size, -9_000n * ONE_USDC);
      for (const rate of [12_345n, -7_777n, 33n]) {
        await networkHelpers.time.increase(FUNDING_PERIOD);
        await f.asOperator.write.publishFunding([ETH_USD, rate, await f.priceAt(PRICE_3000)]);
      }
      await f.module.write.settleFunding([f.alice.account.address, ETH_USD]);
      await f.module.write.settleFunding([f.bob.account.address, ETH_USD]);
      // The module's pool in the Exchange still covers every account's collateral: rounding leaves dust, not debt.
      const pool = (await f.exchange.read.marginPool([f.module.address, f.usdc.address])) as bigint;
      assert.ok(
        pool >=
          (await collateral(f.alice)) + (await collateral(f.bob)) + ((await f.module.read.insuranceFund()) as bigint),
      );
      const longPaid = 1_000n * ONE_USDC - (await collateral(f.alice));
      const shortReceived = (await collateral(f.bob)) - 1_000n * ONE_USDC;
      assert.ok(longPaid > 0n, "the long pays at a positive net rate");
      assert.ok(longPaid - shortReceived >= 0n && longPaid - shortReceived <= 1n, `${longPaid} vs ${shortReceived}`);
    });
  });

  describe("insurance fund", () => {
    it("takes deposits from any Exchange balance and gives to the admin's chosen account, with an event each", async () => {
      await emits(
        f.module.write.depositInsuranceFund([500n * ONE_USDC], { account: f.carol.account }),
        "InsuranceFundChanged",
        [0, 500n * ONE_USDC, 500n * ONE_USDC],
      );
      await emits(
        f.module.write.withdrawInsuranceFund([f.carol.account.address, 200n * ONE_USDC]),
        "InsuranceFundChanged",
        [1, -200n * ONE_USDC, 300n * ONE_USDC],
      );
      assert.equal(await f.module.read.insuranceFund(), 300n * ONE_USDC);
      assert.equal(await f.balanceOf(f.carol, f.usdc), 99_700n * ONE_USDC);
    });

    it("refuses to give more than it holds, to a non-admin, or while withdrawals are gated", async () => {
      await f.module.write.depositInsuranceFund([5n * ONE_USDC], { account: f.carol.account });
      await reverts(
        f.module.write.withdrawInsuranceFund([f.carol.account.address, 6n * ONE_USDC]),
        "InsufficientInsuranceFund",
        [5n * ONE_USDC, 6n * ONE_USDC],
      );
      await reverts(
        f.module.write.withdrawInsuranceFund([zeroAddress, 1n], { account: f.carol.account }),
        "AccessControlUnauthorizedAccount",
        [f.carol.account.address, await f.module.read.DEFAULT_ADMIN_ROLE()],
      );
      await f.deposit(f.alice, 3_000n * ONE_USDC);
      await hold(f.alice, 10n * ONE_ETH, 30_000n * ONE_USDC);
      await f.module.write.reportNegativeEquity([f.alice.account.address, await f.priceAt(2_600n * ONE_USDC)]);
      await reverts(f.module.write.withdrawInsuranceFund([f.carol.account.address, ONE_USDC]), "WithdrawalsGated", [
        await f.module.read.withdrawalsGatedUntil(),
      ]);
    });
  });
});
