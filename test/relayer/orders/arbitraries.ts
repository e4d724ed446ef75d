// Random markets and orders that fit them, for the mapping's property tests. Orders are generated in the engine's
// units (lots, ticks) and signed in token units, so every one is valid by construction.
import fc from "fast-check";
import type { Address } from "viem";
import {
  feeRateLimitNeeded,
  lotsToQuote,
  orderToSignedAmounts,
  OrderKind,
  type Lots,
  type Ticks,
} from "../../../engine/index.js";
import type { Order } from "../../../protocol/index.js";
import { MarketRegistry, type RelayerMarket } from "../../../relayer/markets/markets.js";
import { lowerAddress } from "./fixtures.js";

export interface MarketShape {
  lotSize: bigint;
  tickSize: bigint;
  minSize: number;
  makerFeeBps: number;
  takerFeeBps: number;
  mode: "continuous" | "auction";
  maxPriceTicks: number;
}

export function marketShape(limits: {
  lotBits: number;
  tickBits: number;
  maxPriceTicks: number;
}): fc.Arbitrary<MarketShape> {
  return fc.record({
    lotSize: fc.bigInt({ min: 1n, max: 1n << BigInt(limits.lotBits) }),
    tickSize: fc.bigInt({ min: 1n, max: 1n << BigInt(limits.tickBits) }),
    minSize: fc.integer({ min: 1, max: 5 }),
    makerFeeBps: fc.integer({ min: 0, max: 1000 }),
    takerFeeBps: fc.integer({ min: 0, max: 1000 }),
    mode: fc.constantFrom("continuous" as const, "auction" as const),
    maxPriceTicks: fc.integer({ min: 1, max: limits.maxPriceTicks }),
  });
}

const BASE = "0x00000000000000000000000000000000000000b1";
const QUOTE = "0x00000000000000000000000000000000000000c2";

/** A one-market registry of that shape. */
export function marketOf(shape: MarketShape): RelayerMarket {
  return MarketRegistry.fromConfig({
    markets: [
      {
        id: "BASE-QUOTE",
        engineId: 1,
        base: { symbol: "BASE", address: BASE, decimals: 18 },
        quote: { symbol: "QUOTE", address: QUOTE, decimals: 6 },
        ...shape,
      },
    ],
  }).byId("BASE-QUOTE")!;
}

/** An order in engine terms; `signed` turns it into the Order its maker signs. */
export interface OrderIntent {
  side: 0 | 1;
  size: number;
  price: number;
  stopPrice: number;
  timeInForce: 0 | 1 | 2;
  postOnly: boolean;
  selfTradePrevention: 0 | 1 | 2 | 3;
  expiry: bigint;
  /** Basis points above the lowest fee cap the market accepts for this order. */
  extraFeeBps: number;
}

/** An order the market accepts: sizes from minSize, prices in range, and no combination the engine refuses. */
export function intentFor(
  market: MarketShape,
  opts: { maxSize: number; stops: boolean; maxPrice?: number; expiry?: fc.Arbitrary<bigint> },
): fc.Arbitrary<OrderIntent> {
  const auction = market.mode === "auction";
  const maxPrice = Math.min(opts.maxPrice ?? market.maxPriceTicks, market.maxPriceTicks);
  return fc
    .record({
      side: fc.constantFrom(0 as const, 1 as const),
      size: fc.integer({ min: market.minSize, max: Math.max(market.minSize, opts.maxSize) }),
      price: fc.integer({ min: 1, max: maxPrice }),
      // Mostly plain orders that rest (GTC), so that books fill up and later orders cross them.
      stopPrice:
        opts.stops && !auction
          ? fc.oneof(
              { arbitrary: fc.constant(0), weight: 4 },
              { arbitrary: fc.integer({ min: 1, max: maxPrice }), weight: 1 },
            )
          : fc.constant(0),
      timeInForce: fc.oneof(
        { arbitrary: fc.constant(0 as const), weight: 3 },
        { arbitrary: fc.constant(1 as const), weight: 1 },
        { arbitrary: auction ? fc.constant(1 as const) : fc.constant(2 as const), weight: 1 },
      ),
      postOnly: auction ? fc.constant(false) : fc.boolean(),
      selfTradePrevention: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
      expiry: opts.expiry ?? fc.constant(0n),
      extraFeeBps: fc.integer({ min: 0, max: 100 }),
    })
    .map((o) => ({ ...o, postOnly: o.postOnly && o.timeInForce === 0 }));
}

/** The fee cap this order needs in this market (the engine's own rule), plus the intent's extra. */
export function feeCapOf(market: RelayerMarket, intent: OrderIntent): number {
  const kind = intent.timeInForce === 0 ? OrderKind.Limit : OrderKind.Market;
  const needed = feeRateLimitNeeded(market.engine, { kind, tif: intent.timeInForce, postOnly: intent.postOnly });
  return Math.min(10_000, needed + intent.extraFeeBps);
}

export function signed(market: RelayerMarket, intent: OrderIntent, maker: Address, nonce: bigint): Order {
  const { baseAmount, quoteAmount } = orderToSignedAmounts(market.engine, intent.size as Lots, intent.price as Ticks);
  return {
    maker,
    baseToken: market.base.address,
    quoteToken: market.quote.address,
    side: intent.side,
    baseAmount,
    quoteAmount,
    triggerQuoteAmount:
      intent.stopPrice === 0 ? 0n : lotsToQuote(market.engine, intent.size as Lots, intent.stopPrice as Ticks),
    nonce,
    expiry: intent.expiry,
    maxFeeBps: feeCapOf(market, intent),
    timeInForce: intent.timeInForce,
    flags: intent.postOnly ? 1 : 0,
    selfTradePrevention: intent.selfTradePrevention,
  };
}

export const maker = lowerAddress;
