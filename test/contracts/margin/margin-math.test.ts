// One arithmetic, two languages: the margin libraries (contracts/margin/libraries/, through MarginMathHarness) and
// their TypeScript twin (risk/) give the same account values, requirements, funding, liquidation and bankruptcy
// prices, bands and penalties on edge vectors and on seeded random ones, many vectors per eth_call.
import assert from "node:assert/strict";
import { network } from "hardhat";
import fc from "fast-check";
import {
  accountInitialRequirement,
  accountMaintenanceRequirement,
  accountValue,
  applyFill,
  bankruptcyPrice,
  fillBand,
  fundingOwed,
  indexDelta,
  initialMarginPpm,
  initialRequirement,
  isFillWithinBand,
  isLiquidatable,
  isNotWorseOff,
  isRateWithinCap,
  isValidMarket,
  liquidationPenalty,
  liquidationPrice,
  maintenanceRequirement,
  MAX_BASE_UNIT,
  MAX_PRICE,
  MAX_SIZE,
  meetsInitialMargin,
  notional,
  positionValue,
  rateCap,
  unrealizedPnl,
  type MarketRisk,
  type MarketState,
  type Position,
} from "../../../risk/index.js";

const { viem } = await network.create();

/** Every random vector comes from this seed, so a failure reproduces. */
const SEED = 0x3a2917;
const RANDOM_ACCOUNTS = 300;
const RANDOM_MARKETS = 400;
const PER_CALL = 50;

const ETH = 10n ** 18n;
const USDC = 10n ** 6n;
const U128 = (1n << 128n) - 1n;

interface Account {
  collateral: bigint;
  positions: Position[];
  markets: MarketState[];
}

interface MarketCase {
  risk: MarketRisk;
  indexPrice: bigint;
  absSize: bigint;
  openInterestNotional: bigint;
  fillBase: bigint;
  fillQuote: bigint;
  fundingRate: bigint;
  closedNotional: bigint;
  valueAfter: bigint;
}

// ------------------------------------------------------------------ the twin's answers, shaped like the harness's

function expectedAccount({ collateral, positions, markets }: Account) {
  return {
    value: accountValue(collateral, positions, markets),
    initialRequirement: accountInitialRequirement(positions, markets),
    maintenanceRequirement: accountMaintenanceRequirement(positions, markets),
    meetsInitialMargin: meetsInitialMargin(collateral, positions, markets),
    isLiquidatable: isLiquidatable(collateral, positions, markets),
    positions: positions.map((p, i) => {
      const m = markets[i]!;
      return {
        notional: notional(p.size, m.indexPrice, m.risk.baseUnit),
        value: positionValue(p.size, m.indexPrice, m.risk.baseUnit),
        unrealizedPnl: unrealizedPnl(p, m),
        fundingOwed: fundingOwed(p, m.cumulativeFunding, m.risk.baseUnit),
        initialMarginPpm: initialMarginPpm(
          m.risk,
          p.size < 0n ? -p.size : p.size,
          notional(m.openInterest, m.indexPrice, m.risk.baseUnit),
        ),
        initialRequirement: initialRequirement(p, m),
        maintenanceRequirement: maintenanceRequirement(p, m),
        liquidationPrice: liquidationPrice(collateral, positions, markets, i),
        bankruptcyPrice: bankruptcyPrice(collateral, positions, markets, i),
      };
    }),
  };
}

function expectedMarket(c: MarketCase) {
  const band = fillBand(c.risk, c.indexPrice);
  return {
    initialMarginPpm: initialMarginPpm(c.risk, c.absSize, c.openInterestNotional),
    bandLower: band.lower,
    bandUpper: band.upper,
    fillWithinBand: isFillWithinBand(c.fillBase, c.fillQuote, c.indexPrice, c.risk),
    rateCap: rateCap(c.risk),
    rateWithinCap: isRateWithinCap(c.fundingRate, c.risk),
    indexDelta: indexDelta(c.fundingRate, c.indexPrice),
    liquidationPenalty: liquidationPenalty(c.closedNotional, c.risk, c.valueAfter),
  };
}

/** Plain objects and arrays (viem returns read-only arrays of named tuples). */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_, v) => (typeof v === "bigint" ? `${v}n` : v)));

// ------------------------------------------------------------------ vectors

const ETH_USD: MarketRisk = {
  baseUnit: ETH,
  initialMarginPpm: 100_000n,
  maintenanceMarginPpm: 50_000n,
  baselinePositionSize: 10n * ETH,
  incrementalPositionSize: 5n * ETH,
  incrementalInitialMarginPpm: 10_000n,
  openInterestLowerCap: 1_000_000n * USDC,
  openInterestUpperCap: 3_000_000n * USDC,
  liquidationPenaltyPpm: 10_000n,
};

const state = (indexPrice: bigint, fields: Partial<MarketState> = {}): MarketState => ({
  risk: ETH_USD,
  indexPrice,
  cumulativeFunding: 0n,
  openInterest: 0n,
  ...fields,
});
const opened = (eth: bigint, entryUsd: bigint): Position => ({
  size: eth * ETH,
  costBasis: eth * entryUsd * USDC,
  fundingIndex: 0n,
});
const lone = (collateral: bigint, position: Position, market: MarketState): Account => ({
  collateral,
  positions: [position],
  markets: [market],
});

function accountEdgeVectors(): { name: string; account: Account }[] {
  const unitRisk = { ...ETH_USD, baseUnit: 1n, baselinePositionSize: MAX_SIZE, openInterestUpperCap: 0n };
  const thirds = { ...ETH_USD, baseUnit: 3n };
  const at = (usd: bigint, fields: Partial<MarketState> = {}) => state(usd * USDC, fields);
  const pos = (size: bigint, costBasis = 0n, fundingIndex = 0n): Position => ({ size, costBasis, fundingIndex });
  const long = opened(1n, 3000n);
  const short = opened(-1n, 3000n);
  const rich = 10n ** 12n;
  const v = (name: string, account: Account) => ({ name, account });
  return [
    v("no positions", { collateral: 0n, positions: [], markets: [] }),
    v("no positions and negative collateral", { collateral: -1n, positions: [], markets: [] }),
    v("a flat position with a leftover cost basis", lone(5n, pos(0n, 7n, 3n), at(3000n))),
    v("a 10x long at exactly its initial requirement", lone(300n * USDC, long, at(3000n))),
    v("a 10x long exactly at maintenance", lone(300n * USDC, long, state(2_842_105_264n))),
    v("a 10x long one unit below maintenance", lone(300n * USDC, long, state(2_842_105_263n))),
    v("a 10x short exactly at maintenance", lone(300n * USDC, short, state(3_142_857_142n))),
    v("a long with negative equity", lone(300n * USDC, long, at(2600n))),
    v("a short with negative equity", lone(300n * USDC, short, at(3400n))),
    v("negative collateral and no price to save it", lone(-(10n ** 40n), short, at(3000n))),
    v(
      "the largest long at the largest price (baseUnit 1)",
      lone(0n, pos(MAX_SIZE), state(MAX_PRICE, { risk: unitRisk })),
    ),
    v(
      "the largest short at the largest price (baseUnit 1)",
      lone(0n, pos(-MAX_SIZE), state(MAX_PRICE, { risk: unitRisk })),
    ),
    v("the largest long at a realistic price", lone(10n ** 30n, pos(MAX_SIZE, 10n ** 30n), at(3000n))),
    v(
      "one base unit long, rounding every amount",
      lone(1n, pos(1n), state(2n, { risk: thirds, cumulativeFunding: 1n })),
    ),
    v(
      "one base unit short, rounding every amount",
      lone(1n, pos(-1n), state(2n, { risk: thirds, cumulativeFunding: 1n })),
    ),
    v("a zero index price", lone(10n, long, state(0n))),
    v("a size at the baseline", lone(rich, opened(10n, 3000n), at(3000n))),
    v("a size one unit above the baseline", lone(rich, pos(10n * ETH + 1n, 30_000n * USDC), at(3000n))),
    v("open interest at the lower cap", lone(rich, long, at(2000n, { openInterest: 500n * ETH }))),
    v("open interest between the caps", lone(rich, long, at(3000n, { openInterest: 500n * ETH + 7n }))),
    v("open interest at the upper cap", lone(rich, long, at(3000n, { openInterest: 1000n * ETH }))),
    v("open interest past the upper cap", lone(rich, long, at(3000n, { openInterest: 10n ** 30n }))),
    v("funding owed on one market and received on another", {
      collateral: 600n * USDC,
      positions: [
        { ...long, fundingIndex: -5n },
        { ...opened(-2n, 3000n), fundingIndex: 11n },
      ],
      markets: [at(3100n, { cumulativeFunding: 10n ** 15n + 3n }), at(2900n, { cumulativeFunding: -(10n ** 15n) })],
    }),
    v("a long and a short sharing the account's value", {
      collateral: 600n * USDC,
      positions: [long, short],
      markets: [at(3000n), at(3000n)],
    }),
  ];
}

function marketEdgeVectors(): { name: string; c: MarketCase }[] {
  const base: MarketCase = {
    risk: ETH_USD,
    indexPrice: 3000n * USDC,
    absSize: ETH,
    openInterestNotional: 0n,
    fillBase: ETH,
    fillQuote: 3000n * USDC,
    fundingRate: 0n,
    closedNotional: 3000n * USDC,
    valueAfter: 100n * USDC,
  };
  const cap = rateCap(ETH_USD);
  return [
    { name: "a fill at the index", c: base },
    { name: "a fill at the band's lower edge", c: { ...base, fillQuote: 2850n * USDC } },
    { name: "a fill one unit below the band", c: { ...base, fillQuote: 2850n * USDC - 1n } },
    { name: "a fill at the band's upper edge", c: { ...base, fillQuote: 3150n * USDC } },
    { name: "a fill one unit above the band", c: { ...base, fillQuote: 3150n * USDC + 1n } },
    { name: "a fill of no base", c: { ...base, fillBase: 0n, fillQuote: 0n } },
    {
      name: "the largest fill at the largest price",
      c: {
        ...base,
        risk: { ...ETH_USD, baseUnit: MAX_BASE_UNIT },
        indexPrice: MAX_PRICE,
        fillBase: U128,
        fillQuote: U128,
      },
    },
    { name: "a funding rate at the cap", c: { ...base, fundingRate: cap } },
    { name: "a funding rate past the cap", c: { ...base, fundingRate: cap + 1n } },
    { name: "a negative funding rate at the cap", c: { ...base, fundingRate: -cap } },
    { name: "a penalty larger than the equity left", c: { ...base, valueAfter: 12n } },
    { name: "a penalty with nothing left", c: { ...base, valueAfter: 0n } },
    { name: "a penalty on an account under water", c: { ...base, valueAfter: -(10n ** 20n) } },
    { name: "a penalty rounded up", c: { ...base, closedNotional: 1n } },
    { name: "open interest just above the lower cap", c: { ...base, openInterestNotional: 1_000_000n * USDC + 1n } },
    { name: "open interest just below the upper cap", c: { ...base, openInterestNotional: 3_000_000n * USDC - 1n } },
    { name: "a size far past the tiers", c: { ...base, absSize: MAX_SIZE } },
  ];
}

const riskArb: fc.Arbitrary<MarketRisk> = fc
  .record({
    baseUnit: fc.oneof(
      fc.constantFrom(1n, 3n, 10n ** 6n, 10n ** 8n, 10n ** 18n, MAX_BASE_UNIT),
      fc.bigInt({ min: 1n, max: MAX_BASE_UNIT }),
    ),
    maintenanceMarginPpm: fc.bigInt({ min: 1n, max: 999_999n }),
    initialShare: fc.bigInt({ min: 1n, max: 1_000_000n }),
    baselinePositionSize: fc.bigInt({ min: 0n, max: 1n << 96n }),
    incrementalPositionSize: fc.bigInt({ min: 1n, max: 1n << 96n }),
    incrementalInitialMarginPpm: fc.bigInt({ min: 0n, max: 1_000_000n }),
    openInterestLowerCap: fc.bigInt({ min: 0n, max: 1n << 120n }),
    openInterestRange: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 1n << 120n })),
    penaltyShare: fc.bigInt({ min: 0n, max: 1_000_000n }),
  })
  .map((r) => {
    // IMF in (MMF, 100%] and penalty in [0, MMF]: a valid market.
    const room = 1_000_000n - r.maintenanceMarginPpm - 1n;
    const initialMarginPpm = r.maintenanceMarginPpm + 1n + (room * r.initialShare) / 1_000_000n;
    return {
      baseUnit: r.baseUnit,
      initialMarginPpm,
      maintenanceMarginPpm: r.maintenanceMarginPpm,
      baselinePositionSize: r.baselinePositionSize,
      incrementalPositionSize: r.incrementalPositionSize,
      incrementalInitialMarginPpm: r.incrementalInitialMarginPpm,
      openInterestLowerCap: r.openInterestRange === 0n ? 0n : r.openInterestLowerCap,
      openInterestUpperCap: r.openInterestRange === 0n ? 0n : r.openInterestLowerCap + r.openInterestRange,
      liquidationPenaltyPpm: (r.maintenanceMarginPpm * r.penaltyShare) / 1_000_000n,
    };
  });

/** Magnitudes chosen so that no intermediate leaves 256 bits (where Solidity reverts and bigint does not). */
const signed = (bits: bigint) =>
  fc.oneof(fc.bigInt({ min: -(1n << bits), max: 1n << bits }), fc.bigInt({ min: -1000n, max: 1000n }));

const stateArb: fc.Arbitrary<MarketState> = fc.record({
  risk: riskArb,
  indexPrice: fc.oneof(fc.bigInt({ min: 0n, max: 1n << 96n }), fc.bigInt({ min: 0n, max: 10_000n })),
  cumulativeFunding: signed(100n),
  openInterest: fc.bigInt({ min: 0n, max: 1n << 96n }),
});

const positionArb: fc.Arbitrary<Position> = fc.record({
  size: fc.oneof(signed(96n), fc.constant(0n)),
  costBasis: signed(160n),
  fundingIndex: signed(100n),
});

const accountArb: fc.Arbitrary<Account> = fc
  .tuple(
    signed(160n),
    fc.array(fc.tuple(positionArb, stateArb), { maxLength: 4 }),
    fc.bigInt({ min: -3n, max: 3n }),
    fc.boolean(),
  )
  .map(([collateral, pairs, nearMargin, atMaintenance]) => {
    const positions = pairs.map(([p]) => p);
    const markets = pairs.map(([, m]) => m);
    if (collateral % 2n !== 0n) return { collateral, positions, markets };
    // Half the accounts sit within a few units of a requirement, where rounding decides.
    const requirement = atMaintenance
      ? accountMaintenanceRequirement(positions, markets)
      : accountInitialRequirement(positions, markets);
    const withoutCollateral = accountValue(0n, positions, markets);
    return { collateral: requirement - withoutCollateral + nearMargin, positions, markets };
  });

const marketCaseArb: fc.Arbitrary<MarketCase> = fc.record({
  risk: riskArb,
  indexPrice: fc.oneof(fc.bigInt({ min: 0n, max: MAX_PRICE }), fc.bigInt({ min: 0n, max: 10n ** 12n })),
  absSize: fc.bigInt({ min: 0n, max: MAX_SIZE }),
  openInterestNotional: fc.bigInt({ min: 0n, max: 1n << 128n }),
  fillBase: fc.bigInt({ min: 0n, max: U128 }),
  fillQuote: fc.bigInt({ min: 0n, max: U128 }),
  fundingRate: fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }),
  closedNotional: fc.bigInt({ min: 0n, max: 1n << 200n }),
  valueAfter: signed(200n),
});

/** Any parameters at all, valid or not, each field in its Solidity type. */
const anyRiskArb: fc.Arbitrary<MarketRisk> = fc.record({
  baseUnit: fc.oneof(fc.bigInt({ min: 0n, max: MAX_BASE_UNIT + 1n }), fc.constant(0n)),
  initialMarginPpm: fc.bigInt({ min: 0n, max: 1_000_001n }),
  maintenanceMarginPpm: fc.bigInt({ min: 0n, max: 1_000_001n }),
  baselinePositionSize: fc.bigInt({ min: 0n, max: MAX_SIZE + 1n }),
  incrementalPositionSize: fc.bigInt({ min: 0n, max: MAX_SIZE + 1n }),
  incrementalInitialMarginPpm: fc.bigInt({ min: 0n, max: 1_000_001n }),
  openInterestLowerCap: fc.bigInt({ min: 0n, max: 10n }),
  openInterestUpperCap: fc.bigInt({ min: 0n, max: 10n }),
  liquidationPenaltyPpm: fc.bigInt({ min: 0n, max: 1_000_001n }),
});

// ------------------------------------------------------------------ tests

const chunks = <T>(xs: T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

describe("margin arithmetic: contracts/margin/libraries and risk/ agree", () => {
  let harness: Awaited<ReturnType<typeof deployHarness>>;
  const deployHarness = () => viem.deployContract("MarginMathHarness");

  before(async () => {
    harness = await deployHarness();
  });

  async function assertAccountsAgree(accounts: Account[], names: string[]) {
    for (const [batchIndex, batch] of chunks(accounts, PER_CALL).entries()) {
      // viem infers these nested struct arrays as unknown: the comparison is on plain JSON anyway.
      const onChain = (await harness.read.evaluateAccounts([batch])) as readonly unknown[];
      batch.forEach((account, k) => {
        const name = names[batchIndex * PER_CALL + k];
        assert.deepEqual(plain(onChain[k]), plain(expectedAccount(account)), `${name}: ${String(plain(account))}`);
      });
    }
  }

  async function assertMarketsAgree(cases: MarketCase[], names: string[]) {
    for (const [batchIndex, batch] of chunks(cases, PER_CALL * 4).entries()) {
      const onChain = (await harness.read.evaluateMarkets([batch])) as readonly unknown[];
      batch.forEach((c, k) => {
        assert.deepEqual(plain(onChain[k]), plain(expectedMarket(c)), names[batchIndex * PER_CALL * 4 + k]);
      });
    }
  }

  it("agrees on value, requirements, funding, liquidation and bankruptcy prices on the edge vectors", async () => {
    const vectors = accountEdgeVectors();
    await assertAccountsAgree(
      vectors.map((v) => v.account),
      vectors.map((v) => v.name),
    );
  });

  it(`agrees on ${RANDOM_ACCOUNTS} seeded random accounts of up to 4 positions, half at a requirement`, async () => {
    const accounts = fc.sample(accountArb, { seed: SEED, numRuns: RANDOM_ACCOUNTS });
    await assertAccountsAgree(
      accounts,
      accounts.map((_, i) => `random account ${i}`),
    );
  });

  it("agrees on the margin fraction, fill band, funding cap and delta, and penalty on the edge vectors", async () => {
    const vectors = marketEdgeVectors();
    await assertMarketsAgree(
      vectors.map((v) => v.c),
      vectors.map((v) => v.name),
    );
  });

  it(`agrees on ${RANDOM_MARKETS} seeded random market cases`, async () => {
    const cases = fc.sample(marketCaseArb, { seed: SEED, numRuns: RANDOM_MARKETS });
    await assertMarketsAgree(
      cases,
      cases.map((_, i) => `random market case ${i}`),
    );
  });

  it(`applies edge and ${RANDOM_MARKETS} seeded random fills to positions the same way`, async () => {
    const fillArb = fc.record({
      position: positionArb,
      baseDelta: signed(126n),
      quote: fc.bigInt({ min: 0n, max: U128 }),
    });
    const edges = [
      { position: { size: 0n, costBasis: 0n, fundingIndex: 0n }, baseDelta: 0n, quote: 0n },
      { position: { size: ETH, costBasis: 3000n * USDC, fundingIndex: 7n }, baseDelta: -ETH, quote: 3300n * USDC },
      { position: { size: -MAX_SIZE, costBasis: 0n, fundingIndex: 0n }, baseDelta: 2n * MAX_SIZE, quote: U128 },
    ];
    const cases = [...edges, ...fc.sample(fillArb, { seed: SEED, numRuns: RANDOM_MARKETS })];
    const onChain = (await harness.read.applyFills([cases])) as readonly unknown[];
    assert.deepEqual(plain(onChain), plain(cases.map((c) => applyFill(c.position, c.baseDelta, c.quote))));
  });

  it(`agrees on whether a reduction left an account no worse off, on edges and ${RANDOM_MARKETS} random cases`, async () => {
    const requirement = fc.oneof(
      fc.constant(0n),
      fc.bigInt({ min: 1n, max: 1n << 200n }),
      fc.bigInt({ min: 1n, max: 9n }),
    );
    const healthArb = fc.record({
      valueBefore: signed(200n),
      maintenanceBefore: requirement,
      valueAfter: signed(200n),
      maintenanceAfter: requirement,
    });
    const edges = [
      { valueBefore: 120n, maintenanceBefore: 141n, valueAfter: 120n, maintenanceAfter: 141n },
      { valueBefore: -100n, maintenanceBefore: 100n, valueAfter: -50n, maintenanceAfter: 50n },
      { valueBefore: 0n, maintenanceBefore: 7n, valueAfter: 0n, maintenanceAfter: 3n },
      { valueBefore: -1n, maintenanceBefore: 0n, valueAfter: -1n, maintenanceAfter: 0n },
      { valueBefore: 5n, maintenanceBefore: 0n, valueAfter: 5n, maintenanceAfter: 1n },
      {
        valueBefore: -(1n << 200n),
        maintenanceBefore: 1n << 200n,
        valueAfter: -(1n << 200n),
        maintenanceAfter: 1n << 200n,
      },
    ];
    const cases = [...edges, ...fc.sample(healthArb, { seed: SEED, numRuns: RANDOM_MARKETS })];
    const onChain = (await harness.read.notWorseOff([cases])) as readonly boolean[];
    const expected = cases.map((c) =>
      isNotWorseOff(c.valueBefore, c.maintenanceBefore, c.valueAfter, c.maintenanceAfter),
    );
    assert.deepEqual([...onChain], expected);
    assert.ok(expected.some((v) => v) && expected.some((v) => !v), "both answers are covered");
  });

  it("agrees on which market parameters are valid, at every bound and on random ones", async () => {
    const risks = [
      ETH_USD,
      ...fc.sample(anyRiskArb, { seed: SEED, numRuns: 400 }),
      ...fc.sample(riskArb, { seed: SEED, numRuns: 100 }),
    ];
    const onChain = (await harness.read.validMarkets([risks])) as readonly boolean[];
    assert.deepEqual([...onChain], risks.map(isValidMarket));
    assert.ok(onChain.some((v) => v) && onChain.some((v) => !v), "both valid and invalid markets are covered");
  });
});
