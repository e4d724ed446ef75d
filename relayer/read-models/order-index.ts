// The relayer's in-memory map of orders: order hash ↔ engine order id ↔ owner id, and each order's status, kept
// from the engine's events of every acknowledgement and of the replay at start-up (fed by ReadModels,
// read-models.ts; no submitter updates it). Owner ids are the ledger's registry:
// an address gets the lowest free id on first use, bound by a register-owner record through the sequencer, so the
// log (and snapshots) keep the binding and a restart finds it again.
import type { Hex } from "viem";
import type { EngineEvent } from "../../engine/index.js";
import type { OrderStore, StoredOrder } from "./order-store.js";
import type { OrderStatus } from "../wire/orders.js";
import type { LogRecord } from "../sequencer/index.js";
import type { TradingAck } from "../machine/trading.js";
import type { AckStreamListener } from "./ack-stream.js";

export type { OrderStatus };

export interface OrderState extends StoredOrder {
  status: OrderStatus;
  /** Size in lots. */
  size: number;
  filled: number;
  remaining: number;
}

/** What an order's events change. */
export type OrderProgress = Pick<OrderState, "status" | "filled" | "remaining">;

/** The orders an engine event is about (none for book levels, batches, triggers). */
export function orderIdsOf(e: EngineEvent): readonly number[] {
  switch (e.type) {
    case "fill":
      return [e.makerId, e.takerId];
    case "accepted":
    case "rejected":
    case "cancelled":
    case "expired":
      return [e.id];
    default:
      return [];
  }
}

/**
 * How `e` (an event about this order, orderIdsOf) changes an order's progress: the one rule of every read model of
 * orders. A rejection refuses only an order not yet accepted: a refused cancel (unknown-order once the order left
 * the book, not-owner) names an order id too, and says nothing about that order.
 */
export function advance(order: OrderProgress, e: EngineEvent): void {
  switch (e.type) {
    case "accepted":
      order.status = "open";
      break;
    case "rejected":
      if (order.status !== "pending") break;
      order.status = "rejected";
      order.remaining = 0;
      break;
    case "fill":
      order.filled += e.qty;
      order.remaining -= e.qty;
      order.status = order.remaining === 0 ? "filled" : "partially-filled";
      break;
    case "cancelled":
      order.remaining = e.remaining;
      if (e.remaining === 0) order.status = "cancelled";
      break;
    case "expired":
      order.remaining = 0;
      order.status = "expired";
      break;
  }
}

export class OrderIndex implements AckStreamListener {
  private readonly byHash = new Map<Hex, OrderState>();
  private readonly byId = new Map<number, OrderState>();
  private readonly registering = new Map<string, Promise<number>>();
  /** Ids that appeared in the log (replayed or acknowledged), to tell orphans from orders at recovery. */
  private readonly seen = new Set<number>();
  private nextOrderId = 1;
  private nextOwnerId = 1;

  constructor(private readonly store: OrderStore) {}

  /** Loads the stored entries; then feed the replay to `apply` and call `reconcile`. */
  async load(sizeOf: (order: StoredOrder) => number): Promise<void> {
    for (const stored of await this.store.load()) {
      const size = sizeOf(stored);
      this.index({ ...stored, status: "pending", size, filled: 0, remaining: size });
    }
  }

  /** After the replay: entries whose command never reached the log are dropped; so are rejected orders. */
  async reconcile(inBook: (order: OrderState) => boolean): Promise<void> {
    for (const order of [...this.byHash.values()]) {
      if (order.status === "rejected" || (!this.seen.has(order.id) && !inBook(order))) await this.release(order.hash);
      else if (!this.seen.has(order.id)) order.status = "open"; // applied before the latest snapshot
    }
  }

  get(hash: Hex): OrderState | undefined {
    return this.byHash.get(hash);
  }

  byOrderId(id: number): OrderState | undefined {
    return this.byId.get(id);
  }

  /** Claims `hash` (synchronously, so two concurrent submissions of one order cannot both pass) and an engine id. */
  reserve(hash: Hex, market: number, size: number, signed: StoredOrder["signed"]): OrderState | undefined {
    if (this.byHash.has(hash)) return undefined;
    const order: OrderState = {
      hash,
      id: this.nextOrderId++,
      owner: 0,
      market,
      signed,
      status: "pending",
      size,
      filled: 0,
      remaining: size,
    };
    this.index(order);
    return order;
  }

  /** Forgets an order that will not be (or was not) placed. */
  async release(hash: Hex): Promise<void> {
    const order = this.byHash.get(hash);
    if (order === undefined) return;
    this.byHash.delete(hash);
    this.byId.delete(order.id);
    await this.store.deleteOrder(hash);
  }

  persist(order: OrderState): Promise<void> {
    const { hash, id, owner, market, signed } = order;
    return this.store.putOrder({ hash, id, owner, market, signed });
  }

  /**
   * The owner id of `address` in `owners` (the ledger's registry), registering it on first use with the lowest
   * free id. Concurrent first orders of one address share one registration.
   */
  ownerFor(
    address: string,
    owners: { ownerOf(address: string): number | undefined; address(owner: number): string | undefined },
    register: (owner: number) => Promise<void>,
  ): Promise<number> {
    const known = owners.ownerOf(address);
    if (known !== undefined) return Promise.resolve(known);
    let pending = this.registering.get(address);
    if (pending === undefined) {
      let owner = this.nextOwnerId;
      while (owners.address(owner) !== undefined) owner++;
      this.nextOwnerId = owner + 1;
      pending = register(owner)
        .then(() => owner)
        .finally(() => this.registering.delete(address));
      this.registering.set(address, pending);
    }
    return pending;
  }

  /** Notes a replayed place command's id so new orders never reuse it. */
  notePlaced(id: number): void {
    this.nextOrderId = Math.max(this.nextOrderId, id + 1);
  }

  /** A replayed record (ack-stream.ts): a place command's id is never handed out again, and its events apply. */
  onReplayed(record: LogRecord, applied: TradingAck): void {
    if (record.command.type === "place") this.notePlaced(record.command.id);
    this.apply(applied.events);
  }

  onAcknowledged(ack: TradingAck): void {
    this.apply(ack.events);
  }

  /** Applies the events of one acknowledged (or replayed) command, in order. */
  apply(events: readonly EngineEvent[]): void {
    for (const e of events) for (const id of orderIdsOf(e)) this.update(id, (o) => advance(o, e));
  }

  private update(id: number, change: (order: OrderState) => void): void {
    this.seen.add(id);
    this.nextOrderId = Math.max(this.nextOrderId, id + 1);
    const order = this.byId.get(id);
    if (order !== undefined) change(order);
  }

  private index(order: OrderState): void {
    this.byHash.set(order.hash, order);
    this.byId.set(order.id, order);
    this.nextOrderId = Math.max(this.nextOrderId, order.id + 1);
  }
}
