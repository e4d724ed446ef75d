// POST /v1/orders and GET /v1/orders/:hash: the order service does the work; the router only speaks HTTP.
import { Router } from "express";
import type { OrderService } from "../services/order-service.js";
import type { AddressGate } from "../services/address-gate.js";
import { orderHashParam } from "./query.js";

export function ordersRouter(orders: OrderService, gate?: AddressGate): Router {
  const router = Router();
  router.post("/v1/orders", async (req, res) => {
    res.status(201).json(await orders.place(req.body, gate));
  });
  router.get("/v1/orders/:hash", (req, res) => {
    res.json(orders.get(orderHashParam(req.params.hash)));
  });
  return router;
}
