// The one error middleware: every thrown or passed error becomes `toResponseBody(error)` with its code's status.
// body-parser's and the router's own failures are mapped first (a body that is not JSON → MALFORMED_JSON, one over
// the limit → PAYLOAD_TOO_LARGE, a path parameter that does not percent-decode → MALFORMED_PATH); a RATE_LIMITED answer carries Retry-After; anything that is not an ApiError is
// INTERNAL_ERROR with a fixed message, logged, never sent.
import type { ErrorRequestHandler, RequestHandler } from "express";
import { ApiError, RateLimitedError, toApiError, toResponseBody, type ErrorResponseBody } from "../errors/index.js";

export type ErrorLog = (error: ApiError) => void;

/** body-parser marks its errors with `type`, the router its undecodable path parameters with URIError and status 400; nothing else from them reaches the client. */
function fromExpress(error: unknown): ApiError | undefined {
  if (error instanceof URIError && (error as { status?: unknown }).status === 400) {
    return new ApiError("MALFORMED_PATH", "The path is not valid percent-encoded UTF-8.", { cause: error });
  }
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.parse.failed") return new ApiError("MALFORMED_JSON", "The body is not valid JSON.", { cause: error });
  if (type === "entity.too.large") return new ApiError("PAYLOAD_TOO_LARGE", "The body is larger than the relayer reads.", { cause: error });
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new ApiError("MALFORMED_JSON", "The body's encoding is not supported.", { cause: error });
  }
  return undefined;
}

export function errorHandler(log: ErrorLog = defaultLog): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const { status, body, headers } = errorResponse(error, log);
    res.set(headers).status(status).json(body);
  };
}

/** The answer to any error, for express (errorHandler) and the plain POST /v1/orders route alike; server faults are logged. */
export function errorResponse(error: unknown, log: ErrorLog = defaultLog): { status: number; body: ErrorResponseBody; headers: Record<string, string> } {
  const api = fromExpress(error) ?? toApiError(error);
  if (api.status >= 500) log(api);
  const headers: Record<string, string> = api instanceof RateLimitedError ? { "Retry-After": String(api.retryAfterSeconds) } : {};
  return { status: api.status, body: toResponseBody(api), headers };
}

/** Unknown routes answer in the same shape. */
export const notFound: RequestHandler = (_req, res) => {
  const error = new ApiError("NOT_FOUND", "No such endpoint.");
  res.status(error.status).json(toResponseBody(error));
};

function defaultLog(error: ApiError): void {
  console.error(`[relayer] ${error.code}: ${error.details ?? ""}`, error.cause ?? "");
}
