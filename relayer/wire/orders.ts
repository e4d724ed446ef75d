// The REST API's order bodies (POST/GET/DELETE /v1/orders, the list endpoints, cancel-all) and what the private
// channel's place and cancel acks carry: one definition for the server, which must produce exactly these (its
// services and routers are typed by them), and the SDK, which reads them. Amounts are decimal strings.
import type { Hex } from "viem";
import type { WireOrder } from "./signed-order.js";

export type OrderStatus = "pending" | "open" | "partially-filled" | "filled" | "cancelled" | "expired" | "rejected";

export interface FillView {
  makerOrderHash: Hex | null;
  takerOrderHash: Hex | null;
  baseAmount: string;
  quoteAmount: string;
  makerFee: string;
  takerFee: string;
}

export interface PlacedOrder {
  orderHash: Hex;
  seq: number;
  status: OrderStatus;
  filled: string;
  remaining: string;
  fills: FillView[];
}

export interface OrderView {
  orderHash: Hex;
  market: string;
  status: OrderStatus;
  baseAmount: string;
  filled: string;
  remaining: string;
  order: WireOrder;
}

export interface ListedOrder extends OrderView {
  /** The seq of the command that placed it. */
  seq: number;
}

/** A fill's settlement as GET /v1/fills shows it (the settler's FillSettlement, relayer/settlement/settler.ts, must fit it). */
export interface FillSettlement {
  state: "queued" | "matched" | "submitted" | "included" | "final" | "isolated" | "skipped";
  batchId: string | null;
  txHash: Hex | null;
}

export interface FillItem {
  fillId: number | null;
  seq: number;
  /** Unix seconds of the command that matched it. */
  time: number;
  market: string;
  priceTicks: number;
  takerSide: "buy" | "sell";
  maker: string | null;
  taker: string | null;
  makerOrderHash: string | null;
  takerOrderHash: string | null;
  baseAmount: string;
  quoteAmount: string;
  makerFee: string;
  takerFee: string;
  /**
   * Its settlement: queued (no batch yet), then its batch's state (matched → submitted → included → final; skipped or
   * isolated when it was reverted), with the transaction once in a block. Null when no settler tracks it.
   */
  settlement: FillSettlement | null;
}

export interface CancelledOrder {
  orderHash: Hex;
  status: "cancelled";
  seq: number;
}

export interface CancelledAll {
  cancelled: Hex[];
  seq: number;
}
