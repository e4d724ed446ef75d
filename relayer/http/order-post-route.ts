// POST /v1/orders without express: the one hot path of the HTTP API, answered straight from node:http. express
// (router layers, body-parser, raw-body, res.json) cost about as much main-thread time per order as admission
// itself. The route takes only the plain case and hands everything else to the express app, unread, so that
// express keeps answering every other shape exactly as before:
//   POST, path exactly /v1/orders (no query, no trailing slash), Content-Type application/json (optionally
//   charset=utf-8), no Content-Encoding, a Content-Length from 1 to the app's body limit.
// In that case it does what the express stack does, in the same order: the client IP's token (RateLimits.perIp),
// the body read and parsed as express.json would (a leading BOM dropped; strict: an object or an array, else
// MALFORMED_JSON), OrderService.place with the per-address gate, then 201 with the JSON body, or the error
// middleware's answer ({ code, message, field? } with its status, Retry-After on 429, server faults logged).
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "../errors/index.js";
import type { OrderService } from "../services/order-service.js";
import { errorResponse, requestContext, type ErrorLog } from "./errors.js";
import type { RateLimits } from "./rate-limit.js";

export const ORDER_POST_PATH = "/v1/orders";

/** A request listener that answers the plain POST /v1/orders itself and returns true, or returns false untouched. */
export type OrderPostRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

const JSON_TYPES = new Set(["application/json", "application/json; charset=utf-8", "application/json;charset=utf-8"]);

export function orderPostRoute(
  orders: OrderService,
  bodyLimitBytes: number,
  limits?: RateLimits,
  log?: ErrorLog,
): OrderPostRoute {
  return (req, res) => {
    if (req.method !== "POST" || req.url !== ORDER_POST_PATH) return false;
    const type = req.headers["content-type"];
    if (type === undefined || !JSON_TYPES.has(type.toLowerCase()) || req.headers["content-encoding"] !== undefined)
      return false;
    const length = Number(req.headers["content-length"]);
    if (!Number.isSafeInteger(length) || length < 1 || length > bodyLimitBytes) return false;
    try {
      limits?.takeIp(req, 1);
    } catch (error) {
      send(res, errorResponse(error, log, requestContext(req)));
      return true;
    }
    readBody(req, length, (text) => {
      let body: unknown;
      try {
        body = parseStrictJson(text);
      } catch (error) {
        send(res, errorResponse(error, log, requestContext(req)));
        return;
      }
      orders.place(body, limits?.gate).then(
        (placed) => send(res, { status: 201, body: placed }),
        (error: unknown) => send(res, errorResponse(error, log, requestContext(req))),
      );
    });
    return true;
  };
}

/** The body as UTF-8 text once `length` bytes came; nothing if the client goes away first. */
function readBody(req: IncomingMessage, length: number, then: (text: string) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  req.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
  });
  req.on("end", () => {
    if (received !== length) return; // node's parser ends a request only after Content-Length bytes; defensive
    then((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received)).toString("utf8"));
  });
  req.on("error", () => {});
}

/** express.json's reading of a non-empty body: BOM dropped, strict (an object or an array), MALFORMED_JSON otherwise. */
export function parseStrictJson(text: string): unknown {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /^[ \t\n\r]*(.)/s.exec(json)?.[1];
  if (first !== "{" && first !== "[") throw new ApiError("MALFORMED_JSON", "The body is not valid JSON.");
  try {
    return JSON.parse(json);
  } catch (cause) {
    throw new ApiError("MALFORMED_JSON", "The body is not valid JSON.", { cause });
  }
}

function send(
  res: ServerResponse,
  { status, body, headers }: { status: number; body: unknown; headers?: Record<string, string> },
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}
