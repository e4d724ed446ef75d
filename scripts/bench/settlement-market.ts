// The one market the settlement tests, benchmark and simulator trade on their own chain: WETH-USDC over the tokens they
// deploy, a lot 0.001 WETH, a tick 1 USDC per WETH.
import type { Address } from "viem";

export const SETTLEMENT_LOT = 10n ** 15n;
export const SETTLEMENT_TICK = 1000n;

export function settlementMarkets(weth: Address, usdc: Address) {
  return {
    markets: [
      {
        id: "WETH-USDC",
        engineId: 1,
        base: { symbol: "WETH", address: weth.toLowerCase(), decimals: 18 },
        quote: { symbol: "USDC", address: usdc.toLowerCase(), decimals: 6 },
        lotSize: SETTLEMENT_LOT.toString(),
        tickSize: SETTLEMENT_TICK.toString(),
        minSize: 1,
        makerFeeBps: 10,
        takerFeeBps: 20,
        mode: "continuous" as const,
      },
    ],
  };
}
