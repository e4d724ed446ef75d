// The one error type the API answers with. Everything a client sees is `code` (stable, see codes.ts), the status
// that code maps to, a short `message` written for the client, and `field` when a request field is to blame.
// `details` and `cause` are for the operator's logs: they are never part of a response body, and JSON.stringify
// of the error gives the response body too, so a stray `res.json(error)` cannot leak them either.
import { statusOf, type ApiErrorCode, type ApiErrorStatus } from "../wire/error-codes.js";
import { RelayerError, type RelayerErrorOptions } from "./relayer-error.js";

export interface ApiErrorOptions extends RelayerErrorOptions {
  /** The request field at fault, as a dotted path ("order.baseAmount"). Sent to the client. */
  field?: string;
}

/** The JSON body of every error response. */
export interface ErrorResponseBody {
  code: ApiErrorCode;
  message: string;
  field?: string;
}

export class ApiError extends RelayerError<ApiErrorCode> {
  override readonly name = "ApiError";
  readonly status: ApiErrorStatus;
  readonly field: string | undefined;

  constructor(code: ApiErrorCode, message: string, { field, ...options }: ApiErrorOptions = {}) {
    super(code, message, options);
    this.status = statusOf(code);
    this.field = field;
  }

  toJSON(): ErrorResponseBody {
    return toResponseBody(this);
  }
}

const INTERNAL_MESSAGE = "Internal error.";
/** 5xx bodies say only this, whatever message the thrower wrote: a server fault's text is for the logs. */
const SERVER_FAULT_MESSAGE: Record<number, string> = {
  500: INTERNAL_MESSAGE,
  503: "Service temporarily unavailable; retry later.",
};

/** Any thrown value as an ApiError: an ApiError as it is; anything else is our fault and becomes INTERNAL_ERROR. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError("INTERNAL_ERROR", INTERNAL_MESSAGE, { cause: error });
}

/** The response body for any thrown value: code, message and field, built field by field so nothing else rides along. */
export function toResponseBody(error: unknown): ErrorResponseBody {
  const api = toApiError(error);
  const body: ErrorResponseBody = { code: api.code, message: SERVER_FAULT_MESSAGE[api.status] ?? api.message };
  if (api.field !== undefined) body.field = api.field;
  return body;
}
