// The one base of the relayer's own errors: a stable `code` (what callers, the API layer and operators' alerts key
// on), a message for people, `details` (more depth, for logs) and the standard `cause`. Each module narrows `Code`
// to its own list (sequencer/errors.ts, config/errors.ts, …) and ApiError to the API's codes. No imports: every
// module can extend it without pulling in another.

export interface RelayerErrorOptions {
  /** What went wrong in more depth, for logs only. */
  details?: string;
  /** The underlying error (Error's own non-enumerable `cause`, left unset when there is none). */
  cause?: unknown;
}

export abstract class RelayerError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly details: string | undefined;

  constructor(code: Code, message: string, { details, cause }: RelayerErrorOptions = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.details = details;
  }
}

/**
 * The message of an error meant for an operator: the short text, then the details on their own paragraph. (ApiError
 * does not use it: an API message goes to the client, and details never do.)
 */
export function withDetails(message: string, details: string | undefined): string {
  return details ? `${message}\n\nDetails: ${details}` : message;
}
