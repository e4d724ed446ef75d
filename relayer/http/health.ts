// GET /health: the process answers, how far the sequencer is, and which native crypto admission loaded.
import { Router } from "express";
import type { CryptoInfo } from "../services/services.js";

export function healthRouter({ lastSeq, crypto }: { lastSeq: () => number; crypto: CryptoInfo }): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok", sequencer: { lastSeq: lastSeq() }, crypto });
  });
  return router;
}
