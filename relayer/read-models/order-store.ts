// The relayer's own durable index next to the log: which engine order id (and owner id) a signed order, by its
// EIP-712 hash, got, with the signed order itself. The engine only knows numbers; this is where they get their
// meaning back (owner ids ↔ addresses are the ledger's, bound by logged register-owner records). Written (synced) before the command is submitted, so an order in the log always has its entry; an
// entry whose command never reached the log (a crash in between) is dropped at recovery (OrderBook.recover).
import { ClassicLevel } from "classic-level";
import type { Hex } from "viem";
import type { WireSignedOrder } from "../orders/index.js";

export interface StoredOrder {
  hash: Hex;
  id: number;
  owner: number;
  /** The engine market id. */
  market: number;
  signed: WireSignedOrder;
}

const ORDER = "order:";
/** cancel-all:<maker> → the issuedAt (decimal string) of the maker's last accepted cancel-all. */
const CANCEL_ALL = "cancel-all:";

interface PendingPut {
  order: StoredOrder;
  resolve(): void;
  reject(error: unknown): void;
}

export class OrderStore {
  /** Group commit, as the log does: puts made while a synced batch is being written go together in the next one. */
  private queue: PendingPut[] = [];
  private flushing: Promise<void> | null = null;

  private constructor(private readonly db: ClassicLevel<string, StoredOrder | string>) {}

  static async open(directory: string): Promise<OrderStore> {
    const db = new ClassicLevel<string, StoredOrder | string>(directory, { valueEncoding: "json" });
    await db.open();
    return new OrderStore(db);
  }

  /** Resolves once the entry is durable (one fsync for every put queued with it). */
  putOrder(order: StoredOrder): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ order, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let the puts of this event-loop turn join the first batch too.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.db.batch(
          batch.map(({ order }) => ({ type: "put" as const, key: ORDER + order.hash, value: order })),
          { sync: true },
        );
        for (const put of batch) put.resolve();
      } catch (error) {
        for (const put of batch) put.reject(error);
      }
    }
    this.flushing = null;
  }

  async deleteOrder(hash: Hex): Promise<void> {
    await this.db.del(ORDER + hash, { sync: true });
  }

  async load(): Promise<StoredOrder[]> {
    const orders: StoredOrder[] = [];
    for await (const value of this.db.values({ gte: ORDER, lt: ORDER + "\xff" })) orders.push(value as StoredOrder);
    return orders;
  }

  /** Records (synced) `issuedAt` as `maker`'s last accepted cancel-all, before its command is submitted. */
  async putCancelAll(maker: string, issuedAt: bigint): Promise<void> {
    await this.db.put(CANCEL_ALL + maker, issuedAt.toString(), { sync: true });
  }

  /** Every maker's last accepted cancel-all issuedAt. */
  async loadCancelAlls(): Promise<Map<string, bigint>> {
    const last = new Map<string, bigint>();
    for await (const [key, value] of this.db.iterator({ gte: CANCEL_ALL, lt: CANCEL_ALL + "\xff" })) {
      last.set(key.slice(CANCEL_ALL.length), BigInt(value as string));
    }
    return last;
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.db.close();
  }
}
