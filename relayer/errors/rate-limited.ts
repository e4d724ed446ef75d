// 429 RATE_LIMITED with the seconds after which the client's bucket has a token again: the error middleware sends
// them as the Retry-After header (relayer/http/errors.ts). A subclass, so the code table stays the one of codes.ts.
import { ApiError } from "./api-error.js";

export class RateLimitedError extends ApiError {
  /** Whole seconds, at least 1 (Retry-After takes integers). */
  readonly retryAfterSeconds: number;

  constructor(what: string, retryAfterSeconds: number) {
    super("RATE_LIMITED", `Too many requests from this ${what}; retry after ${retryAfterSeconds} s.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
