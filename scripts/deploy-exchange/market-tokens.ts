// Before `npm run deploy` spends gas on markets it did not create: every token of MARKETS_FILE must be a contract
// on this chain whose decimals() is the file's. A wrong decimals would make every amount the relayer shows off by a
// power of ten, and a token address from another chain would take deposits nobody can trade.
import { parseAbi, type Address, type PublicClient } from "viem";
import { ConfigError } from "../../relayer/config/index.js";
import type { MarketRegistryConfig } from "../../relayer/markets/markets.js";

const ERC20_DECIMALS = parseAbi(["function decimals() view returns (uint8)"]);

export async function checkMarketTokens(
  client: PublicClient,
  markets: MarketRegistryConfig,
  chainId: number,
): Promise<void> {
  for (const market of markets.markets) {
    for (const [side, token] of [
      ["base", market.base],
      ["quote", market.quote],
    ] as const) {
      const where = `market ${market.id}: ${side} token ${token.symbol} (${token.address})`;
      const code = await client.getCode({ address: token.address as Address });
      if (code === undefined || code === "0x")
        throw new ConfigError("CONFIG_INVALID", "MARKETS_FILE", `${where} has no contract on chain ${chainId}`);
      const decimals = await client
        .readContract({ address: token.address as Address, abi: ERC20_DECIMALS, functionName: "decimals" })
        .catch(() => null);
      if (decimals === null)
        throw new ConfigError("CONFIG_INVALID", "MARKETS_FILE", `${where} has no decimals(): not an ERC-20`);
      if (decimals !== token.decimals)
        throw new ConfigError(
          "CONFIG_INVALID",
          "MARKETS_FILE",
          `${where} has ${decimals} decimals on chain ${chainId}, the file says ${token.decimals}`,
        );
    }
  }
}
