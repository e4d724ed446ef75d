// The perpetual market of `npm start` (docs/margin.md "The margin module"): deploys MarginModule beside the exchange
// with USDC as collateral, gives it the exchange's MARGIN_MODULE_ROLE (collateral stays in the exchange's custody),
// and lists ETH-USD (market 1) with a mock Chainlink-style reference at $3,000 and one development price signer, so the
// off-chain price service and risk engine of the next issue have a market to drive. No perpetual fill settles yet.
import hre from "hardhat";
import type { Address, PublicClient, WalletClient } from "viem";
import { contractWriter, deployContract, type ContractArtifact } from "../deploy.js";

/** Market 1: the id ETH-USD's price updates and perpetual orders carry (docs/margin.md "Perpetual orders"). */
export const PERP_ETH_USD = 1;
const FEED_DECIMALS = 8;
/** The mock feed's clamp bounds, as a Chainlink aggregator's: $1 and $1,000,000. */
const MIN_ANSWER = 10n ** 8n;
const MAX_ANSWER = 10n ** 14n;
const ONE_ETH = 10n ** 18n;

/** ETH-USD: IMF 10% (10×), MMF 5%, +1% IMF per 10 ETH above 100 ETH, no open-interest scaling, 1% penalty cap. */
const ETH_USD_PARAMETERS = (usdc: Address) => ({
  risk: {
    baseUnit: ONE_ETH,
    initialMarginPpm: 100_000n,
    maintenanceMarginPpm: 50_000n,
    baselinePositionSize: 100n * ONE_ETH,
    incrementalPositionSize: 10n * ONE_ETH,
    incrementalInitialMarginPpm: 10_000n,
    openInterestLowerCap: 0n,
    openInterestUpperCap: 0n,
    liquidationPenaltyPpm: 10_000n,
  },
  quoteToken: usdc,
  fundingPeriod: 3_600n,
  maxOpenInterest: 10_000n * ONE_ETH,
  maxPositionSize: 1_000n * ONE_ETH,
});

export interface PerpContracts {
  marginModule: Address;
  ethUsdAggregator: Address;
}

export async function deployPerpMarket(options: {
  deployer: WalletClient;
  client: PublicClient;
  exchange: Address;
  admin: Address;
  operator: Address;
  usdc: Address;
  priceSigner: Address;
}): Promise<PerpContracts> {
  const { deployer, client, exchange, admin } = options;
  const artifact = async (name: string) => (await hre.artifacts.readArtifact(name)) as unknown as ContractArtifact;
  const write = contractWriter(deployer, client, admin);

  const moduleArtifact = await artifact("MarginModule");
  const marginModule = await deployContract(deployer, client, moduleArtifact, [
    admin,
    options.operator,
    exchange,
    options.usdc,
  ]);
  const exchangeAbi = (await artifact("Exchange")).abi;
  const role = await client.readContract({ address: exchange, abi: exchangeAbi, functionName: "MARGIN_MODULE_ROLE" });
  await write(exchange, exchangeAbi, "grantRole", [role, marginModule]);

  const feedArtifact = await artifact("MockAggregator");
  const ethUsdAggregator = await deployContract(deployer, client, feedArtifact, [
    FEED_DECIMALS,
    MIN_ANSWER,
    MAX_ANSWER,
    "ETH / USD",
  ]);
  await write(ethUsdAggregator, feedArtifact.abi, "setAnswer", [3_000n * 10n ** 8n]);
  // Heartbeat 1 h, deviation 5%; 18 base decimals (ETH), 6 quote decimals (USDC).
  await write(marginModule, moduleArtifact.abi, "setReferenceFeed", [
    PERP_ETH_USD,
    ethUsdAggregator,
    3_600n,
    500n,
    MIN_ANSWER,
    MAX_ANSWER,
    18n,
    6n,
  ]);
  await write(marginModule, moduleArtifact.abi, "setPriceSigners", [[options.priceSigner], 1n]);
  await write(marginModule, moduleArtifact.abi, "setMarket", [PERP_ETH_USD, ETH_USD_PARAMETERS(options.usdc)]);
  return { marginModule, ethUsdAggregator };
}
