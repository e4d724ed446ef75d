// POST /v1/orders/batch: `{ orders: SignedOrder[] }` (1..100), each admitted like POST /v1/orders; 200 with one
// result per order, in request order (relayer/services/order-batch.ts). The route reads its own body, up to
// BATCH_BODY_LIMIT_BYTES, so it is mounted before the app's 16 KiB parser; a larger body is 413 PAYLOAD_TOO_LARGE.
// With rate limits on, the client's IP pays one token per order (the per-request token included).
import express, { Router } from "express";
import { parseOrderBatch, placeBatch } from "../services/order-batch.js";
import type { OrderService } from "../services/order-service.js";
import { faultLog, requestContext, type ErrorLog } from "./errors.js";
import type { RateLimits } from "./rate-limit.js";
import { defaultLogger } from "../log/index.js";

/** 100 orders with 65-byte signatures take ~70 kB; this leaves room for contract wallets' longer signatures. */
export const BATCH_BODY_LIMIT_BYTES = 512 * 1024;

export function orderBatchRouter(orders: OrderService, limits?: RateLimits, log?: ErrorLog): Router {
  const router = Router();
  router.post("/v1/orders/batch", express.json({ limit: BATCH_BODY_LIMIT_BYTES }), async (req, res) => {
    const items = parseOrderBatch(req.body);
    if (items.length > 1) limits?.takeIp(req, items.length - 1);
    const logFault = log ?? faultLog(defaultLogger());
    res.json({
      results: await placeBatch(orders, items, limits?.gate, (error) => logFault(error, requestContext(req))),
    });
  });
  return router;
}
