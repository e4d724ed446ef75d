// Prices as people say them ("3000" USDC per WETH: quote tokens per whole base token, a decimal string) and as orders
// carry them (ticks: one lot costs priceTicks × tickSize quote units). The conversion is exact integer arithmetic on
// the market's decimals, lot and tick from GET /v1/info; a price between two ticks is refused, never rounded, so a
// script's configured price is the price its orders carry.
import { formatUnits, parseUnits } from "viem";
import type { MarketInfo } from "../wire/markets.js";
import { OrderBuildError } from "./order-builder.js";

type PricedMarket = Pick<MarketInfo, "base" | "quote" | "lotSize" | "tickSize">;

/** `price` (quote tokens per whole base token, e.g. "2999.5") in the market's ticks; OrderBuildError("price") if it is not a whole tick. */
export function priceToTicks(market: PricedMarket, price: string): bigint {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(price))
    throw new OrderBuildError(
      "price",
      `"${price}" is not a decimal number of ${market.quote.symbol} per ${market.base.symbol}`,
    );
  // viem's parseUnits rounds extra decimals: refuse them first.
  if ((price.split(".")[1]?.length ?? 0) > market.quote.decimals) {
    throw new OrderBuildError(
      "price",
      `"${price}" has more decimals than ${market.quote.symbol} (${market.quote.decimals})`,
    );
  }
  const perBase = parseUnits(price, market.quote.decimals);
  // quote units per lot = perBase × lotSize / 10^baseDecimals; ticks = that / tickSize.
  const numerator = perBase * BigInt(market.lotSize);
  const denominator = BigInt(market.tickSize) * 10n ** BigInt(market.base.decimals);
  if (numerator % denominator !== 0n) {
    throw new OrderBuildError(
      "price",
      `${price} ${market.quote.symbol} per ${market.base.symbol} falls between ticks (a tick is ${ticksToPrice(market, 1n)})`,
    );
  }
  return numerator / denominator;
}

/** The price of `ticks` in quote tokens per whole base token, as a decimal string (rounded down past the quote token's decimals). */
export function ticksToPrice(market: PricedMarket, ticks: bigint): string {
  return formatUnits(
    (ticks * BigInt(market.tickSize) * 10n ** BigInt(market.base.decimals)) / BigInt(market.lotSize),
    market.quote.decimals,
  );
}
