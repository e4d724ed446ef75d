// The market-data feed's wire shapes, shared by the gateway (relayer/ws/) and the client (relayer/client/). Prices and
// sizes are in the REST book's units (GET /v1/markets/:id/book): ticks and quote units per lot, lots and base units.
import type { ApiErrorCode } from "./error-codes.js";

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

/**
 * Emitted as `book` to room `book:<market>`: the level changes of the commands after feed seq `prevSeq` up to `seq`
 * (relayer/ws/delta-coalescer.ts gathers a short window into one message). A book at a seq in [prevSeq, seq] applies
 * it and is then at `seq`; a book before `prevSeq` missed a message and must take a new snapshot.
 */
export interface BookDelta {
  market: string;
  seq: number;
  /** Absent on the feed's own (uncoalesced) deltas, where it is seq − 1. */
  prevSeq?: number;
  changes: LevelChange[];
  /** Unix ms when the gateway sent it. */
  time?: number;
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

/** Emitted as `trades` to room `trades:<market>`: the fills of the commands after trades seq `prevSeq` up to `seq`. */
export interface TradesMessage {
  market: string;
  seq: number;
  /** Absent on the feed's own (uncoalesced) messages, where it is seq − 1. */
  prevSeq?: number;
  trades: Trade[];
  /** Unix ms when the gateway sent it. */
  time?: number;
}

export type Channel = "book" | "trades";

export interface SubscribeRequest {
  channel: Channel;
  market: string;
}

/** An error answered through the ack; codes from relayer/wire/error-codes.ts. */
export interface FeedError {
  error: { code: ApiErrorCode; message: string; field?: string };
}

export type BookSubscribeAck = BookSnapshot | FeedError;
export type TradesSubscribeAck = { market: string; seq: number } | FeedError;
export type UnsubscribeAck = { ok: true } | FeedError;

export const bookRoom = (market: string) => `book:${market}`;
export const tradesRoom = (market: string) => `trades:${market}`;

export function isFeedError(value: unknown): value is FeedError {
  return typeof value === "object" && value !== null && "error" in value;
}
