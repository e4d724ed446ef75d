// One line of a demo account's balances in the exchange contract, read from the chain: what both halves of
// `npm run demo` print before and after their trade.
import { formatUnits, type Address, type PublicClient } from "viem";
import { EXCHANGE_ABI } from "../../relayer/abi/exchange.js";

export interface DemoToken {
  readonly symbol: string;
  readonly address: string;
  readonly decimals: number;
}

export async function exchangeBalances(
  chain: PublicClient,
  exchange: Address,
  account: Address,
  tokens: readonly DemoToken[],
): Promise<string> {
  const amounts = await Promise.all(
    tokens.map(async (t) => {
      const amount = await chain.readContract({
        address: exchange,
        abi: EXCHANGE_ABI,
        functionName: "balanceOf",
        args: [account, t.address as Address],
      });
      return `${formatUnits(amount, t.decimals)} ${t.symbol}`;
    }),
  );
  return amounts.join(", ");
}
