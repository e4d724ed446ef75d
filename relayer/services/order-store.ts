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

export class OrderStore {
  private constructor(private readonly db: ClassicLevel<string, StoredOrder>) {}

  static async open(directory: string): Promise<OrderStore> {
    const db = new ClassicLevel<string, StoredOrder>(directory, { valueEncoding: "json" });
    await db.open();
    return new OrderStore(db);
  }

  async putOrder(order: StoredOrder): Promise<void> {
    await this.db.put(ORDER + order.hash, order, { sync: true });
  }

  async deleteOrder(hash: Hex): Promise<void> {
    await this.db.del(ORDER + hash, { sync: true });
  }

  async load(): Promise<StoredOrder[]> {
    const orders: StoredOrder[] = [];
    for await (const value of this.db.values({ gte: ORDER, lt: ORDER + "\xff" })) orders.push(value);
    return orders;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
