// POST /v1/withdrawals (a signed Withdrawal), GET /v1/withdrawals?account=&limit=&cursor= (newest first) and
// GET /v1/withdrawals/:id: the withdrawal service does the work (relayer/services/withdrawal-service.ts).
import { Router } from "express";
import type { Address } from "viem";
import { ApiError } from "../errors/index.js";
import type { AddressGate } from "../services/address-gate.js";
import type { WithdrawalService } from "../services/withdrawal-service.js";
import { addressParam, limitParam, queryParam } from "./query.js";

export function withdrawalsRouter(withdrawals: WithdrawalService, gate?: AddressGate): Router {
  const router = Router();
  router.post("/v1/withdrawals", async (req, res) => {
    res.status(201).json(await withdrawals.request(req.body, gate));
  });
  router.get("/v1/withdrawals", async (req, res) => {
    const account = addressParam(queryParam(req, "account"), "account");
    const limit = limitParam(req);
    const rawCursor = queryParam(req, "cursor");
    const page = await withdrawals.list(account as Address, rawCursor === undefined ? null : decode(rawCursor), limit);
    res.json({ items: page.items, nextCursor: page.next === null ? null : encode(page.next) });
  });
  router.get("/v1/withdrawals/:id", async (req, res) => {
    res.json(await withdrawals.get(req.params.id));
  });
  return router;
}

/** Opaque to clients: base64url("w.<n>"), the store's number of the last item of the previous page. */
function encode(n: number): string {
  return Buffer.from(`w.${n}`).toString("base64url");
}

function decode(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString() : "";
  const match = /^w\.([1-9][0-9]{0,15})$/.exec(text);
  const n = Number(match?.[1]);
  if (match === null || !Number.isSafeInteger(n))
    throw new ApiError("INVALID_FIELD", "not a cursor this endpoint returned", { field: "cursor" });
  return n;
}
