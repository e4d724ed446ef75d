// The one refusal table: every way a client's signed command can be refused once it is well-formed — a signature
// rule (relayer/admission/rejections.ts), an engine reason (engine/types.ts RejectReason), a ledger refusal
// (relayer/ledger/rejections.ts: balances, withdrawals, the chain's order controls, reused nonces) — and what the
// client sees for it: the API code (its status comes from codes.ts), the message, and the request field at fault.
// The sections are Records over every reason and refusal code, so one added to the engine or the ledger does not
// compile until it has its answer here. Whatever path meets a refusal (the pre-check before sequencing, the
// machine's acknowledgement, a withdrawal request) answers from this table, so a refusal reads the same everywhere.
import type { RejectReason } from "../../engine/index.js";
import type { SignatureRejection } from "../admission/rejections.js";
import type { LedgerRejection, LedgerRejectionCode } from "../ledger/index.js";
import { ApiError } from "./api-error.js";
import type { ApiErrorCode } from "../wire/error-codes.js";

export interface Refusal {
  readonly code: ApiErrorCode;
  readonly message: string;
  /** The field at fault, relative to the wire envelope's key ("order.", "withdrawal."), when one is. */
  readonly field?: string;
}

/** A refusal a client did not cause: only a relayer bug produces it. The message never reaches a client (5xx bodies are fixed). */
const internal = (what: string): Refusal => ({ code: "INTERNAL_ERROR", message: what });

/**
 * The engine's reasons. Ids, owners, sides, kinds, modes and fee caps are built from a schema-checked order, so their
 * refusals are relayer bugs. `not-owner` answers like `unknown-order`, so nobody learns whether another account has an
 * order with some id.
 */
const ENGINE: Record<RejectReason, Refusal> = {
  "unknown-market": { code: "UNKNOWN_MARKET", message: "No market is listed for this token pair." },
  "invalid-id": internal("invalid id"),
  "invalid-owner": internal("invalid owner"),
  "invalid-side": internal("invalid side"),
  "invalid-kind": internal("invalid kind"),
  "invalid-price": {
    code: "PRICE_OUT_OF_RANGE",
    message: "The limit price is outside the market's price range.",
    field: "quoteAmount",
  },
  "invalid-size": {
    code: "SIZE_OUT_OF_RANGE",
    message: "The order size is outside the range the market accepts.",
    field: "baseAmount",
  },
  "below-min-size": {
    code: "BELOW_MINIMUM",
    message: "The order is smaller than the market's minimum size.",
    field: "baseAmount",
  },
  "invalid-time-in-force": {
    code: "UNSUPPORTED_ORDER_TYPE",
    message: "This time in force is not valid for this order type.",
    field: "timeInForce",
  },
  "invalid-expiry": { code: "INVALID_EXPIRY", message: "The expiry is not valid for this order.", field: "expiry" },
  "already-expired": { code: "EXPIRED", message: "The order has already expired.", field: "expiry" },
  "invalid-stop-price": {
    code: "PRICE_OUT_OF_RANGE",
    message: "The trigger price is outside the market's price range.",
    field: "triggerQuoteAmount",
  },
  "invalid-self-trade-mode": internal("invalid self-trade mode"),
  "invalid-fee-cap": internal("invalid fee cap"),
  "post-only-not-allowed": {
    code: "POST_ONLY_NOT_ALLOWED",
    message: "Post-only orders must be good-till-cancelled.",
    field: "flags",
  },
  "not-supported-in-auction": {
    code: "NOT_SUPPORTED_IN_AUCTION",
    message: "Stop, post-only and fill-or-kill orders are not supported in auction markets.",
  },
  "not-an-auction-market": internal("not an auction market"),
  "duplicate-id": { code: "DUPLICATE_ORDER", message: "This order was already submitted." },
  "fee-cap-exceeded": {
    code: "FEE_CAP_TOO_LOW",
    message: "maxFeeBps is below the fee rate this order can be charged.",
    field: "maxFeeBps",
  },
  "risk-rejected": { code: "INSUFFICIENT_BALANCE", message: "Insufficient available balance for this order." },
  "post-only-would-take": { code: "POST_ONLY_WOULD_TAKE", message: "The post-only order would take liquidity." },
  "stop-would-trigger": {
    code: "STOP_WOULD_TRIGGER",
    message: "The stop order's trigger price has already been reached.",
  },
  "unknown-order": { code: "ORDER_NOT_FOUND", message: "No such open order." },
  "not-owner": { code: "ORDER_NOT_FOUND", message: "No such open order." },
};

/**
 * The ledger's refusals. A client causes only the balance and withdrawal ones (a withdrawal request) and the chain's
 * order controls and reused nonces (a place command); shapes come from a schema-checked message, and deposits,
 * orders, fills, owners and chain events are never a client's record, so the rest are relayer bugs.
 */
const LEDGER: Record<LedgerRejectionCode, Refusal> = {
  "insufficient-available": {
    code: "INSUFFICIENT_BALANCE",
    message: "Insufficient available balance for this withdrawal.",
    field: "amount",
  },
  "duplicate-withdrawal": { code: "DUPLICATE_WITHDRAWAL", message: "This withdrawal was already requested." },
  "unknown-withdrawal": { code: "WITHDRAWAL_NOT_FOUND", message: "No such withdrawal." },
  "account-exiting": {
    code: "ACCOUNT_EXITING",
    message: "The maker has requested exit on-chain; no orders are taken until it cancels the exit.",
    field: "maker",
  },
  "order-cancelled-onchain": { code: "ORDER_CANCELLED_ONCHAIN", message: "This order was cancelled on-chain." },
  "nonce-below-floor": {
    code: "NONCE_BELOW_FLOOR",
    message: "The order's nonce is below the maker's on-chain nonce floor.",
    field: "nonce",
  },
  "nonce-used": {
    code: "NONCE_USED",
    message:
      "The maker already used this nonce: a live order carries it, or an order with it has traded. Give every order its own nonce.",
    field: "nonce",
  },
  "invalid-amount": internal("invalid amount"),
  "invalid-address": internal("invalid address"),
  "invalid-id": internal("invalid id"),
  "duplicate-deposit": internal("duplicate deposit"),
  "unknown-deposit": internal("unknown deposit"),
  "duplicate-order": internal("duplicate order"),
  "unknown-order": internal("unknown order"),
  "exceeds-lock": internal("exceeds lock"),
  "fill-mismatch": internal("fill mismatch"),
  "unknown-fill": internal("unknown fill"),
  "duplicate-owner": internal("duplicate owner"),
  "duplicate-address": internal("duplicate address"),
  "duplicate-chain-event": internal("duplicate chain event"),
};

/** The whole table, by source: what a client sees for every refusal (for docs and tests). */
export const REFUSALS = { engine: ENGINE, ledger: LEDGER } as const;

function toError({ code, message, field }: Refusal, prefix: string | undefined, details: string): ApiError {
  return new ApiError(code, message, {
    field: field === undefined || prefix === undefined ? undefined : prefix + field,
    details,
  });
}

const bigints = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

/**
 * The API error for an engine rejection. `field` names the signed order's field at fault, under `prefix` (the
 * wire envelope's key, "order." for a placed order).
 */
export function engineRejection(reason: RejectReason, prefix = "order."): ApiError {
  return toError(ENGINE[reason], prefix, `engine rejected: ${reason}`);
}

/** The API code the engine's reason maps to (for docs and tests). */
export function engineRejectionCode(reason: RejectReason): ApiErrorCode {
  return ENGINE[reason].code;
}

/**
 * The API error for a ledger refusal (a withdrawal request's, or the machine's refusal of a place command); the
 * refusal itself, with its values, goes to `details`, for logs only. `prefix` is the wire envelope's key
 * ("order.", "withdrawal."): without it the error names no field.
 */
export function ledgerRejection(rejection: LedgerRejection, { prefix }: { prefix?: string } = {}): ApiError {
  return toError(LEDGER[rejection.code], prefix, `ledger refused: ${JSON.stringify(rejection, bigints)}`);
}

/** The API code a ledger refusal maps to (for docs and tests). */
export function ledgerRejectionCode(code: LedgerRejectionCode): ApiErrorCode {
  return LEDGER[code].code;
}

/**
 * The API error for a signature the contract's rules refuse: its code is the rule's. `what` says what it fails to
 * do ("authorise this order"); `signerField` is the field blamed for the zero address, every other rule blames
 * `signature`.
 */
export function signatureRejection(
  code: SignatureRejection,
  { what, signerField }: { what: string; signerField: string },
): ApiError {
  return new ApiError(code, `The signature does not ${what} (${code}).`, {
    field: code === "MAKER_ZERO_ADDRESS" ? signerField : "signature",
  });
}
