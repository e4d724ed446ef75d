// The ledger's refusals (relayer/ledger/rejections.ts) as API errors: the one place a refused ledger record a
// client caused (today a withdrawal request) becomes a response. Like engine-rejection.ts, the table is a Record
// over every refusal code, so a code added to the ledger does not compile until it has an API code here.
import type { LedgerRejection, LedgerRejectionCode } from "../ledger/index.js";
import { ApiError } from "./api-error.js";
import type { ApiErrorCode } from "./codes.js";
import { controlRejectionCode } from "./control-rejection.js";

interface Mapped {
  code: ApiErrorCode;
  message: string;
}

const INTERNAL: Mapped = { code: "INTERNAL_ERROR", message: "internal" };

// Shapes (ids, addresses, amounts) come from a schema-checked message, and deposits, orders, fills and owners are
// never a client's record: those refusals can only be a relayer bug, so they are INTERNAL_ERROR.
const TABLE: Record<LedgerRejectionCode, Mapped> = {
  "insufficient-available": { code: "INSUFFICIENT_BALANCE", message: "Insufficient available balance for this withdrawal." },
  "duplicate-withdrawal": { code: "DUPLICATE_WITHDRAWAL", message: "This withdrawal was already requested." },
  "unknown-withdrawal": { code: "WITHDRAWAL_NOT_FOUND", message: "No such withdrawal." },
  "invalid-amount": INTERNAL,
  "invalid-address": INTERNAL,
  "invalid-id": INTERNAL,
  "duplicate-deposit": INTERNAL,
  "unknown-deposit": INTERNAL,
  "duplicate-order": INTERNAL,
  "unknown-order": INTERNAL,
  "exceeds-lock": INTERNAL,
  "fill-mismatch": INTERNAL,
  "unknown-fill": INTERNAL,
  "duplicate-owner": INTERNAL,
  "duplicate-address": INTERNAL,
  // The chain's order controls refuse place commands (control-rejection.ts has their messages and fields); listed so
  // that every refusal has one code here too.
  "account-exiting": { code: controlRejectionCode("account-exiting"), message: "The account has requested exit on-chain." },
  "order-cancelled-onchain": { code: controlRejectionCode("order-cancelled-onchain"), message: "This order was cancelled on-chain." },
  "nonce-below-floor": { code: controlRejectionCode("nonce-below-floor"), message: "The nonce is below the account's on-chain nonce floor." },
  "nonce-used": { code: controlRejectionCode("nonce-used"), message: "The maker already used this nonce." },
  "duplicate-chain-event": INTERNAL,
};

/**
 * The API error for a ledger refusal; the refusal itself (with its values) goes to `details`, for logs only.
 * `amountField` names the request's amount, the field at fault when the balance does not cover it.
 */
export function ledgerRejection(rejection: LedgerRejection, { amountField }: { amountField?: string } = {}): ApiError {
  const { code, message } = TABLE[rejection.code];
  const details = `ledger refused: ${JSON.stringify(rejection, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`;
  const field = rejection.code === "insufficient-available" ? amountField : undefined;
  return new ApiError(code, message, { details, field });
}

/** The API code a ledger refusal maps to (for docs and tests). */
export function ledgerRejectionCode(code: LedgerRejectionCode): ApiErrorCode {
  return TABLE[code].code;
}
