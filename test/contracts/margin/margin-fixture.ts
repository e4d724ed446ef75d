// Shared set-up for the margin module tests: the real Exchange (USDC custody) and a MarginModuleHarness (the module,
// plus a way to write positions until perpetual fills settle) granted MARGIN_MODULE_ROLE, an ETH-USD market (id 1,
// IMF 10%, MMF 5%) with a mock Chainlink reference at $3,000, two of three price signers, and funded traders.
import { getAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { priceDomain, signPriceUpdate, type PriceUpdate, type SignedPriceUpdate } from "../../../protocol/index.js";
import { deployExchange, ONE_USDC, type Connection } from "../fixture.js";
import {
  ETH_USD,
  HEARTBEAT,
  MAX_ANSWER,
  MAX_DEVIATION_BPS,
  MIN_ANSWER,
  PRICE_3000,
  REFERENCE_DECIMALS,
  SIGNERS,
  THRESHOLD,
} from "./oracle-fixture.js";

export { ETH_USD, PRICE_3000 };
export const MARGIN_MODULE_ROLE = keccak256(toHex("MARGIN_MODULE_ROLE"));
export const ONE_ETH = 10n ** 18n;
export const FUNDING_PERIOD = 3_600n;

/** ETH-USD: 1e18 size units per price, IMF 10%, MMF 5%, tiers above 100 ETH, no OI scaling, 1% penalty. */
export const ethRisk = {
  baseUnit: ONE_ETH,
  initialMarginPpm: 100_000n,
  maintenanceMarginPpm: 50_000n,
  baselinePositionSize: 100n * ONE_ETH,
  incrementalPositionSize: 10n * ONE_ETH,
  incrementalInitialMarginPpm: 10_000n,
  openInterestLowerCap: 0n,
  openInterestUpperCap: 0n,
  liquidationPenaltyPpm: 10_000n,
};

export async function deployMargin(connection: Connection) {
  const { networkHelpers } = connection;
  const base = await deployExchange(connection);
  const { viem, admin, operator, exchange, usdc, publicClient } = base;
  const module = await viem.deployContract("MarginModuleHarness", [
    admin.account.address,
    operator.account.address,
    exchange.address,
    usdc.address,
  ]);
  await exchange.write.grantRole([MARGIN_MODULE_ROLE, module.address], { account: admin.account });
  const ethFeed = await viem.deployContract("MockAggregator", [
    REFERENCE_DECIMALS,
    MIN_ANSWER,
    MAX_ANSWER,
    "ETH / USD",
  ]);
  await ethFeed.write.setAnswer([3_000n * 10n ** 8n]);
  await module.write.setReferenceFeed([
    ETH_USD,
    ethFeed.address,
    HEARTBEAT,
    MAX_DEVIATION_BPS,
    MIN_ANSWER,
    MAX_ANSWER,
    18n,
    6n,
  ]);
  await module.write.setPriceSigners([SIGNERS.map((s) => s.address), THRESHOLD]);
  const ethMarket = {
    risk: ethRisk,
    quoteToken: getAddress(usdc.address),
    fundingPeriod: FUNDING_PERIOD,
    maxOpenInterest: 1_000n * ONE_ETH,
    maxPositionSize: 200n * ONE_ETH,
  };
  await module.write.setMarket([ETH_USD, ethMarket]);
  const domain = priceDomain(await publicClient.getChainId(), module.address);
  const asOperator = await viem.getContractAt("MarginModuleHarness", module.address, { client: { wallet: operator } });
  const [alice, bob, carol] = base.traders;
  for (const trader of [alice, bob, carol]) await base.fund(trader, usdc, 100_000n * ONE_USDC);

  const now = async () => BigInt(await networkHelpers.time.latest());

  /** An ETH-USD update signed by two signers, dated now, at `price` (index units); the reference moves with it. */
  async function priceAt(price: bigint, fields: Partial<PriceUpdate> = {}): Promise<SignedPriceUpdate[]> {
    await ethFeed.write.setAnswer([(price * 10n ** 8n) / 10n ** 6n]);
    const update = { market: ETH_USD, price, confidence: price / 2_000n, timestamp: await now(), ...fields };
    return [await signPriceUpdate(domain, update, SIGNERS.slice(0, 2))];
  }

  /** Gives `who` margin collateral of `amount` from its Exchange balance. */
  const deposit = (
    who: { account: { address: Address } } & (typeof base.traders)[number],
    amount: bigint,
  ): Promise<Hex> => module.write.depositCollateral([amount], { account: who.account });

  return { ...base, module, asOperator, ethFeed, ethMarket, domain, now, priceAt, deposit, alice, bob, carol };
}

export type MarginFixture = Awaited<ReturnType<typeof deployMargin>>;
