/**
 * Stateless admission checks of a place command against its market. The
 * engine adds the checks that need state (duplicate id, post-only, stop
 * trigger, risk). Returns the first reason to reject, or null.
 */
import { MAX_FEE_BPS, type MarketConfig } from "./market.js";
import { OrderKind, SelfTrade, Side, TimeInForce, type PlaceCommand, type RejectReason } from "./types.js";

const isId = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/** Would an order on `side` at `price` take from the book (a post-only refusal)? An empty side never crosses. */
export function wouldTake(book: { bestBid(): number; bestAsk(): number }, side: Side, price: number): boolean {
  if (side === Side.Buy) {
    const ask = book.bestAsk();
    return ask !== 0 && ask <= price;
  }
  const bid = book.bestBid();
  return bid !== 0 && bid >= price;
}

/** Does this order ever rest? (limit and stop-limit orders with GTC or GTD) */
export function restsInBook(cmd: Pick<PlaceCommand, "kind" | "tif">): boolean {
  return (
    (cmd.kind === OrderKind.Limit || cmd.kind === OrderKind.StopLimit) &&
    (cmd.tif === TimeInForce.GTC || cmd.tif === TimeInForce.GTD)
  );
}

/** The fee rate an order may be charged: maker only if post-only, taker only if it never rests, else either. */
export function feeRateLimitNeeded(market: MarketConfig, cmd: Pick<PlaceCommand, "kind" | "tif" | "postOnly">): number {
  if (market.mode === "auction") return Math.max(market.makerFeeBps, market.takerFeeBps);
  if (cmd.postOnly) return market.makerFeeBps;
  if (!restsInBook(cmd)) return market.takerFeeBps;
  return Math.max(market.makerFeeBps, market.takerFeeBps);
}

export function validatePlace(market: MarketConfig, cmd: PlaceCommand, now: number): RejectReason | null {
  const auction = market.mode === "auction";
  if (!isId(cmd.id)) return "invalid-id";
  if (!isId(cmd.owner)) return "invalid-owner";
  if (cmd.side !== Side.Buy && cmd.side !== Side.Sell) return "invalid-side";
  const kind = cmd.kind;
  if (
    kind !== OrderKind.Limit &&
    kind !== OrderKind.Market &&
    kind !== OrderKind.StopLimit &&
    kind !== OrderKind.StopMarket
  ) {
    return "invalid-kind";
  }
  const isStop = kind === OrderKind.StopLimit || kind === OrderKind.StopMarket;
  if (auction && isStop) return "not-supported-in-auction";
  if (!Number.isInteger(cmd.price) || cmd.price < 1 || cmd.price > market.maxPriceTicks) return "invalid-price";
  if (!Number.isSafeInteger(cmd.size) || cmd.size < 1) return "invalid-size";
  if (cmd.size < market.minSize) return "below-min-size";
  const tif = cmd.tif;
  if (tif !== TimeInForce.GTC && tif !== TimeInForce.GTD && tif !== TimeInForce.IOC && tif !== TimeInForce.FOK) {
    return "invalid-time-in-force";
  }
  const isMarket = kind === OrderKind.Market || kind === OrderKind.StopMarket;
  if (isMarket && tif !== TimeInForce.IOC && tif !== TimeInForce.FOK) return "invalid-time-in-force";
  if (auction && tif === TimeInForce.FOK) return "not-supported-in-auction";
  if (!isId(cmd.expiry)) return "invalid-expiry";
  if (tif === TimeInForce.GTD && cmd.expiry === 0) return "invalid-expiry";
  if (cmd.expiry !== 0 && cmd.expiry <= now) return "already-expired";
  if (isStop) {
    if (!Number.isInteger(cmd.stopPrice) || cmd.stopPrice < 1 || cmd.stopPrice > market.maxPriceTicks)
      return "invalid-stop-price";
  } else if (cmd.stopPrice !== 0) {
    return "invalid-stop-price";
  }
  if (cmd.postOnly) {
    if (auction) return "not-supported-in-auction";
    if (!restsInBook(cmd)) return "post-only-not-allowed";
  }
  const stp = cmd.stp;
  if (
    stp !== SelfTrade.CancelTaker &&
    stp !== SelfTrade.CancelMaker &&
    stp !== SelfTrade.CancelBoth &&
    stp !== SelfTrade.Decrement
  ) {
    return "invalid-self-trade-mode";
  }
  if (!Number.isInteger(cmd.maxFeeBps) || cmd.maxFeeBps < 0 || cmd.maxFeeBps > MAX_FEE_BPS) return "invalid-fee-cap";
  if (feeRateLimitNeeded(market, cmd) > cmd.maxFeeBps) return "fee-cap-exceeded";
  return null;
}
