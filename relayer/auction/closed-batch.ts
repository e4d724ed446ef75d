// The auction batches an acknowledgement closed, read from its engine events: `batch`, its `batch-order` list,
// `cleared`, and the fills that followed (with the ledger's fill ids, which are numbered in fill-event order).
import type { BatchOrderEvent, EngineEvent, MarketId } from "../../engine/index.js";

export interface ClosedBatch {
  readonly market: MarketId;
  /** The close-batch command's sequence number and time (unix seconds). */
  readonly seq: number;
  readonly time: number;
  readonly reference: number;
  readonly price: number;
  readonly volume: number;
  /** The ordered list the clearing took, slot by slot. */
  readonly orders: readonly BatchOrderEvent[];
  /** The ledger's ids of the batch's fills, in fill order. */
  readonly fillIds: readonly number[];
}

/** What this reads of an acknowledgement (relayer/machine/trading.ts TradingAck): every ack has its time and fill ids. */
export interface AckLike {
  readonly seq: number;
  readonly time: number;
  readonly events: readonly EngineEvent[];
  readonly fillIds: readonly number[];
}

export function closedBatches(ack: AckLike): ClosedBatch[] {
  const out: {
    market: MarketId;
    reference: number;
    price: number;
    volume: number;
    orders: BatchOrderEvent[];
    fillIds: number[];
  }[] = [];
  let fills = 0;
  for (const e of ack.events) {
    const current = out[out.length - 1];
    if (e.type === "batch")
      out.push({ market: e.market, reference: e.reference, price: 0, volume: 0, orders: [], fillIds: [] });
    else if (e.type === "batch-order" && current?.market === e.market) current.orders.push(e);
    else if (e.type === "cleared" && current?.market === e.market) {
      current.price = e.price;
      current.volume = e.volume;
    } else if (e.type === "fill") {
      const fillId = ack.fillIds[fills++];
      if (current?.market === e.market && fillId !== undefined) current.fillIds.push(fillId);
    }
  }
  return out.map((b) => ({ ...b, seq: ack.seq, time: ack.time }));
}
