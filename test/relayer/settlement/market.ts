// The WETH-USDC market of the settlement tests over deployed token addresses, and deterministic trader keys.
// Free of Hardhat imports: the crash test's child process loads it.
import { keccak256, toHex, type Address } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

export const LOT = 10n ** 15n; // 0.001 WETH
export const TICK = 1000n; // 1 USDC per WETH, per lot

export const trader = (i: number): PrivateKeyAccount => privateKeyToAccount(keccak256(toHex(`settlement-trader-${i}`)));

export function marketsConfig(weth: Address, usdc: Address) {
  return {
    markets: [
      {
        id: "WETH-USDC",
        engineId: 1,
        base: { symbol: "WETH", address: weth.toLowerCase(), decimals: 18 },
        quote: { symbol: "USDC", address: usdc.toLowerCase(), decimals: 6 },
        lotSize: LOT.toString(),
        tickSize: TICK.toString(),
        minSize: 1,
        makerFeeBps: 10,
        takerFeeBps: 20,
        mode: "continuous",
      },
    ],
  };
}

