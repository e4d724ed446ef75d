// Shared set-up for the oracle tests: an OraclePricesHarness (OraclePrices with its internal interface exposed),
// an ETH-USD market (id 1) with a Chainlink-style mock reference (8 decimals, 18-decimal size unit, 6-decimal
// collateral), three price signers of which two must sign, and helpers to sign and submit updates.
import { keccak256, toHex, type Hex, type LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  priceDomain,
  signPriceUpdate,
  type PriceDomain,
  type PriceUpdate,
  type SignedPriceUpdate,
} from "../../../protocol/index.js";
import type { Connection } from "../fixture.js";

export const ETH_USD = 1;
export const BTC_USD = 2;
export const REFERENCE_DECIMALS = 8;
/** The mock feed's clamp bounds, as a Chainlink aggregator's: $1 and $1,000,000. */
export const MIN_ANSWER = 10n ** 8n;
export const MAX_ANSWER = 10n ** 14n;
export const HEARTBEAT = 3_600n;
export const MAX_DEVIATION_BPS = 500n;
/** 18 + quote decimals (6) − size decimals (18) − feed decimals (8). */
export const SCALE_EXPONENT = -2n;
/** $3,000 per ETH in index units: 3000 USDC units (6 decimals) per 1e18 size units, × 1e18. */
export const PRICE_3000 = 3_000n * 10n ** 6n;
export const ANSWER_3000 = 3_000n * 10n ** 8n;

/** Fixed keys, so a failure reproduces. */
export const priceSignerAt = (i: number): LocalAccount => privateKeyToAccount(keccak256(toHex(`price signer ${i}`)));
export const SIGNERS = [0, 1, 2].map(priceSignerAt);
export const OUTSIDER = priceSignerAt(99);
export const THRESHOLD = 2n;

export async function deployOracle(connection: Connection) {
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const [admin, stranger] = await viem.getWalletClients();
  const oracle = await viem.deployContract("OraclePricesHarness", [admin.account.address]);
  const ethFeed = await viem.deployContract("MockAggregator", [
    REFERENCE_DECIMALS,
    MIN_ANSWER,
    MAX_ANSWER,
    "ETH / USD",
  ]);
  const btcFeed = await viem.deployContract("MockAggregator", [
    REFERENCE_DECIMALS,
    MIN_ANSWER,
    MAX_ANSWER,
    "BTC / USD",
  ]);
  const sequencer = await viem.deployContract("MockSequencerUptimeFeed");
  await ethFeed.write.setAnswer([ANSWER_3000]);
  await btcFeed.write.setAnswer([60_000n * 10n ** 8n]);
  for (const [market, feed] of [
    [ETH_USD, ethFeed],
    [BTC_USD, btcFeed],
  ] as const)
    await oracle.write.setReferenceFeed([
      market,
      feed.address,
      HEARTBEAT,
      MAX_DEVIATION_BPS,
      MIN_ANSWER,
      MAX_ANSWER,
      18n,
      6n,
    ]);
  await oracle.write.setPriceSigners([SIGNERS.map((s) => s.address), THRESHOLD]);
  const domain: PriceDomain = priceDomain(await publicClient.getChainId(), oracle.address);

  const now = async () => BigInt(await networkHelpers.time.latest());

  /** An ETH-USD update at $3,000, 0.05% confidence, dated now; fields may be replaced. */
  async function update(fields: Partial<PriceUpdate> = {}): Promise<PriceUpdate> {
    return { market: ETH_USD, price: PRICE_3000, confidence: PRICE_3000 / 2_000n, timestamp: await now(), ...fields };
  }

  const sign = (u: PriceUpdate, signers: readonly LocalAccount[] = SIGNERS.slice(0, 2)): Promise<SignedPriceUpdate> =>
    signPriceUpdate(domain, u, signers);

  /** Submits signed updates in one transaction, mined at `at` when given. */
  async function accept(updates: SignedPriceUpdate[], at?: bigint): Promise<Hex> {
    if (at !== undefined) await networkHelpers.time.setNextBlockTimestamp(at);
    return oracle.write.acceptPriceUpdates([updates]);
  }

  return {
    ...connection,
    publicClient,
    admin,
    stranger,
    oracle,
    ethFeed,
    btcFeed,
    sequencer,
    domain,
    now,
    update,
    sign,
    accept,
  };
}

export type OracleFixture = Awaited<ReturnType<typeof deployOracle>>;
