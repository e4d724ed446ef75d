// Read models for the list endpoints (GET /v1/orders, /v1/fills, /v1/markets/:id/trades): which orders each owner
// had accepted and every fill, kept in seq order from the acknowledged stream (ReadModels, read-models.ts) and rebuilt
// from the log's replay at start-up, like the order index. In memory only: the log is the source.
// Positions are (seq, n): n is the item's place among its ack's accepted orders (or fills), so a position names one item for good and a cursor stays valid while new items arrive.
import type { EngineEvent, FillEvent } from "../../engine/index.js";
import type { LogRecord } from "../sequencer/index.js";
import type { TradingAck } from "../machine/trading.js";
import type { AckStreamListener } from "./ack-stream.js";

export interface Position {
  seq: number;
  n: number;
}

export interface AcceptedOrder extends Position {
  /** The engine order id. */
  id: number;
  owner: number;
  market: number;
}

export interface FillRecord extends Position {
  time: number;
  /** The ledger's fill id; null when the sequencer gives none. */
  fillId: number | null;
  fill: FillEvent;
}

/** What an acknowledgement (or a replayed record) carries that the history reads. */
export interface HistoryInput {
  seq: number;
  time?: number;
  events: readonly EngineEvent[];
  fillIds?: readonly number[];
}

export class History implements AckStreamListener {
  private readonly orders: AcceptedOrder[] = [];
  private readonly ordersByOwner = new Map<number, AcceptedOrder[]>();
  private readonly fillsByOwner = new Map<number, FillRecord[]>();
  private readonly fillsByMarket = new Map<number, FillRecord[]>();
  private lastSeq = 0;

  /** A replayed record (ack-stream.ts). */
  onReplayed(_record: LogRecord, applied: TradingAck): void {
    this.apply(applied);
  }

  onAcknowledged(ack: TradingAck): void {
    this.apply(ack);
  }

  /** Applies one acknowledgement (or replayed record); a seq already applied is ignored. */
  apply(input: HistoryInput): void {
    if (input.seq <= this.lastSeq) return;
    this.lastSeq = input.seq;
    let n = 0;
    let a = 0;
    for (const e of input.events) {
      if (e.type === "accepted") {
        const order: AcceptedOrder = { seq: input.seq, n: a++, id: e.id, owner: e.owner, market: e.market };
        this.orders.push(order);
        push(this.ordersByOwner, e.owner, order);
      } else if (e.type === "fill") {
        const record: FillRecord = {
          seq: input.seq,
          n,
          time: input.time ?? 0,
          fillId: input.fillIds?.[n] ?? null,
          fill: e,
        };
        n++;
        push(this.fillsByMarket, e.market, record);
        push(this.fillsByOwner, e.makerOwner, record);
        if (e.takerOwner !== e.makerOwner) push(this.fillsByOwner, e.takerOwner, record);
      }
    }
  }

  /** Accepted orders, oldest first: every owner's, or one owner's. */
  acceptedOrders(owner?: number): readonly AcceptedOrder[] {
    return owner === undefined ? this.orders : (this.ordersByOwner.get(owner) ?? []);
  }

  /** An owner's fills (maker or taker side), oldest first. */
  fillsOf(owner: number): readonly FillRecord[] {
    return this.fillsByOwner.get(owner) ?? [];
  }

  /** A market's fills (by engine market id), oldest first. */
  fillsIn(market: number): readonly FillRecord[] {
    return this.fillsByMarket.get(market) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export interface Page<T> {
  items: T[];
  next: Position | null;
}

const before = (a: Position, b: Position) => a.seq < b.seq || (a.seq === b.seq && a.n < b.n);

/**
 * Newest first: up to `limit` items of `list` (oldest first) that pass `keep`, strictly before `cursor` if given;
 * `next` is the last item's position when more passing items remain, else null.
 */
export function newestFirst<T extends Position>(
  list: readonly T[],
  limit: number,
  cursor: Position | null,
  keep: (item: T) => boolean = () => true,
): Page<T> {
  // The first index whose position is not before the cursor (binary search: the list is in position order).
  let end = list.length;
  if (cursor !== null) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(list[mid]!, cursor)) lo = mid + 1;
      else hi = mid;
    }
    end = lo;
  }
  const items: T[] = [];
  let i = end - 1;
  for (; i >= 0 && items.length < limit; i--) if (keep(list[i]!)) items.push(list[i]!);
  for (; i >= 0; i--) if (keep(list[i]!)) return { items, next: items[items.length - 1]! };
  return { items, next: null };
}
