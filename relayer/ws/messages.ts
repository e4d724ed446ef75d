// The market-data feed's wire shapes, shared by the gateway (relayer/ws/) and the client (relayer/client/). Prices and
// sizes are in the REST book's units (GET /v1/markets/:id/book): ticks and quote units per lot, lots and base units.

export type BookSide = "bid" | "ask";

/** One price level, as the REST book shows it. */
export interface WireLevel {
  priceTicks: number;
  /** Quote units one lot costs at this price. */
  quotePerLot: string;
  lots: number;
  baseAmount: string;
}

/** A level's new total; `lots: 0` removes the level. */
export interface LevelChange extends WireLevel {
  side: BookSide;
}

/** `subscribe { channel: "book" }` answers this; the next delta on `book` has `seq + 1`. */
export interface BookSnapshot {
  market: string;
  seq: number;
  bids: WireLevel[];
  asks: WireLevel[];
}

/** Emitted as `book` to room `book:<market>`: the level changes of one sequenced command, in order. */
export interface BookDelta {
  market: string;
  seq: number;
  changes: LevelChange[];
}

export interface Trade {
  priceTicks: number;
  quotePerLot: string;
  /** The taker's side. */
  takerSide: "buy" | "sell";
  lots: number;
  baseAmount: string;
  quoteAmount: string;
  makerOrderHash: string | null;
  takerOrderHash: string | null;
}

/** Emitted as `trades` to room `trades:<market>`: the fills of one sequenced command. */
export interface TradesMessage {
  market: string;
  seq: number;
  trades: Trade[];
}

export type Channel = "book" | "trades";

export interface SubscribeRequest {
  channel: Channel;
  market: string;
}

/** An error answered through the ack; codes from relayer/errors/codes.ts. */
export interface FeedError {
  error: { code: string; message: string; field?: string };
}

export type BookSubscribeAck = BookSnapshot | FeedError;
export type TradesSubscribeAck = { market: string; seq: number } | FeedError;
export type UnsubscribeAck = { ok: true } | FeedError;

export const bookRoom = (market: string) => `book:${market}`;
export const tradesRoom = (market: string) => `trades:${market}`;

export function isFeedError(value: unknown): value is FeedError {
  return typeof value === "object" && value !== null && "error" in value;
}
