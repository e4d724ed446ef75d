// Acknowledged fills → closed batches, for the continuous settler: each fill of an acknowledgement (or, after a
// restart, each fill the ledger still has pending that no stored batch names) is made a settlement fill with the
// signed orders it needs, captured now (the order index may forget a filled order), and queued in the batcher. Fills
// of `proofs` markets are the auction settler's.
import type { Hex } from "viem";
import type { FillEvent } from "../../engine/index.js";
import type { WireSignedOrder } from "../orders/index.js";
import type { MarketRegistry } from "../markets/index.js";
import type { TradingAck } from "../machine/trading.js";
import { Batcher, type BatchPolicy, type ClosedBatch } from "./batcher.js";
import { settlementFill, toStoredFill } from "./settlement-fill.js";
import type { BatchIn } from "./settlement-store.js";
import type { SettlerHistory, SettlerOrders } from "./settler-options.js";

export interface FillIntakeOptions {
  readonly markets: MarketRegistry;
  readonly orders: SettlerOrders;
  readonly policyOf: (market: number) => BatchPolicy;
  readonly now: () => number;
  /** Whether a stored batch already names the fill. */
  readonly isStored: (fillId: number) => boolean;
  readonly onUnsettleable: (fillId: number, reason: string) => void;
}

export class FillIntake {
  private readonly batcher: Batcher;
  /** Signed orders of queued fills, by hash. */
  private readonly signed = new Map<Hex, WireSignedOrder>();
  /** When each fill not yet in a stored batch was matched (kept until its batch is stored). */
  private readonly matchedAt = new Map<number, number>();

  constructor(private readonly options: FillIntakeOptions) {
    this.batcher = new Batcher(options.policyOf);
  }

  /** Fills acknowledged and not yet in a batch. */
  get queued(): number {
    return this.batcher.size;
  }

  /** Fills acknowledged and not yet in a stored batch (a batch closed but not stored yet included). */
  get unstored(): number {
    return this.matchedAt.size;
  }

  /** Whether the fill was acknowledged and is not in a stored batch yet. */
  has(fillId: number): boolean {
    return this.matchedAt.has(fillId);
  }

  /** When the oldest fill not in a stored batch was matched, or `now` when there is none. */
  oldest(now: number): number {
    let oldest = now;
    for (const at of this.matchedAt.values()) oldest = Math.min(oldest, at);
    return oldest;
  }

  onAck(ack: TradingAck): void {
    const fillIds = ack.fillIds;
    let n = 0;
    for (const event of ack.events) {
      if (event.type !== "fill") continue;
      const fillId = fillIds[n++];
      if (fillId !== undefined) this.enqueue(ack.seq, fillId, event);
    }
  }

  /** Queues again the fills of `pendingFillIds` (the ledger's) that neither a stored batch nor the queue holds, from the replayed history. */
  requeue(pendingFillIds: readonly number[], history: SettlerHistory | undefined): void {
    const wanted = new Set(pendingFillIds.filter((id) => !this.options.isStored(id) && !this.matchedAt.has(id)));
    if (wanted.size === 0) return;
    for (const market of this.options.markets.engineMarkets()) {
      for (const record of history?.fillsIn(market.id) ?? []) {
        if (record.fillId === null || !wanted.has(record.fillId)) continue;
        wanted.delete(record.fillId);
        this.enqueue(record.seq, record.fillId, record.fill);
      }
    }
    for (const fillId of wanted)
      this.options.onUnsettleable(
        fillId,
        "pending in the ledger, but neither in a stored batch nor in the replayed log",
      );
  }

  /** The batches due now (batcher.ts), as matched records numbered from `nextId()` (asked only when one is due). */
  async close(
    flush: boolean,
    hasRoom: (market: number) => boolean,
    nextId: () => Promise<bigint>,
  ): Promise<BatchIn<"matched">[]> {
    const now = this.options.now();
    const closed = this.batcher.take(now, flush, hasRoom);
    if (closed.length === 0) return [];
    let id = await nextId();
    return closed.map((batch) => this.record(batch, (id++).toString(), now));
  }

  /** The batches' fills are stored: they are the store's now. */
  stored(batches: readonly BatchIn<"matched">[]): void {
    for (const b of batches) for (const f of b.fills) this.matchedAt.delete(f.fillId);
    if (this.batcher.size === 0) this.signed.clear();
  }

  private record({ market, fills }: ClosedBatch, id: string, now: number): BatchIn<"matched"> {
    const orders: Record<Hex, WireSignedOrder> = {};
    for (const f of fills) for (const hash of [f.makerHash, f.takerHash]) orders[hash] = this.signed.get(hash)!;
    return {
      id,
      market,
      state: "matched",
      fills: fills.map(toStoredFill),
      isolated: [],
      skipped: [],
      orders,
      calldata: "0x",
      txs: [],
      inclusion: null,
      matchedAt: Math.min(...fills.map((f) => this.matchedAt.get(f.fillId) ?? now)),
      updatedAt: now,
    };
  }

  private enqueue(seq: number, fillId: number, event: FillEvent): void {
    if (this.options.isStored(fillId) || this.matchedAt.has(fillId)) return;
    const market = this.options.markets.byEngineId(event.market);
    if (market?.proofs) return; // settled with a proof, by the auction settler (relayer/auction/auction-settler.ts)
    try {
      if (market === undefined) throw new Error(`unknown market ${event.market}`);
      const fill = settlementFill(market, seq, fillId, event, (id) => this.options.orders.byOrderId(id)?.hash);
      for (const id of [event.makerId, event.takerId]) {
        const order = this.options.orders.byOrderId(id)!;
        this.signed.set(order.hash, order.signed);
      }
      this.matchedAt.set(fillId, this.options.now());
      this.batcher.add(fill, this.options.now());
    } catch (error) {
      this.options.onUnsettleable(fillId, error instanceof Error ? error.message : String(error));
    }
  }
}
