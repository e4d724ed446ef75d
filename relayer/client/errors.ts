// What the SDK throws when the relayer answers an error: the API's `{ code, message, field? }` with the HTTP status,
// so callers branch on `code` (docs/api-errors.md), never on message text. `code` is typed as the API's code union
// (relayer/wire/error-codes.ts, a file with no server imports), so a switch over it is checked against the real codes.
import type { ApiErrorCode } from "../wire/error-codes.js";

export class RelayerApiError extends Error {
  override readonly name = "RelayerApiError";

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

/** The relayer could not be reached, or answered something that is not the API's JSON. */
export class RelayerTransportError extends Error {
  override readonly name = "RelayerTransportError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
