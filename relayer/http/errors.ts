// The one error middleware: every thrown or passed error becomes `toResponseBody(error)` with its code's status.
// body-parser's and the router's own failures are mapped first (a body that is not JSON → MALFORMED_JSON, one over
// the limit → PAYLOAD_TOO_LARGE, a path parameter that does not percent-decode → MALFORMED_PATH); a RATE_LIMITED
// answer carries Retry-After; anything that is not an ApiError is INTERNAL_ERROR with a fixed message, logged (one
// JSON line with the request's id: faultLog), never sent.
import type { IncomingMessage } from "node:http";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { ApiError, RateLimitedError, toApiError, toResponseBody, type ErrorResponseBody } from "../errors/index.js";
import { defaultLogger, type Logger } from "../log/index.js";

/** Which request failed, for the log line: its id (X-Request-Id), method and path (without the query). */
export interface RequestContext {
  reqId: string;
  method: string;
  path: string;
}

/** Where server faults go; the relayer's is faultLog(logger). Tests pass a function to capture them. */
export type ErrorLog = (error: ApiError, request?: RequestContext) => void;

/** Server faults as one error line each: the request, the code and the cause (redacted like every line). */
export function faultLog(logger: Logger): ErrorLog {
  return (error, request) =>
    logger.error({ ...request, code: error.code, details: error.details, err: error.cause ?? error }, "request failed");
}

const REQUEST_ID = Symbol("requestId");
let requests = 0;

/** The request's id: given once, when first asked (the server sends it as X-Request-Id), so a log line and an answer match. */
export function requestIdOf(req: IncomingMessage): string {
  const tagged = req as IncomingMessage & { [REQUEST_ID]?: string };
  return (tagged[REQUEST_ID] ??= `r${++requests}`);
}

export function requestContext(req: IncomingMessage): RequestContext {
  return { reqId: requestIdOf(req), method: req.method ?? "", path: (req.url ?? "").split("?")[0]! };
}

/** body-parser marks its errors with `type`, the router its undecodable path parameters with URIError and status 400; nothing else from them reaches the client. */
function fromExpress(error: unknown): ApiError | undefined {
  if (error instanceof URIError && (error as { status?: unknown }).status === 400) {
    return new ApiError("MALFORMED_PATH", "The path is not valid percent-encoded UTF-8.", { cause: error });
  }
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.parse.failed")
    return new ApiError("MALFORMED_JSON", "The body is not valid JSON.", { cause: error });
  if (type === "entity.too.large")
    return new ApiError("PAYLOAD_TOO_LARGE", "The body is larger than the relayer reads.", { cause: error });
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new ApiError("MALFORMED_JSON", "The body's encoding is not supported.", { cause: error });
  }
  return undefined;
}

export function errorHandler(log: ErrorLog = faultLog(defaultLogger())): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const { status, body, headers } = errorResponse(error, log, {
      ...requestContext(req),
      path: req.originalUrl.split("?")[0]!,
    });
    res.set(headers).status(status).json(body);
  };
}

/** The answer to any error, for express (errorHandler) and the plain POST /v1/orders route alike; server faults are logged. */
export function errorResponse(
  error: unknown,
  log: ErrorLog = faultLog(defaultLogger()),
  request?: RequestContext,
): { status: number; body: ErrorResponseBody; headers: Record<string, string> } {
  const api = fromExpress(error) ?? toApiError(error);
  if (api.status >= 500) log(api, request);
  const headers: Record<string, string> =
    api instanceof RateLimitedError ? { "Retry-After": String(api.retryAfterSeconds) } : {};
  return { status: api.status, body: toResponseBody(api), headers };
}

/** Unknown routes answer in the same shape. */
export const notFound: RequestHandler = (_req, res) => {
  const error = new ApiError("NOT_FOUND", "No such endpoint.");
  res.status(error.status).json(toResponseBody(error));
};
