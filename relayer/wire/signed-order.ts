// The JSON wire form of a signed order, `{ "order": { ...the 13 signed fields... }, "signature": "0x..." }`: what the
// SDK writes and POST /v1/orders reads (relayer/orders/wire.ts holds the schema that checks it, typed to read exactly
// this). Fields that are bigints in the protocol's `Order` are decimal strings; the uint8/uint16 fields are integers.
import type { Hex } from "viem";
import type { Order } from "../../protocol/index.js";

export interface WireOrder {
  maker: string;
  baseToken: string;
  quoteToken: string;
  side: number;
  baseAmount: string;
  quoteAmount: string;
  triggerQuoteAmount: string;
  nonce: string;
  expiry: string;
  maxFeeBps: number;
  timeInForce: number;
  flags: number;
  selfTradePrevention: number;
}

export interface WireSignedOrder {
  order: WireOrder;
  signature: string;
}

/** The wire form of a signed order (the inverse of the server's parseSignedOrder): for the SDK, tests and order read models. */
export function toWireSignedOrder({ order, signature }: { order: Order; signature: Hex }): WireSignedOrder {
  return {
    order: {
      maker: order.maker,
      baseToken: order.baseToken,
      quoteToken: order.quoteToken,
      side: order.side,
      baseAmount: order.baseAmount.toString(),
      quoteAmount: order.quoteAmount.toString(),
      triggerQuoteAmount: order.triggerQuoteAmount.toString(),
      nonce: order.nonce.toString(),
      expiry: order.expiry.toString(),
      maxFeeBps: order.maxFeeBps,
      timeInForce: order.timeInForce,
      flags: order.flags,
      selfTradePrevention: order.selfTradePrevention,
    },
    signature,
  };
}
