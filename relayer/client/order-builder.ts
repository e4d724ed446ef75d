// Builds orders in a market's integer units (lots and ticks, as GET /v1/info lists them) so callers never compute
// token amounts by hand: baseAmount = lots × lotSize, quoteAmount = lots × priceTicks × tickSize. No floats anywhere;
// decimal strings in token units convert with `parseUnits` from viem at the caller's boundary.
import type { Address } from "viem";
import { OrderFlags, SelfTradePrevention, TimeInForce, type Order } from "../../protocol/index.js";
import type { MarketInfo } from "../wire/markets.js";

export interface LimitOrderParams {
  maker: Address;
  side: "buy" | "sell";
  lots: bigint;
  priceTicks: bigint;
  /** Any value unique among the maker's orders on the quote token; the default is the time in microseconds. */
  nonce?: bigint;
  /** Unix seconds; 0 (the default) never expires. */
  expiry?: bigint;
  timeInForce?: "GTC" | "IOC" | "FOK";
  postOnly?: boolean;
  selfTradePrevention?: keyof typeof SelfTradePrevention;
  /** The most fee the maker accepts, in basis points of what it receives; default: the market's higher fee. */
  maxFeeBps?: number;
}

export class OrderBuildError extends Error {
  override readonly name = "OrderBuildError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

let lastNonce = 0n;

/** A nonce that grows within this process even when the clock does not. */
function freshNonce(): bigint {
  const now = BigInt(Date.now()) * 1000n;
  lastNonce = now > lastNonce ? now : lastNonce + 1n;
  return lastNonce;
}

export function limitOrder(market: MarketInfo, params: LimitOrderParams): Order {
  if (params.lots < BigInt(market.minSize))
    throw new OrderBuildError("lots", `below the market's minimum of ${market.minSize} lots`);
  if (params.priceTicks <= 0n || params.priceTicks > BigInt(market.maxPriceTicks)) {
    throw new OrderBuildError("priceTicks", `must be between 1 and ${market.maxPriceTicks}`);
  }
  return {
    maker: params.maker.toLowerCase() as Address,
    baseToken: market.base.address,
    quoteToken: market.quote.address,
    side: params.side === "buy" ? 0 : 1,
    baseAmount: params.lots * BigInt(market.lotSize),
    quoteAmount: params.lots * params.priceTicks * BigInt(market.tickSize),
    triggerQuoteAmount: 0n,
    nonce: params.nonce ?? freshNonce(),
    expiry: params.expiry ?? 0n,
    maxFeeBps: params.maxFeeBps ?? Math.max(market.makerFeeBps, market.takerFeeBps),
    timeInForce: TimeInForce[params.timeInForce ?? "GTC"],
    // A market with proofs takes only AUCTION_ONLY orders (docs/fairness.md): set it for the caller.
    flags: (params.postOnly ? OrderFlags.POST_ONLY : 0) | (market.proofs ? OrderFlags.AUCTION_ONLY : 0),
    selfTradePrevention: SelfTradePrevention[params.selfTradePrevention ?? "CANCEL_TAKER"],
  };
}
