// The TradingMachine's refusals of a place command because of the chain (relayer/ledger/chain-controls.ts) or a reused
// nonce (relayer/ledger/order-nonces.ts) as API errors. Any other ledger refusal of a client's command is a relayer bug: INTERNAL_ERROR, with the refusal in the
// details (never shown to the client).
import type { LedgerRejection } from "../ledger/index.js";
import { ApiError } from "./api-error.js";
import type { ApiErrorCode } from "./codes.js";

type ControlRejectionCode = Extract<LedgerRejection["code"], "account-exiting" | "order-cancelled-onchain" | "nonce-below-floor" | "nonce-used">;

const TABLE: Record<ControlRejectionCode, { code: ApiErrorCode; message: string; field?: string }> = {
  "account-exiting": { code: "ACCOUNT_EXITING", message: "The maker has requested exit on-chain; no orders are taken until it cancels the exit.", field: "order.maker" },
  "order-cancelled-onchain": { code: "ORDER_CANCELLED_ONCHAIN", message: "This order was cancelled on-chain." },
  "nonce-below-floor": { code: "NONCE_BELOW_FLOOR", message: "The order's nonce is below the maker's on-chain nonce floor.", field: "order.nonce" },
  "nonce-used": {
    code: "NONCE_USED",
    message: "The maker already used this nonce: a live order carries it, or an order with it has traded. Give every order its own nonce.",
    field: "order.nonce",
  },
};

const bigints = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

/** The API error for a ledger/machine refusal of a client's command. */
export function controlRejection(rejection: LedgerRejection): ApiError {
  const mapped = (TABLE as Partial<Record<string, (typeof TABLE)[ControlRejectionCode]>>)[rejection.code];
  if (mapped === undefined) return new ApiError("INTERNAL_ERROR", "The ledger refused the command.", { details: JSON.stringify(rejection, bigints) });
  return new ApiError(mapped.code, mapped.message, { field: mapped.field, details: `machine refused: ${rejection.code}` });
}

/** The API code a machine refusal maps to (for docs and tests). */
export function controlRejectionCode(code: LedgerRejection["code"]): ApiErrorCode {
  return (TABLE as Partial<Record<string, { code: ApiErrorCode }>>)[code]?.code ?? "INTERNAL_ERROR";
}
