// GET /v1/markets/:id/book?depth=N: the aggregated price levels of a continuous market, best first, read from the
// engine. Prices are shown as quote units per lot (price × tickSize) and in ticks; sizes in base units and lots.
import { Router } from "express";
import { z } from "zod";
import { Side, type MarketId } from "../../engine/index.js";
import { ApiError } from "../errors/index.js";
import type { MarketRegistry, RelayerMarket } from "../markets/index.js";
import type { EngineView } from "../sequencer/index.js";

export const MAX_BOOK_DEPTH = 100;
const DEFAULT_BOOK_DEPTH = 20;
const depthQuery = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/)
  .transform(Number)
  .pipe(z.number().max(MAX_BOOK_DEPTH))
  .optional();

export interface Level {
  priceTicks: number;
  /** Quote units one lot costs at this price. */
  quotePerLot: string;
  lots: number;
  baseAmount: string;
}

export function marketsRouter(deps: {
  markets: MarketRegistry;
  view: () => EngineView;
  lastSeq: () => number;
}): Router {
  const router = Router();
  router.get("/v1/markets/:id/book", (req, res) => {
    const market = deps.markets.byId(req.params.id);
    if (market === undefined) throw new ApiError("UNKNOWN_MARKET", "No such market.", { field: "id" });
    const parsed = depthQuery.safeParse(req.query.depth);
    if (!parsed.success)
      throw new ApiError("INVALID_FIELD", `depth must be an integer in 1..${MAX_BOOK_DEPTH}`, { field: "depth" });
    const depth = parsed.data ?? DEFAULT_BOOK_DEPTH;
    const view = deps.view();
    const levels = (side: Side) =>
      view.depth(market.engine.id as MarketId, side, depth).map(([p, q]) => level(market, p, q));
    res.json({ market: market.id, seq: deps.lastSeq(), bids: levels(Side.Buy), asks: levels(Side.Sell) });
  });
  return router;
}

function level(market: RelayerMarket, priceTicks: number, lots: number): Level {
  const { tickSize, lotSize } = market.engine;
  return {
    priceTicks,
    quotePerLot: (BigInt(priceTicks) * tickSize).toString(),
    lots,
    baseAmount: (BigInt(lots) * lotSize).toString(),
  };
}
