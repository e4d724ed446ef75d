// The settlement read endpoints (docs/settlement.md), from the settler's store:
//   GET /v1/settlements?limit=&cursor=   batches, newest first: { items, nextCursor } (nextCursor null on the last page)
//   GET /v1/settlements/:batchId         one batch, or 404 SETTLEMENT_NOT_FOUND
// Amounts and ids that are uint256 on-chain are decimal strings.
import { Router } from "express";
import { ApiError } from "../errors/index.js";
import type { MarketRegistry } from "../markets/index.js";
import type { Settler, StoredBatch } from "../settlement/index.js";
import { limitParam, queryParam } from "./query.js";

const BATCH_ID = /^[1-9][0-9]{0,77}$/;

export interface SettlementsDeps {
  settler: Pick<Settler, "list" | "batch">;
  markets: MarketRegistry;
}

export interface SettlementItem {
  batchId: string;
  market: string;
  state: StoredBatch["state"];
  fillIds: number[];
  /** Fills the contract skipped (FillSkipped): reverted in the ledger. */
  skippedFillIds: number[];
  /** Fills taken out before sending because they made the batch revert in simulation. */
  isolatedFills: { fillId: number; reason: string }[];
  /** Every transaction signed for it, oldest first (replacements and resends included). */
  transactions: { hash: string; nonce: number; maxFeePerGas: string; maxPriorityFeePerGas: string }[];
  /** The transaction in a block, once included. */
  txHash: string | null;
  blockNumber: string | null;
  gasUsed: string | null;
  /** Unix milliseconds. */
  matchedAt: number;
  updatedAt: number;
}

export function settlementsRouter(deps: SettlementsDeps): Router {
  const router = Router();

  router.get("/v1/settlements", (req, res) => {
    const limit = limitParam(req);
    const cursor = queryParam(req, "cursor");
    if (cursor !== undefined && !BATCH_ID.test(cursor))
      throw new ApiError("INVALID_FIELD", "not a cursor this endpoint returned", { field: "cursor" });
    const before = cursor === undefined ? null : BigInt(cursor);
    const newest = deps.settler
      .list()
      .reverse()
      .filter((b) => before === null || BigInt(b.id) < before);
    const page = newest.slice(0, limit);
    res.json({
      items: page.map((b) => item(deps, b)),
      nextCursor: newest.length > limit ? page[page.length - 1].id : null,
    });
  });

  router.get("/v1/settlements/:batchId", (req, res) => {
    const id = req.params.batchId;
    const batch = BATCH_ID.test(id) ? deps.settler.batch(id) : undefined;
    if (batch === undefined) throw new ApiError("SETTLEMENT_NOT_FOUND", "No such settlement batch.");
    res.json(item(deps, batch));
  });

  return router;
}

function item(deps: SettlementsDeps, b: StoredBatch): SettlementItem {
  return {
    batchId: b.id,
    market: deps.markets.byEngineId(b.market)?.id ?? String(b.market),
    state: b.state,
    fillIds: b.fills.map((f) => f.fillId),
    skippedFillIds: b.skipped,
    isolatedFills: b.isolated,
    transactions: b.txs.map(({ hash, nonce, maxFeePerGas, maxPriorityFeePerGas }) => ({
      hash,
      nonce,
      maxFeePerGas,
      maxPriorityFeePerGas,
    })),
    txHash: b.inclusion?.txHash ?? null,
    blockNumber: b.inclusion?.blockNumber ?? null,
    gasUsed: b.inclusion?.gasUsed ?? null,
    matchedAt: b.matchedAt,
    updatedAt: b.updatedAt,
  };
}
