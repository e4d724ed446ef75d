// One config with a continuous WETH-USDC market and an auction WBTC-USDC market, in the units of docs/protocol.md's
// signing example: a lot is 0.001 WETH, a tick 1 USDC per WETH, so 1 WETH for at most 3,000 USDC is 1,000 lots at 3,000 ticks.
import { MarketRegistry, type MarketRegistryConfig } from "../../../relayer/markets/markets.js";
import { USDC, WETH } from "../orders/fixtures.js";

export const WBTC = "0x2279b7a0a67db372996a5fab50d91eaa73d2ebe6";

export const CONFIG: MarketRegistryConfig = {
  markets: [
    {
      id: "WETH-USDC",
      engineId: 1,
      base: { symbol: "WETH", address: WETH, decimals: 18 },
      quote: { symbol: "USDC", address: USDC, decimals: 6 },
      lotSize: "1000000000000000",
      tickSize: "1000",
      minSize: 10,
      makerFeeBps: 10,
      takerFeeBps: 20,
      mode: "continuous",
    },
    {
      id: "WBTC-USDC",
      engineId: 2,
      base: { symbol: "WBTC", address: WBTC, decimals: 8 },
      quote: { symbol: "USDC", address: USDC, decimals: 6 },
      lotSize: 10_000n,
      tickSize: 10n,
      makerFeeBps: 5,
      takerFeeBps: 5,
      mode: "auction",
      maxPriceTicks: 1 << 26,
      batchIntervalMs: 3_600_000, // no batch closes by the clock during a test: tests that want one submit it
    },
  ],
};

export const registry = (): MarketRegistry => MarketRegistry.fromConfig(CONFIG);
