// POST /v1/orders/batch as a service: up to MAX_BATCH_ORDERS signed orders, each admitted exactly as
// POST /v1/orders would (OrderService.place), all at once so that their commands share the sequencer's group
// commit. One order's refusal is its own result; the others go on. Results come back in request order; the
// sequence order of the admitted orders among themselves is not promised (each is sequenced when its checks end).
import { z } from "zod";
import { toApiError, toResponseBody, type ApiError, type ErrorResponseBody } from "../errors/index.js";
import { parseWire } from "../orders/parse.js";
import type { OrderService, PlacedOrder } from "./order-service.js";
import type { AddressGate } from "./address-gate.js";

export const MAX_BATCH_ORDERS = 100;

/** Each order stays `unknown` here: OrderService.place parses it, so a bad order is that order's 400, not the batch's. */
export const wireOrderBatch = z.strictObject(
  {
    orders: z
      .array(z.unknown(), { error: "must be an array of signed orders" })
      .min(1, { error: `must hold 1..${MAX_BATCH_ORDERS} orders` })
      .max(MAX_BATCH_ORDERS, { error: `must hold 1..${MAX_BATCH_ORDERS} orders` }),
  },
  { error: "must be a JSON object" },
);

export type BatchResult = ({ ok: true } & PlacedOrder) | { ok: false; error: ErrorResponseBody };

/** Parses the envelope (400 naming `orders`); the count is known before anything is admitted. */
export function parseOrderBatch(body: unknown): unknown[] {
  return parseWire(wireOrderBatch, body).orders;
}

/** Admits every order of a parsed batch; never throws for one order. `onError` sees server faults (to log them). */
export async function placeBatch(
  orders: OrderService,
  items: readonly unknown[],
  gate?: AddressGate,
  onError?: (error: ApiError) => void,
): Promise<BatchResult[]> {
  return Promise.all(
    items.map((item) =>
      orders.place(item, gate).then(
        (placed): BatchResult => ({ ok: true, ...placed }),
        (error: unknown): BatchResult => {
          const api = toApiError(error);
          if (api.status >= 500) onError?.(api);
          return { ok: false, error: toResponseBody(api) };
        },
      ),
    ),
  );
}
