// The one market the relayer benchmark trades: WETH-USDC-like, a lot 0.001 base, a tick 1 quote unit per base unit.
import type { Address } from "viem";

export const BENCH_CHAIN_ID = 31337;
export const BENCH_EXCHANGE: Address = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
export const BENCH_TOKENS = {
  base: "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2" as Address,
  quote: "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48" as Address,
};
export const BENCH_LOT = 10n ** 15n;
export const BENCH_TICK = 1000n;
export const BENCH_MARKETS = {
  markets: [
    {
      id: "WETH-USDC",
      engineId: 1,
      base: { symbol: "WETH", address: BENCH_TOKENS.base, decimals: 18 },
      quote: { symbol: "USDC", address: BENCH_TOKENS.quote, decimals: 6 },
      lotSize: BENCH_LOT.toString(),
      tickSize: BENCH_TICK.toString(),
      minSize: 1,
      makerFeeBps: 10,
      takerFeeBps: 20,
      mode: "continuous",
    },
  ],
};
