// The market `npm start` lists: WETH-USDC, continuous. Units (engine/market.ts): lotSize is base units per lot,
// tickSize quote units per lot per tick. A lot of 0.001 WETH (10^15 wei) and a tick of 0.01 USDC per WETH, which is
// 0.00001 USDC = 10 units (6 decimals) per lot; 10,000,000 ticks reach 100,000 USDC per WETH.
import type { Address } from "viem";
import type { MarketRegistryConfig } from "../../relayer/orders/markets.js";

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
