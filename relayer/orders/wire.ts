// The JSON wire form of a signed order: `{ "order": { ...the 13 signed fields... }, "signature": "0x..." }`.
// The order object has exactly the fields of the EIP-712 `Order` type, under the same names, so a client sends
// what it signed and nothing else (unknown fields are refused: a typo like "expiry_" must not silently mean 0).
// Fields that are bigints in `Order` are decimal strings; the uint8/uint16 fields are JSON integers.
//
//   { "order": { "maker": "0x…", "baseToken": "0x…", "quoteToken": "0x…", "side": 0,
//                "baseAmount": "1000000000000000000", "quoteAmount": "3000000000", "triggerQuoteAmount": "0",
//                "nonce": "1", "expiry": "0", "maxFeeBps": 30, "timeInForce": 0, "flags": 0, "selfTradePrevention": 0 },
//     "signature": "0x…" }
import { z } from "zod";
import type { Hex } from "viem";
import {
  assertOrderInRange,
  InvalidOrderError,
  MAX_FEE_BPS,
  OrderFlags,
  type Order,
  type SelfTradePrevention,
  type Side,
  type TimeInForce,
} from "../../protocol/index.js";
import { ApiError } from "../errors/api-error.js";
import { address, oneOfInts, signature, smallInt, uintString } from "./wire-fields.js";
import { parseWire } from "./parse.js";
import type { WireSignedOrder } from "../wire/signed-order.js";

export { toWireSignedOrder, type WireSignedOrder } from "../wire/signed-order.js";

const object = { error: "must be a JSON object" };

export const wireOrder = z.strictObject(
  {
    maker: address,
    baseToken: address,
    quoteToken: address,
    side: oneOfInts([0, 1] as const satisfies readonly Side[]),
    baseAmount: uintString(128, 1n),
    quoteAmount: uintString(128, 1n),
    triggerQuoteAmount: uintString(128),
    nonce: uintString(64),
    expiry: uintString(40),
    maxFeeBps: smallInt(0, MAX_FEE_BPS),
    timeInForce: oneOfInts([0, 1, 2] as const satisfies readonly TimeInForce[]),
    flags: oneOfInts([
      0,
      OrderFlags.POST_ONLY,
      OrderFlags.AUCTION_ONLY,
      OrderFlags.POST_ONLY | OrderFlags.AUCTION_ONLY,
    ] as const),
    selfTradePrevention: oneOfInts([0, 1, 2, 3] as const satisfies readonly SelfTradePrevention[]),
  },
  object,
);

export const wireSignedOrder = z.strictObject({ order: wireOrder, signature }, object);

/** The schema reads exactly the wire form the SDK writes (relayer/wire/signed-order.ts), checked by the compiler. */
true satisfies [WireSignedOrder, z.input<typeof wireSignedOrder>] extends [
  z.input<typeof wireSignedOrder>,
  WireSignedOrder,
]
  ? true
  : false;

export interface SignedOrder {
  order: Order;
  /** Lower-case hex; its validity is admission's question (401), not the schema's. */
  signature: Hex;
}

/** A request body → the signed order, or ApiError 400 naming the field. */
export function parseSignedOrder(json: unknown): SignedOrder {
  const { order, signature } = parseWire(wireSignedOrder, json);
  // The schema already enforces the contract's ranges; the protocol's own check stays the authority, so that a
  // rule added there cannot be missed here.
  try {
    assertOrderInRange(order);
  } catch (error) {
    if (!(error instanceof InvalidOrderError)) throw error;
    throw new ApiError("INVALID_FIELD", `order.${error.field} ${error.reason}`, {
      field: `order.${error.field}`,
      cause: error,
    });
  }
  return { order, signature };
}
