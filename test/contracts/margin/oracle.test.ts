// OraclePrices (contracts/margin/oracle/): signed index prices and every guard on them, driven through
// OraclePricesHarness as the margin module will call it; each misbehaving oracle is refused with its own error
// and values, or reported as a fault at use.
import assert from "node:assert/strict";
import { network } from "hardhat";
import { parseEventLogs, stringToHex, type Address, type Hex } from "viem";
import { signPriceUpdate, type SignedPriceUpdate } from "../../../protocol/index.js";
import {
  BTC_USD,
  deployOracle,
  ETH_USD,
  HEARTBEAT,
  MAX_ANSWER,
  MAX_DEVIATION_BPS,
  MIN_ANSWER,
  OUTSIDER,
  PRICE_3000,
  priceSignerAt,
  SCALE_EXPONENT,
  SIGNERS,
  THRESHOLD,
  type OracleFixture,
} from "./oracle-fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

const PriceUse = { IncreaseRisk: 0, ReduceRisk: 1, Liquidation: 2 } as const;
const PriceFault = { None: 0, NoPrice: 1, Stale: 2, SequencerDown: 3, SequencerGrace: 4 } as const;
const DEFAULT_ADMIN_ROLE: Hex = `0x${"00".repeat(32)}`;
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
const name = (parameter: string) => stringToHex(parameter, { size: 32 });
const word = (value: bigint): Hex => `0x${value.toString(16).padStart(64, "0")}`;

const bigintsAsText = (_: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

const fixture = () => deployOracle(connection);

describe("OraclePrices", () => {
  let f: OracleFixture;

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
  });

  const expectError = (promise: Promise<unknown>, error: string, args: unknown[]) =>
    f.viem.assertions.revertWithCustomErrorWithArgs(promise as never, f.oracle, error as never, args as never);
  const expectEvent = (promise: Promise<unknown>, event: string, args: unknown[]) =>
    f.viem.assertions.emitWithArgs(promise as never, f.oracle, event as never, args as never);

  /** The index price for `use` as the module reads it, at the latest block's time. */
  async function indexPrice(use: number, market = ETH_USD): Promise<{ price: bigint; fault: number }> {
    const [price, fault] = (await f.oracle.read.indexPrice([market, use])) as readonly [bigint, number];
    return { price, fault };
  }

  /** Accepts a $3,000 ETH-USD update dated `timestamp`, mined at that time. */
  async function acceptAt(timestamp: bigint, price = PRICE_3000) {
    await f.accept([await f.sign(await f.update({ price, timestamp }))], timestamp);
  }

  describe("accepting signed price updates", () => {
    it("makes an update signed by the threshold of signers the market's index price, with its event", async () => {
      const at = (await f.now()) + 10n;
      const u = await f.update({ timestamp: at - 3n });
      await expectEvent(f.accept([await f.sign(u)], at), "PriceAccepted", [
        ETH_USD,
        u.price,
        u.confidence,
        u.timestamp,
      ]);
      assert.deepEqual(await f.oracle.read.latestPrice([ETH_USD]), [PRICE_3000, at - 3n]);
      assert.deepEqual(await indexPrice(PriceUse.IncreaseRisk), { price: PRICE_3000, fault: PriceFault.None });
    });

    it("accepts any threshold-sized subset of the signers, and more signatures than the threshold", async () => {
      const t = await f.now();
      await f.accept([await f.sign(await f.update({ timestamp: t + 1n }), [SIGNERS[2], SIGNERS[0]])], t + 1n);
      await f.accept([await f.sign(await f.update({ timestamp: t + 2n }), SIGNERS)], t + 2n);
      assert.deepEqual(await f.oracle.read.latestPrice([ETH_USD]), [PRICE_3000, t + 2n]);
    });

    it("accepts updates of several markets, and successive updates of one market, in one transaction", async () => {
      const t = (await f.now()) + 5n;
      const eth1 = await f.sign(await f.update({ timestamp: t - 2n }));
      const btc = await f.sign(await f.update({ market: BTC_USD, price: 60_000n * 10n ** 6n, timestamp: t - 1n }));
      const eth2 = await f.sign(await f.update({ price: PRICE_3000 + 1n, timestamp: t - 1n }));
      await f.accept([eth1, btc, eth2], t);
      assert.deepEqual(await f.oracle.read.latestPrice([ETH_USD]), [PRICE_3000 + 1n, t - 1n]);
      assert.deepEqual(await f.oracle.read.latestPrice([BTC_USD]), [60_000n * 10n ** 6n, t - 1n]);
    });

    it("accepts an empty list and changes nothing", async () => {
      await f.accept([]);
      assert.deepEqual(await indexPrice(PriceUse.ReduceRisk), { price: 0n, fault: PriceFault.NoPrice });
    });

    it("refuses a replayed update", async () => {
      const t = (await f.now()) + 1n;
      const signed = await f.sign(await f.update({ timestamp: t }));
      await f.accept([signed], t);
      await expectError(f.accept([signed]), "PriceUpdateNotNewer", [ETH_USD, t, t]);
    });

    it("refuses an update older than the last accepted, even within one transaction", async () => {
      const t = (await f.now()) + 5n;
      const newer = await f.sign(await f.update({ timestamp: t }));
      const older = await f.sign(await f.update({ timestamp: t - 1n }));
      await expectError(f.accept([newer, older], t), "PriceUpdateNotNewer", [ETH_USD, t - 1n, t]);
    });

    it("refuses an update dated beyond block time + maxFutureSkew, and accepts one dated exactly there", async () => {
      const at = (await f.now()) + 10n;
      const tooFar = await f.sign(await f.update({ timestamp: at + 6n }));
      await expectError(f.accept([tooFar], at), "PriceUpdateFromFuture", [ETH_USD, at + 6n, at + 5n]);
      await f.accept([await f.sign(await f.update({ timestamp: at + 5n }))], at);
      assert.deepEqual(await f.oracle.read.latestPrice([ETH_USD]), [PRICE_3000, at + 5n]);
    });

    it("refuses a signature by a key outside the signer set", async () => {
      const u = await f.update();
      await expectError(f.accept([await f.sign(u, [SIGNERS[0], OUTSIDER])]), "UnknownPriceSigner", [
        ETH_USD,
        u.timestamp,
        OUTSIDER.address,
      ]);
    });

    it("refuses signatures carried over to other values (they recover to someone else)", async () => {
      const u = await f.update();
      const signed = await f.sign(u);
      const tampered = { ...signed, priceAndConfidence: signed.priceAndConfidence + (1n << 128n) };
      await f.viem.assertions.revertWithCustomError(f.accept([tampered]), f.oracle, "UnknownPriceSigner");
    });

    it("refuses fewer signatures than the threshold", async () => {
      const u = await f.update();
      await expectError(f.accept([await f.sign(u, [SIGNERS[0]])]), "TooFewPriceSignatures", [
        ETH_USD,
        u.timestamp,
        1n,
        THRESHOLD,
      ]);
      await expectError(f.accept([await f.sign(u, [])]), "TooFewPriceSignatures", [
        ETH_USD,
        u.timestamp,
        0n,
        THRESHOLD,
      ]);
    });

    it("refuses one signer counted twice", async () => {
      const u = await f.update();
      const signed = await f.sign(u, [SIGNERS[1], SIGNERS[1]]);
      await expectError(f.accept([signed]), "DuplicatePriceSigner", [ETH_USD, u.timestamp, SIGNERS[1].address]);
    });

    it("refuses a malleable high-s signature and one from which no address recovers", async () => {
      const u = await f.update();
      const signed = await f.sign(u);
      const highS = {
        ...signed,
        signatures: [signed.signatures[0], { r: signed.signatures[1].r, vs: word(HALF_ORDER + 1n) }],
      };
      await expectError(f.accept([highS]), "InvalidPriceSignature", [ETH_USD, u.timestamp, 1n]);
      const zeroR = { ...signed, signatures: [{ r: word(0n), vs: signed.signatures[0].vs }, signed.signatures[1]] };
      await expectError(f.accept([zeroR]), "InvalidPriceSignature", [ETH_USD, u.timestamp, 0n]);
    });

    it("refuses a confidence wider than maxConfidenceBps of the price, and accepts one exactly at it", async () => {
      const t = await f.now();
      const widest = PRICE_3000 / 100n; // 100 bps, the default
      const tooWide = await f.sign(await f.update({ confidence: widest + 1n, timestamp: t + 1n }));
      await expectError(f.accept([tooWide], t + 1n), "PriceConfidenceTooWide", [
        ETH_USD,
        PRICE_3000,
        widest + 1n,
        100n,
      ]);
      await f.accept([await f.sign(await f.update({ confidence: widest, timestamp: t + 2n }))], t + 2n);
    });

    it("refuses a zero price", async () => {
      const u = await f.update();
      const signed = await f.sign({ ...u, price: 1n });
      await expectError(f.accept([{ ...signed, priceAndConfidence: u.confidence }]), "ZeroPrice", [
        ETH_USD,
        u.timestamp,
      ]);
    });

    it("refuses a market with no reference feed", async () => {
      const u = await f.update({ market: 7 });
      await expectError(f.accept([await f.sign(u)]), "UnknownPriceMarket", [7]);
    });

    it("refuses a price more than maxDeviationBps from a fresh reference, and accepts one exactly at the bound", async () => {
      const t = await f.now();
      const band = (PRICE_3000 * MAX_DEVIATION_BPS) / 10_000n;
      for (const price of [PRICE_3000 + band + 1n, PRICE_3000 - band - 1n]) {
        const signed = await f.sign(await f.update({ price, confidence: 0n, timestamp: t + 1n }));
        await expectError(f.accept([signed], t + 1n), "PriceDeviatesFromReference", [
          ETH_USD,
          price,
          PRICE_3000,
          MAX_DEVIATION_BPS,
        ]);
      }
      await acceptAt(t + 1n, PRICE_3000 - band);
      await acceptAt(t + 2n, PRICE_3000 + band);
    });

    it("is not bounded by a reference clamped at its minimum or maximum answer", async () => {
      const t = await f.now();
      await f.ethFeed.write.setAnswer([MIN_ANSWER / 2n]); // a crash below the floor reads as the floor
      assert.equal(await f.ethFeed.read.answer(), MIN_ANSWER);
      await acceptAt(t + 5n, PRICE_3000 / 10n);
      await f.ethFeed.write.setAnswer([MAX_ANSWER * 2n]);
      assert.equal(await f.ethFeed.read.answer(), MAX_ANSWER);
      await acceptAt(t + 10n, PRICE_3000 * 10n);
      assert.deepEqual(await f.oracle.read.latestPrice([ETH_USD]), [PRICE_3000 * 10n, t + 10n]);
    });

    it("is not bounded by a reference older than its heartbeat, and is again once it updates", async () => {
      const t = (await f.now()) + 100n;
      await f.ethFeed.write.setUpdatedAt([t - HEARTBEAT - 1n]);
      await acceptAt(t, PRICE_3000 * 2n);
      await f.ethFeed.write.setUpdatedAt([t + 50n - HEARTBEAT]); // exactly a heartbeat old at t + 50: fresh
      const signed = await f.sign(await f.update({ price: PRICE_3000 * 2n, confidence: 0n, timestamp: t + 50n }));
      await expectError(f.accept([signed], t + 50n), "PriceDeviatesFromReference", [
        ETH_USD,
        PRICE_3000 * 2n,
        PRICE_3000,
        MAX_DEVIATION_BPS,
      ]);
    });

    it("refuses an old signer once the admin replaces the set", async () => {
      const newcomer = priceSignerAt(3);
      await f.oracle.write.setPriceSigners([[newcomer.address], 1n]);
      const u = await f.update();
      await expectError(f.accept([await f.sign(u, [SIGNERS[0]])]), "UnknownPriceSigner", [
        ETH_USD,
        u.timestamp,
        SIGNERS[0].address,
      ]);
      await f.accept([await f.sign(u, [newcomer])]);
    });

    it("refuses a signature made for another deployment of the contract", async () => {
      const other = await f.viem.deployContract("OraclePricesHarness", [f.admin.account.address]);
      const u = await f.update();
      const signed = await signPriceUpdate({ ...f.domain, verifyingContract: other.address }, u, SIGNERS.slice(0, 2));
      await f.viem.assertions.revertWithCustomError(f.accept([signed]), f.oracle, "UnknownPriceSigner");
    });
  });

  describe("the index price at use", () => {
    it("reports NoPrice for a market without an accepted price", async () => {
      for (const use of Object.values(PriceUse))
        assert.deepEqual(await indexPrice(use, BTC_USD), { price: 0n, fault: PriceFault.NoPrice });
    });

    it("is usable up to each use's maximum age and Stale one second later, strictest for increasing risk", async () => {
      const t = (await f.now()) + 1n;
      await acceptAt(t);
      const expectations: [bigint, number[]][] = [
        [30n, [PriceFault.None, PriceFault.None, PriceFault.None]],
        [31n, [PriceFault.Stale, PriceFault.None, PriceFault.None]],
        [120n, [PriceFault.Stale, PriceFault.None, PriceFault.None]],
        [121n, [PriceFault.Stale, PriceFault.None, PriceFault.Stale]],
        [3_600n, [PriceFault.Stale, PriceFault.None, PriceFault.Stale]],
        [3_601n, [PriceFault.Stale, PriceFault.Stale, PriceFault.Stale]],
      ];
      for (const [age, faults] of expectations) {
        await networkHelpers.time.increaseTo(t + age);
        for (const use of Object.values(PriceUse)) {
          assert.deepEqual(
            await indexPrice(use),
            { price: PRICE_3000, fault: faults[use] },
            `use ${use} at age ${age}`,
          );
        }
      }
    });

    it("counts an update dated slightly ahead of the block as age zero", async () => {
      const t = (await f.now()) + 1n;
      await f.accept([await f.sign(await f.update({ timestamp: t + 5n }))], t);
      assert.deepEqual(await indexPrice(PriceUse.IncreaseRisk), { price: PRICE_3000, fault: PriceFault.None });
      await networkHelpers.time.increaseTo(t + 5n + 30n);
      assert.deepEqual(await indexPrice(PriceUse.IncreaseRisk), { price: PRICE_3000, fault: PriceFault.None });
      await networkHelpers.time.increaseTo(t + 5n + 31n);
      assert.deepEqual(await indexPrice(PriceUse.IncreaseRisk), { price: PRICE_3000, fault: PriceFault.Stale });
    });
  });

  describe("the reference price", () => {
    it("is the feed's answer in index units while fresh and inside its clamp bounds", async () => {
      assert.deepEqual(await f.oracle.read.referencePrice([ETH_USD]), [PRICE_3000, true]);
      const feed = (await f.oracle.read.referenceFeed([ETH_USD])) as { scaleExponent: number };
      assert.equal(BigInt(feed.scaleExponent), SCALE_EXPONENT);
    });

    it("is not usable when stale, dated ahead, clamped at its minimum or maximum, or not positive", async () => {
      const t = await f.now();
      const unusable = async (label: string) =>
        assert.deepEqual(await f.oracle.read.referencePrice([ETH_USD]), [0n, false], label);
      await f.ethFeed.write.setUpdatedAt([t - HEARTBEAT - 1n]);
      await unusable("stale");
      await f.ethFeed.write.setUpdatedAt([t + 100n]);
      await unusable("dated ahead");
      await f.ethFeed.write.setUpdatedAt([0n]);
      await unusable("no round");
      await f.ethFeed.write.setAnswer([MIN_ANSWER]);
      await unusable("at its minimum");
      await f.ethFeed.write.setAnswer([MAX_ANSWER]);
      await unusable("at its maximum");
      await f.ethFeed.write.setAnswer([MIN_ANSWER + 1n]);
      assert.deepEqual(await f.oracle.read.referencePrice([ETH_USD]), [(MIN_ANSWER + 1n) / 100n, true]);
      const negative = await f.viem.deployContract("MockAggregator", [8, -10n, 10n, "negative"]);
      await negative.write.setAnswer([-1n]);
      await f.oracle.write.setReferenceFeed([9, negative.address, HEARTBEAT, MAX_DEVIATION_BPS, 0n, 10n, 18n, 6n]);
      assert.deepEqual(await f.oracle.read.referencePrice([9]), [0n, false]);
    });

    it("is not usable when the feed reverts, and then bounds no price instead of blocking it", async () => {
      // A token has decimals() but no latestRoundData(): every read of it reverts.
      const broken = await f.viem.deployContract("TestToken", ["Not a feed", "NAF", 8]);
      await f.oracle.write.setReferenceFeed([
        ETH_USD,
        broken.address,
        HEARTBEAT,
        MAX_DEVIATION_BPS,
        MIN_ANSWER,
        MAX_ANSWER,
        18n,
        6n,
      ]);
      assert.deepEqual(await f.oracle.read.referencePrice([ETH_USD]), [0n, false]);
      await acceptAt((await f.now()) + 1n, PRICE_3000 * 2n);
    });

    it("is not usable for a market without a feed", async () => {
      assert.deepEqual(await f.oracle.read.referencePrice([7]), [0n, false]);
    });
  });

  describe("the L2 sequencer", () => {
    beforeEach(async () => {
      await f.oracle.write.setSequencerUptimeFeed([f.sequencer.address]);
    });

    it("raises no fault without a feed", async () => {
      await f.oracle.write.setSequencerUptimeFeed(["0x0000000000000000000000000000000000000000"]);
      assert.equal(await f.oracle.read.sequencerFault(), PriceFault.None);
    });

    it("refuses increasing risk and liquidation while it is down, never reducing risk, and returns the fresh price", async () => {
      const t = (await f.now()) + 10n;
      await f.sequencer.write.setStatus([false, t - 10_000n]);
      await acceptAt(t);
      assert.equal(await f.oracle.read.sequencerFault(), PriceFault.None);
      await f.sequencer.write.setDown([true]);
      assert.equal(await f.oracle.read.sequencerFault(), PriceFault.SequencerDown);
      assert.deepEqual(await indexPrice(PriceUse.IncreaseRisk), { price: PRICE_3000, fault: PriceFault.SequencerDown });
      assert.deepEqual(await indexPrice(PriceUse.Liquidation), { price: PRICE_3000, fault: PriceFault.SequencerDown });
      assert.deepEqual(await indexPrice(PriceUse.ReduceRisk), { price: PRICE_3000, fault: PriceFault.None });
    });

    it("reports Stale before a sequencer fault", async () => {
      const t = (await f.now()) + 1n;
      await acceptAt(t);
      await f.sequencer.write.setDown([true]);
      await networkHelpers.time.increaseTo(t + 31n);
      assert.deepEqual(await indexPrice(PriceUse.IncreaseRisk), { price: PRICE_3000, fault: PriceFault.Stale });
    });

    it("refuses them within the grace period after it comes back up, and not a second later", async () => {
      const t = (await f.now()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(t);
      await f.sequencer.write.setDown([false]);
      await acceptAt(t + 1n);
      assert.deepEqual(await indexPrice(PriceUse.Liquidation), { price: PRICE_3000, fault: PriceFault.SequencerGrace });
      assert.deepEqual(await indexPrice(PriceUse.ReduceRisk), { price: PRICE_3000, fault: PriceFault.None });
      await networkHelpers.time.increaseTo(t + 3_600n);
      assert.equal(await f.oracle.read.sequencerFault(), PriceFault.SequencerGrace);
      await networkHelpers.time.increaseTo(t + 3_601n);
      assert.equal(await f.oracle.read.sequencerFault(), PriceFault.None);
    });

    it("counts a feed that is not initialised or cannot be read as down", async () => {
      await f.sequencer.write.setStatus([false, 0n]);
      assert.equal(await f.oracle.read.sequencerFault(), PriceFault.SequencerDown);
      await f.oracle.write.setSequencerUptimeFeed([f.oracle.address]);
      assert.equal(await f.oracle.read.sequencerFault(), PriceFault.SequencerDown);
    });
  });

  describe("parameters", () => {
    it("starts with the documented defaults, each announced by its event, and accepts no price before signers are named", async () => {
      const { contract, deploymentTransaction } = await f.viem.sendDeploymentTransaction("OraclePricesHarness", [
        f.admin.account.address,
      ]);
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash: deploymentTransaction.hash });
      const events = parseEventLogs({ abi: contract.abi, logs: receipt.logs }).map((e) => [e.eventName, e.args]);
      assert.deepEqual(
        events.filter(([n]) => n !== "RoleGranted"),
        [
          ["MaxFutureSkewSet", { previous: 0n, current: 5n }],
          ["MaxConfidenceBpsSet", { previous: 0n, current: 100n }],
          ["MaxPriceAgeSet", { use: PriceUse.IncreaseRisk, previous: 0n, current: 30n }],
          ["MaxPriceAgeSet", { use: PriceUse.ReduceRisk, previous: 0n, current: 3_600n }],
          ["MaxPriceAgeSet", { use: PriceUse.Liquidation, previous: 0n, current: 120n }],
          ["SequencerGracePeriodSet", { previous: 0n, current: 3_600n }],
        ],
      );
      assert.equal(await contract.read.priceSignerThreshold(), 1n);
      assert.deepEqual(await contract.read.priceSigners(), []);
      assert.equal(await contract.read.sequencerUptimeFeed(), "0x0000000000000000000000000000000000000000");
      await contract.write.setReferenceFeed([
        ETH_USD,
        f.ethFeed.address,
        HEARTBEAT,
        MAX_DEVIATION_BPS,
        MIN_ANSWER,
        MAX_ANSWER,
        18n,
        6n,
      ]);
      const u = await f.update();
      const signed = await signPriceUpdate({ ...f.domain, verifyingContract: contract.address }, u, [SIGNERS[0]]);
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        contract.write.acceptPriceUpdates([[signed]]),
        contract,
        "UnknownPriceSigner",
        [ETH_USD, u.timestamp, SIGNERS[0].address],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        contract.write.acceptPriceUpdates([[{ ...signed, signatures: [] }]]),
        contract,
        "TooFewPriceSignatures",
        [ETH_USD, u.timestamp, 0n, 1n],
      );
    });

    /** Each bounded number: its setter, event, name in ParameterOutOfRange, bounds. */
    const numbers = [
      {
        setter: "setMaxFutureSkew",
        event: "MaxFutureSkewSet",
        read: "maxFutureSkew",
        parameter: "maxFutureSkew",
        min: 0n,
        max: 300n,
        previous: 5n,
      },
      {
        setter: "setMaxConfidenceBps",
        event: "MaxConfidenceBpsSet",
        read: "maxConfidenceBps",
        parameter: "maxConfidenceBps",
        min: 0n,
        max: 1_000n,
        previous: 100n,
      },
      {
        setter: "setSequencerGracePeriod",
        event: "SequencerGracePeriodSet",
        read: "sequencerGracePeriod",
        parameter: "sequencerGracePeriod",
        min: 60n,
        max: 86_400n,
        previous: 3_600n,
      },
    ] as const;
    for (const p of numbers) {
      it(`sets ${p.parameter} within [${p.min}, ${p.max}] with its event, and refuses values outside`, async () => {
        const oracle = f.oracle as unknown as Record<
          "write" | "read",
          Record<string, (args: unknown[]) => Promise<unknown>>
        >;
        await expectEvent(oracle.write[p.setter]([p.max]), p.event, [p.previous, p.max]);
        await expectEvent(oracle.write[p.setter]([p.min]), p.event, [p.max, p.min]);
        assert.equal(await oracle.read[p.read]([]), p.min);
        await expectError(oracle.write[p.setter]([p.max + 1n]), "ParameterOutOfRange", [
          name(p.parameter),
          p.max + 1n,
          p.min,
          p.max,
        ]);
        if (p.min > 0n)
          await expectError(oracle.write[p.setter]([p.min - 1n]), "ParameterOutOfRange", [
            name(p.parameter),
            p.min - 1n,
            p.min,
            p.max,
          ]);
      });
    }

    it("sets each maximum age within its cap, keeping increasing risk the strictest", async () => {
      const set = (use: number, age: bigint) => f.oracle.write.setMaxPriceAge([use, age]);
      await expectEvent(set(PriceUse.Liquidation, 3_600n), "MaxPriceAgeSet", [PriceUse.Liquidation, 120n, 3_600n]);
      await expectEvent(set(PriceUse.ReduceRisk, 86_400n), "MaxPriceAgeSet", [PriceUse.ReduceRisk, 3_600n, 86_400n]);
      await expectEvent(set(PriceUse.IncreaseRisk, 300n), "MaxPriceAgeSet", [PriceUse.IncreaseRisk, 30n, 300n]);
      await expectError(set(PriceUse.IncreaseRisk, 301n), "ParameterOutOfRange", [
        name("maxAgeIncreaseRisk"),
        301n,
        1n,
        300n,
      ]);
      await expectError(set(PriceUse.IncreaseRisk, 0n), "ParameterOutOfRange", [
        name("maxAgeIncreaseRisk"),
        0n,
        1n,
        300n,
      ]);
      await expectError(set(PriceUse.Liquidation, 3_601n), "ParameterOutOfRange", [
        name("maxAgeLiquidation"),
        3_601n,
        300n,
        3_600n,
      ]);
      await expectError(set(PriceUse.Liquidation, 299n), "ParameterOutOfRange", [
        name("maxAgeLiquidation"),
        299n,
        300n,
        3_600n,
      ]);
      await expectError(set(PriceUse.ReduceRisk, 86_401n), "ParameterOutOfRange", [
        name("maxAgeReduceRisk"),
        86_401n,
        300n,
        86_400n,
      ]);
      await set(PriceUse.Liquidation, 300n);
      await set(PriceUse.IncreaseRisk, 10n);
      await expectError(set(PriceUse.IncreaseRisk, 301n), "ParameterOutOfRange", [
        name("maxAgeIncreaseRisk"),
        301n,
        1n,
        300n,
      ]);
      await set(PriceUse.Liquidation, 10n);
      await expectError(set(PriceUse.IncreaseRisk, 11n), "ParameterOutOfRange", [
        name("maxAgeIncreaseRisk"),
        11n,
        1n,
        10n,
      ]);
      assert.deepEqual(await Promise.all(Object.values(PriceUse).map((use) => f.oracle.read.maxPriceAge([use]))), [
        10n,
        86_400n,
        10n,
      ]);
    });

    it("sets the sequencer feed with its event", async () => {
      await expectEvent(f.oracle.write.setSequencerUptimeFeed([f.sequencer.address]), "SequencerUptimeFeedSet", [
        "0x0000000000000000000000000000000000000000",
        f.sequencer.address,
      ]);
    });

    it("replaces the signer set with its event, within 1..32 signers and a threshold of 1..n", async () => {
      const four = [0, 1, 2, 3].map((i) => priceSignerAt(i).address);
      await expectEvent(f.oracle.write.setPriceSigners([four, 4n]), "PriceSignersSet", [four, 4n]);
      assert.deepEqual(await f.oracle.read.priceSigners(), four);
      assert.equal(await f.oracle.read.priceSignerThreshold(), 4n);
      const many = Array.from({ length: 33 }, (_, i) => priceSignerAt(i).address);
      await expectError(f.oracle.write.setPriceSigners([[], 1n]), "ParameterOutOfRange", [
        name("priceSignerCount"),
        0n,
        1n,
        32n,
      ]);
      await expectError(f.oracle.write.setPriceSigners([many, 1n]), "ParameterOutOfRange", [
        name("priceSignerCount"),
        33n,
        1n,
        32n,
      ]);
      await f.oracle.write.setPriceSigners([many.slice(0, 32), 32n]);
      await expectError(f.oracle.write.setPriceSigners([four, 0n]), "ParameterOutOfRange", [
        name("priceSignerThreshold"),
        0n,
        1n,
        4n,
      ]);
      await expectError(f.oracle.write.setPriceSigners([four, 5n]), "ParameterOutOfRange", [
        name("priceSignerThreshold"),
        5n,
        1n,
        4n,
      ]);
      const zero: Address = "0x0000000000000000000000000000000000000000";
      await expectError(f.oracle.write.setPriceSigners([[four[0], zero], 1n]), "InvalidPriceSigner", [zero]);
      await expectError(f.oracle.write.setPriceSigners([[four[0], four[1], four[0]], 1n]), "InvalidPriceSigner", [
        four[0],
      ]);
    });

    it("sets a market's reference feed with its event, and refuses out-of-range fields", async () => {
      const args = (
        fields: Partial<
          Record<"aggregator" | "heartbeat" | "deviation" | "min" | "max" | "base" | "quote", unknown>
        > = {},
      ) =>
        [
          BTC_USD,
          fields.aggregator ?? f.btcFeed.address,
          fields.heartbeat ?? 86_400n,
          fields.deviation ?? 200n,
          fields.min ?? MIN_ANSWER,
          fields.max ?? MAX_ANSWER,
          fields.base ?? 8n,
          fields.quote ?? 6n,
        ] as const;
      const set = (fields: Parameters<typeof args>[0]) => f.oracle.write.setReferenceFeed([...args(fields)] as never);
      await expectEvent(set({}), "ReferenceFeedSet", [
        BTC_USD,
        f.btcFeed.address,
        86_400n,
        200n,
        MIN_ANSWER,
        MAX_ANSWER,
        8n,
      ]);
      // A Chainlink-sized maxAnswer is kept as the largest 128-bit one: no 128-bit price comes from an answer above it.
      await set({ max: (1n << 191n) - 1n });
      const stored = (await f.oracle.read.referenceFeed([BTC_USD])) as { minAnswer: bigint; maxAnswer: bigint };
      assert.deepEqual([stored.minAnswer, stored.maxAnswer], [MIN_ANSWER, (1n << 127n) - 1n]);
      await expectError(set({ aggregator: "0x0000000000000000000000000000000000000000" }), "ZeroAddress", []);
      await expectError(set({ heartbeat: 59n }), "ParameterOutOfRange", [
        name("referenceHeartbeat"),
        59n,
        60n,
        172_800n,
      ]);
      await expectError(set({ heartbeat: 172_801n }), "ParameterOutOfRange", [
        name("referenceHeartbeat"),
        172_801n,
        60n,
        172_800n,
      ]);
      await expectError(set({ deviation: 0n }), "ParameterOutOfRange", [name("maxDeviationBps"), 0n, 1n, 5_000n]);
      await expectError(set({ deviation: 5_001n }), "ParameterOutOfRange", [
        name("maxDeviationBps"),
        5_001n,
        1n,
        5_000n,
      ]);
      await expectError(set({ min: -1n }), "InvalidReferenceBounds", [-1n, MAX_ANSWER]);
      await expectError(set({ min: MAX_ANSWER }), "InvalidReferenceBounds", [MAX_ANSWER, MAX_ANSWER]);
      const INT128_MAX = (1n << 127n) - 1n;
      await expectError(set({ min: INT128_MAX, max: 1n << 191n }), "InvalidReferenceBounds", [INT128_MAX, 1n << 191n]);
      await expectError(set({ base: 37n }), "ParameterOutOfRange", [name("baseDecimals"), 37n, 0n, 36n]);
      await expectError(set({ quote: 37n }), "ParameterOutOfRange", [name("quoteDecimals"), 37n, 0n, 36n]);
      const manyDecimals = await f.viem.deployContract("MockAggregator", [37, 0n, 10n, "37 decimals"]);
      await expectError(set({ aggregator: manyDecimals.address }), "ParameterOutOfRange", [
        name("referenceDecimals"),
        37n,
        0n,
        36n,
      ]);
    });

    it("lets only the admin change a guard", async () => {
      const as = { account: f.stranger.account };
      const refusals: Promise<unknown>[] = [
        f.oracle.write.setPriceSigners([[f.stranger.account.address], 1n], as),
        f.oracle.write.setMaxFutureSkew([10n], as),
        f.oracle.write.setMaxConfidenceBps([10n], as),
        f.oracle.write.setMaxPriceAge([PriceUse.IncreaseRisk, 10n], as),
        f.oracle.write.setSequencerUptimeFeed([f.sequencer.address], as),
        f.oracle.write.setSequencerGracePeriod([600n], as),
        f.oracle.write.setReferenceFeed(
          [ETH_USD, f.btcFeed.address, HEARTBEAT, MAX_DEVIATION_BPS, MIN_ANSWER, MAX_ANSWER, 18n, 6n],
          as,
        ),
      ];
      for (const refusal of refusals)
        await expectError(refusal, "AccessControlUnauthorizedAccount", [
          f.stranger.account.address,
          DEFAULT_ADMIN_ROLE,
        ]);
    });
  });

  describe("gas", () => {
    /** Internal gas of accepting one ETH-USD update signed by `k` signers, after a first (storage already written). */
    async function acceptGas(k: number): Promise<{ internal: bigint; transaction: bigint }> {
      const signers = [0, 1, 2].map(priceSignerAt);
      await f.oracle.write.setPriceSigners([signers.map((s) => s.address), BigInt(k)]);
      const t = (await f.now()) + 1n;
      await f.accept([await f.sign(await f.update({ timestamp: t }), signers.slice(0, k))], t);
      const next: SignedPriceUpdate[] = [await f.sign(await f.update({ timestamp: t + 1n }), signers.slice(0, k))];
      await networkHelpers.time.setNextBlockTimestamp(t + 1n);
      const { result: internal } = await f.oracle.simulate.acceptPriceUpdatesGas([next]);
      const hash = await f.accept(next);
      const { gasUsed } = await f.publicClient.waitForTransactionReceipt({ hash });
      return { internal, transaction: gasUsed };
    }

    // Measured: k = 1 ≈ 34,700 inside _acceptPriceUpdates (58,600 for the transaction), k = 3 ≈ 46,200 (72,200);
    // docs/margin.md "Prices and oracle guards" says where it goes.
    it("accepts one update with k = 1 within 36,000 gas and with k = 3 within 48,000", async () => {
      const one = await acceptGas(1);
      const three = await acceptGas(3);
      assert.ok(one.internal < 36_000n && three.internal < 48_000n, JSON.stringify({ one, three }, bigintsAsText));
    });

    // Measured: ≈ 4,900 (two cold slots), ≈ 14,800 with the mock sequencer feed (a cold call reading three slots).
    it("reads an index price within 5,500 gas, and with a sequencer feed within 16,000", async () => {
      await acceptAt((await f.now()) + 1n);
      const plain = (await f.oracle.read.indexPriceGas([ETH_USD, PriceUse.IncreaseRisk])) as bigint;
      await f.oracle.write.setSequencerUptimeFeed([f.sequencer.address]);
      const withSequencer = (await f.oracle.read.indexPriceGas([ETH_USD, PriceUse.IncreaseRisk])) as bigint;
      assert.ok(plain < 5_500n && withSequencer < 16_000n, JSON.stringify({ plain, withSequencer }, bigintsAsText));
    });
  });
});
