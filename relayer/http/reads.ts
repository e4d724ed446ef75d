// The list endpoints, read from the history (relayer/read-models/history.ts), newest first with opaque cursors:
//   GET /v1/orders?maker=&market=&status=&limit=&cursor=   accepted orders with their current status
//   GET /v1/fills?maker=&limit=&cursor=                    the maker's fills, either side
//   GET /v1/markets/:id/trades?limit=&cursor=              the market's fills
// Each answers `{ items, nextCursor }`; nextCursor is null on the last page. Amounts are decimal strings.
import { Router, type Request } from "express";
import { Side } from "../../engine/index.js";
import { ApiError } from "../errors/index.js";
import { fromFill } from "../orders/index.js";
import type { MarketRegistry } from "../markets/index.js";
import { newestFirst, type FillRecord, type History, type Position } from "../read-models/history.js";
import type { OrderIndex, OrderStatus } from "../read-models/order-index.js";
import type { OrderService } from "../services/order-service.js";
import type { FillSettlement } from "../settlement/index.js";
import { addressParam, limitParam, queryParam } from "./query.js";
import type { FillItem, ListedOrder } from "../wire/orders.js";

export type { FillItem, ListedOrder };

export { MAX_LIST_LIMIT } from "./query.js";
const STATUSES: readonly OrderStatus[] = ["open", "partially-filled", "filled", "cancelled", "expired"];

export interface ReadsDeps {
  history: History;
  markets: MarketRegistry;
  index: OrderIndex;
  orders: OrderService;
  /** The ledger's owner registry. */
  owners: () => { ownerOf(address: string): number | undefined; address(owner: number): string | undefined };
  /** Where a fill stands in settlement (the settler's view); absent when the relayer runs no settler. */
  settlementOf?: (fillId: number) => FillSettlement | undefined;
}

export function readsRouter(deps: ReadsDeps): Router {
  const router = Router();

  router.get("/v1/orders", (req, res) => {
    const maker = queryParam(req, "maker");
    const owner = maker === undefined ? undefined : ownerOf(deps, addressParam(maker, "maker"));
    const marketId = queryParam(req, "market");
    const market = marketId === undefined ? undefined : deps.markets.byId(marketId);
    if (marketId !== undefined && market === undefined)
      throw new ApiError("UNKNOWN_MARKET", "No such market.", { field: "market" });
    const status = queryParam(req, "status");
    if (status !== undefined && !STATUSES.includes(status as OrderStatus)) {
      throw new ApiError("INVALID_FIELD", `status must be one of ${STATUSES.join(", ")}`, { field: "status" });
    }
    const { limit, cursor } = paging(req);
    const list = owner === null ? [] : deps.history.acceptedOrders(owner);
    const page = newestFirst(list, limit, cursor, (o) => {
      if (market !== undefined && o.market !== market.engine.id) return false;
      const state = deps.index.byOrderId(o.id);
      return state !== undefined && state.status !== "pending" && (status === undefined || state.status === status);
    });
    const items: ListedOrder[] = page.items.map((o) => ({
      ...deps.orders.get(deps.index.byOrderId(o.id)!.hash),
      seq: o.seq,
    }));
    res.json({ items, nextCursor: encode(page.next) });
  });

  router.get("/v1/fills", (req, res) => {
    const maker = queryParam(req, "maker");
    if (maker === undefined) throw new ApiError("INVALID_FIELD", "maker is required", { field: "maker" });
    const owner = ownerOf(deps, addressParam(maker, "maker"));
    const { limit, cursor } = paging(req);
    const page = newestFirst(owner === null ? [] : deps.history.fillsOf(owner), limit, cursor);
    res.json({ items: page.items.map((f) => fillItem(deps, f)), nextCursor: encode(page.next) });
  });

  router.get("/v1/markets/:id/trades", (req, res) => {
    const market = deps.markets.byId(req.params.id);
    if (market === undefined) throw new ApiError("UNKNOWN_MARKET", "No such market.", { field: "id" });
    const { limit, cursor } = paging(req);
    const page = newestFirst(deps.history.fillsIn(market.engine.id), limit, cursor);
    res.json({ items: page.items.map((f) => fillItem(deps, f)), nextCursor: encode(page.next) });
  });

  return router;
}

function fillItem(deps: ReadsDeps, record: FillRecord): FillItem {
  const { fill } = record;
  const market = deps.markets.byEngineId(fill.market)!;
  const amounts = fromFill(market, fill);
  const owners = deps.owners();
  return {
    fillId: record.fillId,
    seq: record.seq,
    time: record.time,
    market: market.id,
    priceTicks: fill.price,
    takerSide: fill.takerSide === Side.Buy ? "buy" : "sell",
    maker: owners.address(fill.makerOwner)?.toLowerCase() ?? null,
    taker: owners.address(fill.takerOwner)?.toLowerCase() ?? null,
    makerOrderHash: deps.index.byOrderId(fill.makerId)?.hash ?? null,
    takerOrderHash: deps.index.byOrderId(fill.takerId)?.hash ?? null,
    baseAmount: amounts.base.toString(),
    quoteAmount: amounts.quote.toString(),
    makerFee: amounts.makerFee.toString(),
    takerFee: amounts.takerFee.toString(),
    settlement: (record.fillId === null ? undefined : deps.settlementOf?.(record.fillId)) ?? null,
  };
}

/** The owner id of a maker, or null for an address the relayer never saw (an empty list, not an error). */
function ownerOf(deps: ReadsDeps, maker: string): number | null {
  return deps.owners().ownerOf(maker) ?? null;
}

function paging(req: Request): { limit: number; cursor: Position | null } {
  const rawCursor = queryParam(req, "cursor");
  return { limit: limitParam(req), cursor: rawCursor === undefined ? null : decode(rawCursor) };
}

/** A cursor is base64url("<seq>.<n>"), the position of the last item of the previous page. Opaque to clients. */
export function encode(position: Position | null): string | null {
  return position === null ? null : Buffer.from(`${position.seq}.${position.n}`).toString("base64url");
}

function decode(cursor: string): Position {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString() : "";
  const match = /^(0|[1-9][0-9]{0,15})\.(0|[1-9][0-9]{0,15})$/.exec(text);
  const seq = Number(match?.[1]);
  const n = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(seq) || !Number.isSafeInteger(n)) {
    throw new ApiError("INVALID_FIELD", "not a cursor this endpoint returned", { field: "cursor" });
  }
  return { seq, n };
}
