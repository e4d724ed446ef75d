// The markets `npm start` lists (demoMarkets alone: the continuous one, also an example markets file). Units
// (engine/market.ts): lotSize is base units per lot, tickSize quote units per lot per tick.
//   WETH-USDC, continuous: a lot of 0.001 WETH (10^15 wei) and a tick of 0.01 USDC per WETH, which is 0.00001 USDC =
//   10 units (6 decimals) per lot; 10,000,000 ticks reach 100,000 USDC per WETH.
//   WBTC-USDC, batch auction with proofs (docs/fairness.md): a lot of 0.0001 WBTC (10^4 units, 8 decimals) and a tick
//   of 0.01 USDC per WBTC, which is 0.000001 USDC = 1 unit per lot; 50,000,000 ticks reach 500,000 USDC per WBTC,
//   below the engine's 2^26 and the circuit's 2^32.
import type { Address } from "viem";
import type { MarketRegistryConfig } from "../../relayer/markets/markets.js";

/** How often the auction market closes a batch: long enough to place both sides of a trade by hand, short enough
 *  that `npm run demo` does not wait long (each close is a logged command, also when the batch is empty). */
export const AUCTION_BATCH_INTERVAL_MS = 3_000;

export function demoMarkets(tokens: { WETH: Address; USDC: Address }): MarketRegistryConfig {
  return {
    markets: [
      {
        id: "WETH-USDC",
        engineId: 1,
        base: { symbol: "WETH", address: tokens.WETH, decimals: 18 },
        quote: { symbol: "USDC", address: tokens.USDC, decimals: 6 },
        lotSize: "1000000000000000",
        tickSize: "10",
        minSize: 1,
        makerFeeBps: 10,
        takerFeeBps: 20,
        mode: "continuous",
        maxPriceTicks: 10_000_000,
      },
    ],
  };
}

/** The embedded default's markets: WETH-USDC, and beside it the WBTC-USDC batch auction with proofs. */
export function embeddedMarkets(tokens: { WETH: Address; USDC: Address; WBTC: Address }): MarketRegistryConfig {
  const auction = {
    id: "WBTC-USDC",
    engineId: 2,
    base: { symbol: "WBTC", address: tokens.WBTC, decimals: 8 },
    quote: { symbol: "USDC", address: tokens.USDC, decimals: 6 },
    lotSize: "10000",
    tickSize: "1",
    minSize: 1,
    makerFeeBps: 10,
    takerFeeBps: 20,
    mode: "auction",
    proofs: true,
    batchIntervalMs: AUCTION_BATCH_INTERVAL_MS,
    maxPriceTicks: 50_000_000,
  } as const;
  return { markets: [...demoMarkets(tokens).markets, auction] };
}
