// GET /health: the process answers, how far the sequencer is, and which native crypto admission loaded. A sequencer
// that is closed or has failed makes the relayer unable to admit anything: 503, so a load balancer takes it out.
import { Router } from "express";
import { ApiError, toResponseBody } from "../errors/index.js";
import type { CryptoInfo } from "../services/services.js";

export function healthRouter({ lastSeq, crypto }: { lastSeq: () => number; crypto: CryptoInfo }): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    let seq: number;
    try {
      seq = lastSeq();
    } catch {
      const error = new ApiError("SERVICE_UNAVAILABLE", "The sequencer is not taking commands.");
      res.status(error.status).json({ status: "unavailable", ...toResponseBody(error) });
      return;
    }
    res.json({ status: "ok", sequencer: { lastSeq: seq }, crypto });
  });
  return router;
}
