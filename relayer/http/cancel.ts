// DELETE /v1/orders/:hash and POST /v1/orders/cancel-all, both signed by the maker: the cancel service does the
// work (relayer/services/cancel-service.ts); the router only speaks HTTP.
import { Router } from "express";
import type { CancelService } from "../services/cancel-service.js";
import type { AddressGate } from "../services/address-gate.js";
import { orderHashParam } from "./query.js";

export function cancelRouter(cancels: CancelService, gate?: AddressGate): Router {
  const router = Router();
  router.post("/v1/orders/cancel-all", async (req, res) => {
    res.json(await cancels.cancelAll(req.body, gate));
  });
  router.delete("/v1/orders/:hash", async (req, res) => {
    res.json(await cancels.cancel(orderHashParam(req.params.hash), req.body, gate));
  });
  return router;
}
