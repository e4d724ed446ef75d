// A signed order → the engine's place command, exactly. The signed amounts are token units for the whole order;
// the engine works in lots and ticks. The mapping never rounds: an order whose amounts are not whole lots and
// whole ticks is refused (422) instead of being moved to a nearby price, because the contract checks fills against
// the signed amounts and a rounded order could trade worse than its maker signed.
//
//   size  = baseAmount / lotSize                        (else OFF_LOT)
//   price = quoteAmount / (size × tickSize)             (else OFF_TICK), and likewise stopPrice from triggerQuoteAmount
//
// How a client says "market order": timeInForce IOC (or FOK), with quoteAmount as the worst price it accepts.
// The signed order has no kind field (the contract checks limits, and every order has one), so the relayer reads
// IOC/FOK as the engine's Market kind (StopMarket with a trigger) and GTC as Limit (StopLimit); the engine matches
// a market order exactly like an IOC/FOK limit order at its worst price, so nothing else depends on the choice.
// A good-till-date order is GTC with a non-zero expiry: the engine calls that GTD.
import {
  OrderKind,
  TimeInForce,
  validatePlace,
  type Lots,
  type OrderId,
  type OwnerId,
  type PlaceCommand,
  type Seconds,
  type Ticks,
} from "../../engine/index.js";
import { OrderFlags, TimeInForce as SignedTif, type Order } from "../../protocol/index.js";
import { ApiError } from "../errors/api-error.js";
import { engineRejection } from "../errors/refusals.js";
import { assertAuctionFlag } from "./auction-flag.js";
import type { RelayerMarket } from "../markets/markets.js";

/** The place command without what the sequencer stamps on it (seq, time). */
export type PlaceFields = Omit<PlaceCommand, "seq" | "time">;

export interface PlaceContext {
  /** The engine id the relayer assigned to this order (it keeps order hash → id). */
  id: OrderId;
  /** The engine account id of the order's maker. */
  owner: OwnerId;
  /** Unix seconds; when given, an order already expired is refused here (EXPIRED) rather than by the engine. */
  now?: number;
}

/** Throws ApiError 422 (UNKNOWN_MARKET, AUCTION_ONLY_REQUIRED, OFF_LOT, OFF_TICK, BELOW_MINIMUM, …) when the order does not fit the market. */
export function toPlaceCommand(market: RelayerMarket, signed: { order: Order }, ctx: PlaceContext): PlaceFields {
  const { order } = signed;
  const engine = market.engine;
  if (
    order.baseToken.toLowerCase() !== market.base.address ||
    order.quoteToken.toLowerCase() !== market.quote.address
  ) {
    throw new ApiError("UNKNOWN_MARKET", `The order's token pair is not market ${market.id}.`);
  }
  assertAuctionFlag(market, order);

  if (order.baseAmount % engine.lotSize !== 0n) {
    throw new ApiError("OFF_LOT", `baseAmount must be a multiple of the lot size ${engine.lotSize}.`, {
      field: "order.baseAmount",
    });
  }
  const size = order.baseAmount / engine.lotSize;
  if (size > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ApiError("SIZE_OUT_OF_RANGE", `baseAmount is more than ${Number.MAX_SAFE_INTEGER} lots.`, {
      field: "order.baseAmount",
    });
  }
  if (size < BigInt(engine.minSize)) {
    const min = BigInt(engine.minSize) * engine.lotSize;
    throw new ApiError("BELOW_MINIMUM", `baseAmount is below the minimum order of ${min}.`, {
      field: "order.baseAmount",
    });
  }

  const price = ticksOf(market, order.quoteAmount, size, "quoteAmount");
  const isStop = order.triggerQuoteAmount !== 0n;
  const stopPrice = isStop ? ticksOf(market, order.triggerQuoteAmount, size, "triggerQuoteAmount") : 0;
  const rests = order.timeInForce === SignedTif.GTC;
  const kind = isStop
    ? rests
      ? OrderKind.StopLimit
      : OrderKind.StopMarket
    : rests
      ? OrderKind.Limit
      : OrderKind.Market;
  const expiry = Number(order.expiry); // < 2^40: exact

  const fields: PlaceFields = {
    type: "place",
    market: engine.id,
    id: ctx.id,
    owner: ctx.owner,
    side: order.side,
    kind,
    price: price as Ticks,
    size: Number(size) as Lots,
    tif: rests && expiry !== 0 ? TimeInForce.GTD : order.timeInForce,
    expiry: expiry as Seconds,
    postOnly: (order.flags & OrderFlags.POST_ONLY) !== 0,
    stopPrice: stopPrice as Ticks,
    stp: order.selfTradePrevention,
    maxFeeBps: order.maxFeeBps,
  };

  // The engine's own stateless rules (fee cap against the market's rates, post-only only when resting, what an
  // auction market refuses, expiry): run here so the client hears them before the order is sequenced, with the
  // same answer the engine would give.
  const reason = validatePlace(engine, { ...fields, seq: 0, time: 0 as Seconds }, ctx.now ?? 0);
  if (reason !== null) throw engineRejection(reason);
  return fields;
}

/** `amount` for `size` lots as a whole number of ticks in 1..maxPriceTicks. */
function ticksOf(
  market: RelayerMarket,
  amount: bigint,
  size: bigint,
  field: "quoteAmount" | "triggerQuoteAmount",
): number {
  const perTick = size * market.engine.tickSize;
  if (amount % perTick !== 0n) {
    throw new ApiError(
      "OFF_TICK",
      `${field} must be size × price × ${market.engine.tickSize} for a whole price in ticks.`,
      {
        field: `order.${field}`,
      },
    );
  }
  const ticks = amount / perTick; // ≥ 1: amount > 0 and a multiple of perTick
  if (ticks > BigInt(market.engine.maxPriceTicks)) {
    throw new ApiError(
      "PRICE_OUT_OF_RANGE",
      `${field} is above the market's highest price of ${market.engine.maxPriceTicks} ticks.`,
      {
        field: `order.${field}`,
      },
    );
  }
  return Number(ticks);
}
