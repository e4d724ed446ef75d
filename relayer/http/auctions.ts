// The auction read endpoints (docs/api.md, docs/fairness.md), from the auction batch store:
//   GET /v1/auctions/:market/batches/:batchId   the published batch (ordered list, commitment), or 404 AUCTION_BATCH_NOT_FOUND
//   GET /v1/orders/:hash/receipt                the order's inclusion receipts, one per batch it was in, oldest first
//                                               ({ receipts }), or 404 RECEIPT_NOT_FOUND;
//                                               400 INVALID_FIELD for a malformed hash
import { Router } from "express";
import type { AuctionBatches } from "../auction/auction-batches.js";
import { ApiError } from "../errors/index.js";
import type { MarketRegistry } from "../markets/index.js";
import { orderHashParam } from "./query.js";

const BATCH_ID = /^[1-9][0-9]{0,77}$/;

export interface AuctionsDeps {
  batches: Pick<AuctionBatches, "published" | "receipts">;
  markets: MarketRegistry;
}

export function auctionsRouter(deps: AuctionsDeps): Router {
  const router = Router();

  router.get("/v1/auctions/:market/batches/:batchId", async (req, res) => {
    const { market, batchId } = req.params;
    if (deps.markets.byId(market) === undefined)
      throw new ApiError("UNKNOWN_MARKET", "No such market.", { field: "market" });
    const batch = BATCH_ID.test(batchId) ? await deps.batches.published(market, BigInt(batchId)) : undefined;
    if (batch === undefined)
      throw new ApiError("AUCTION_BATCH_NOT_FOUND", "No closed auction batch with this id in this market.");
    res.json(batch);
  });

  router.get("/v1/orders/:hash/receipt", async (req, res) => {
    const receipts = await deps.batches.receipts(orderHashParam(req.params.hash));
    if (receipts.length === 0) throw new ApiError("RECEIPT_NOT_FOUND", "This order was in no closed auction batch.");
    res.json({ receipts });
  });

  return router;
}
