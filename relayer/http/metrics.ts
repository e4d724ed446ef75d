// GET /metrics: Prometheus text exposition of the relayer's own registry.
import { Router } from "express";
import type { RelayerMetrics } from "../metrics/metrics.js";

export function metricsRouter(metrics: RelayerMetrics): Router {
  const router = Router();
  router.get("/metrics", async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  return router;
}
