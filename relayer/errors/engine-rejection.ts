// The engine's rejection reasons (engine/types.ts RejectReason) as API errors. The engine answers with reasons, not
// exceptions; the relayer turns the `rejected` event of a client's command into one of these. The table is a Record
// over every reason, so a reason added to the engine does not compile until it has an API code here.
import type { RejectReason } from "../../engine/index.js";
import type { Order } from "../../protocol/index.js";
import { ApiError } from "./api-error.js";
import type { ApiErrorCode } from "./codes.js";

interface Mapped {
  code: ApiErrorCode;
  message: string;
  /** The signed order's field at fault, when one is. */
  field?: keyof Order;
}

// Reasons that only a relayer bug can produce (it builds ids, owners, sides, kinds, modes and fee caps from a
// schema-checked order) are INTERNAL_ERROR: the client did nothing wrong. `not-owner` answers like `unknown-order`,
// so nobody learns whether another account has an order with some id.
const TABLE: Record<RejectReason, Mapped> = {
  "unknown-market": { code: "UNKNOWN_MARKET", message: "No market is listed for this token pair." },
  "invalid-id": { code: "INTERNAL_ERROR", message: "invalid id" },
  "invalid-owner": { code: "INTERNAL_ERROR", message: "invalid owner" },
  "invalid-side": { code: "INTERNAL_ERROR", message: "invalid side" },
  "invalid-kind": { code: "INTERNAL_ERROR", message: "invalid kind" },
  "invalid-price": { code: "PRICE_OUT_OF_RANGE", message: "The limit price is outside the market's price range.", field: "quoteAmount" },
  "invalid-size": { code: "SIZE_OUT_OF_RANGE", message: "The order size is outside the range the market accepts.", field: "baseAmount" },
  "below-min-size": { code: "BELOW_MINIMUM", message: "The order is smaller than the market's minimum size.", field: "baseAmount" },
  "invalid-time-in-force": { code: "UNSUPPORTED_ORDER_TYPE", message: "This time in force is not valid for this order type.", field: "timeInForce" },
  "invalid-expiry": { code: "INVALID_EXPIRY", message: "The expiry is not valid for this order.", field: "expiry" },
  "already-expired": { code: "EXPIRED", message: "The order has already expired.", field: "expiry" },
  "invalid-stop-price": { code: "PRICE_OUT_OF_RANGE", message: "The trigger price is outside the market's price range.", field: "triggerQuoteAmount" },
  "invalid-self-trade-mode": { code: "INTERNAL_ERROR", message: "invalid self-trade mode" },
  "invalid-fee-cap": { code: "INTERNAL_ERROR", message: "invalid fee cap" },
  "post-only-not-allowed": { code: "POST_ONLY_NOT_ALLOWED", message: "Post-only orders must be good-till-cancelled.", field: "flags" },
  "not-supported-in-auction": {
    code: "NOT_SUPPORTED_IN_AUCTION",
    message: "Stop, post-only and fill-or-kill orders are not supported in auction markets.",
  },
  "not-an-auction-market": { code: "INTERNAL_ERROR", message: "not an auction market" },
  "duplicate-id": { code: "DUPLICATE_ORDER", message: "This order was already submitted." },
  "fee-cap-exceeded": { code: "FEE_CAP_TOO_LOW", message: "maxFeeBps is below the fee rate this order can be charged.", field: "maxFeeBps" },
  "risk-rejected": { code: "INSUFFICIENT_BALANCE", message: "Insufficient available balance for this order." },
  "post-only-would-take": { code: "POST_ONLY_WOULD_TAKE", message: "The post-only order would take liquidity." },
  "stop-would-trigger": { code: "STOP_WOULD_TRIGGER", message: "The stop order's trigger price has already been reached." },
  "unknown-order": { code: "ORDER_NOT_FOUND", message: "No such open order." },
  "not-owner": { code: "ORDER_NOT_FOUND", message: "No such open order." },
};

/**
 * The API error for an engine rejection. `field` names the signed order's field at fault, under `prefix` (the
 * wire envelope's key, "order." for a placed order).
 */
export function engineRejection(reason: RejectReason, prefix = "order."): ApiError {
  const { code, message, field } = TABLE[reason];
  return new ApiError(code, message, { field: field && prefix + field, details: `engine rejected: ${reason}` });
}

/** The API code the engine's reason maps to (for docs and tests). */
export function engineRejectionCode(reason: RejectReason): ApiErrorCode {
  return TABLE[reason].code;
}
