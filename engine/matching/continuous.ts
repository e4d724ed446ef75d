/**
 * Continuous matching on the fast book: price-time priority, the maker's price,
 * self-trade prevention chosen by the taker. Writes events straight to the sink.
 */
import type { LevelTable } from "../book/level-table.js";
import type { OrderPool } from "../book/order-pool.js";
import type { EventSink } from "../events.js";
import { SelfTrade, Side, type Lots, type MarketId, type OrderId, type OwnerId, type Ticks } from "../types.js";

/**
 * What matching reads and writes of a book. The fast book (engine/book/order-book.ts) is one and calls matching, so
 * matching names only the parts it uses, not the book: the two modules do not import each other.
 */
export interface MatchingBook {
  readonly market: MarketId;
  readonly makerFeeBps: number;
  readonly takerFeeBps: number;
  readonly sink: EventSink;
  readonly pool: OrderPool;
  readonly bids: LevelTable;
  readonly asks: LevelTable;
  lastPrice: number;
  tradeLow: number;
  tradeHigh: number;
  removeSlot(slot: number): void;
}

/**
 * Matches an incoming order against the opposite side while it crosses.
 * Emits fills, self-trade cancels and one level event per level whose total
 * changed; returns the quantity left to rest or cancel (0 if none, including
 * when self-trade prevention cancelled the taker).
 */
export function matchTaker(
  book: MatchingBook,
  id: OrderId,
  owner: OwnerId,
  side: Side,
  limit: number,
  size: number,
  stp: SelfTrade,
): number {
  const pool = book.pool;
  const sink = book.sink;
  const market = book.market;
  const isBuy = side === Side.Buy;
  const levels = isBuy ? book.asks : book.bids;
  const makerSide = isBuy ? Side.Sell : Side.Buy;
  const total = levels.total;
  let rem = size;
  let low = book.tradeLow;
  let high = book.tradeHigh;
  while (rem > 0) {
    const p = levels.best;
    if (p === 0 || (isBuy ? p > limit : p < limit)) break;
    const before = total[p];
    let s = levels.head[p];
    while (s !== 0 && rem > 0) {
      const next = pool.next[s];
      const makerRem = pool.remaining[s];
      const makerId = pool.id[s] as OrderId;
      const makerOwner = pool.owner[s] as OwnerId;
      if (makerOwner !== owner) {
        const q = Math.min(rem, makerRem);
        if (q === makerRem) {
          book.removeSlot(s);
        } else {
          pool.remaining[s] = makerRem - q;
          total[p] -= q;
        }
        rem -= q;
        sink.fill(
          market,
          makerId,
          id,
          makerOwner,
          owner,
          side,
          p as Ticks,
          q as Lots,
          book.makerFeeBps,
          book.takerFeeBps,
        );
        if (low === 0 || p < low) low = p;
        if (p > high) high = p;
      } else if (stp === SelfTrade.CancelTaker) {
        sink.cancelled(market, id, "self-trade", rem as Lots, 0 as Lots);
        rem = 0;
      } else if (stp === SelfTrade.Decrement) {
        const d = Math.min(rem, makerRem);
        if (d === makerRem) {
          book.removeSlot(s);
        } else {
          pool.remaining[s] = makerRem - d;
          total[p] -= d;
        }
        rem -= d;
        sink.cancelled(market, makerId, "self-trade", d as Lots, (makerRem - d) as Lots);
        sink.cancelled(market, id, "self-trade", d as Lots, rem as Lots);
      } else {
        book.removeSlot(s);
        sink.cancelled(market, makerId, "self-trade", makerRem as Lots, 0 as Lots);
        if (stp === SelfTrade.CancelBoth) {
          sink.cancelled(market, id, "self-trade", rem as Lots, 0 as Lots);
          rem = 0;
        }
      }
      s = next;
    }
    const after = total[p];
    if (after !== before) sink.level(market, makerSide, p as Ticks, after as Lots);
  }
  book.tradeLow = low;
  book.tradeHigh = high;
  // Prices move away from the spread as a taker sweeps: a buy's last fill is its highest, a sell's its lowest.
  if (high !== 0) book.lastPrice = isBuy ? high : low;
  return rem;
}

/**
 * Fill-or-kill check: walks the crossing liquidity in priority order as
 * `matchTaker` would, and says whether the order would fill completely.
 * An own resting order stops it unless the mode cancels the resting order.
 */
export function canFillTaker(
  book: MatchingBook,
  side: Side,
  limit: number,
  size: number,
  owner: OwnerId,
  stp: SelfTrade,
): boolean {
  const pool = book.pool;
  const isBuy = side === Side.Buy;
  const levels = isBuy ? book.asks : book.bids;
  let need = size;
  for (let p = levels.best; p !== 0 && (isBuy ? p <= limit : p >= limit); p = levels.nextBest(p)) {
    for (let s = levels.head[p]; s !== 0; s = pool.next[s]) {
      if (pool.owner[s] === owner) {
        if (stp !== SelfTrade.CancelMaker) return false;
        continue;
      }
      need -= pool.remaining[s];
      if (need <= 0) return true;
    }
  }
  return false;
}
