/**
 * The engine's whole state as canonical plain data, and its hash. Only what
 * determines future behaviour is recorded (orders in insertion order, stops in
 * arrival order, counters, prices, time), never implementation details such as
 * pool slots, so the fast and the reference book produce the same snapshot
 * and the same hash for the same state.
 */
import { createHash } from "node:crypto";
import type { RestingOrder } from "./book/continuous-book.js";
import type { MarketConfig } from "./market.js";
import type {
  Lots,
  MarketId,
  MatchingMode,
  OrderId,
  OrderKind,
  OwnerId,
  PlaceCommand,
  Seconds,
  SelfTrade,
  Side,
  Ticks,
  TimeInForce,
} from "./types.js";

export const SNAPSHOT_VERSION = 1;

export interface MarketConfigSnapshot {
  id: number;
  baseToken: string;
  quoteToken: string;
  /** bigint as a decimal string */
  lotSize: string;
  tickSize: string;
  minSize: number;
  makerFeeBps: number;
  takerFeeBps: number;
  mode: MatchingMode;
  maxPriceTicks: number;
}

export interface StopSnapshot {
  seq: number;
  time: number;
  id: number;
  owner: number;
  side: Side;
  kind: OrderKind;
  price: number;
  size: number;
  tif: TimeInForce;
  expiry: number;
  postOnly: boolean;
  stopPrice: number;
  stp: SelfTrade;
  maxFeeBps: number;
}

export interface MarketSnapshot {
  config: MarketConfigSnapshot;
  lastPrice: number;
  nextSeq: number;
  orders: RestingOrder[];
  stops: StopSnapshot[];
}

export interface EngineSnapshot {
  version: number;
  now: number;
  lastSeq: number;
  markets: MarketSnapshot[];
}

/** The state as the engine holds it. */
export interface EngineState {
  now: number;
  lastSeq: number;
  markets: {
    config: MarketConfig;
    lastPrice: number;
    nextSeq: number;
    orders: readonly RestingOrder[];
    stops: readonly PlaceCommand[];
  }[];
}

export function encodeSnapshot(state: EngineState): EngineSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    now: state.now,
    lastSeq: state.lastSeq,
    markets: state.markets.map((m) => ({
      config: {
        id: m.config.id,
        baseToken: m.config.baseToken,
        quoteToken: m.config.quoteToken,
        lotSize: m.config.lotSize.toString(),
        tickSize: m.config.tickSize.toString(),
        minSize: m.config.minSize,
        makerFeeBps: m.config.makerFeeBps,
        takerFeeBps: m.config.takerFeeBps,
        mode: m.config.mode,
        maxPriceTicks: m.config.maxPriceTicks,
      },
      lastPrice: m.lastPrice,
      nextSeq: m.nextSeq,
      orders: m.orders.map((o) => ({
        id: o.id,
        owner: o.owner,
        side: o.side,
        price: o.price,
        size: o.size,
        remaining: o.remaining,
        expiry: o.expiry,
        seq: o.seq,
        ioc: o.ioc,
      })),
      stops: m.stops.map((s) => ({
        seq: s.seq,
        time: s.time,
        id: s.id,
        owner: s.owner,
        side: s.side,
        kind: s.kind,
        price: s.price,
        size: s.size,
        tif: s.tif,
        expiry: s.expiry,
        postOnly: s.postOnly,
        stopPrice: s.stopPrice,
        stp: s.stp,
        maxFeeBps: s.maxFeeBps,
      })),
    })),
  };
}

export function decodeSnapshot(snapshot: EngineSnapshot): EngineState {
  if (snapshot.version !== SNAPSHOT_VERSION) throw new Error(`unsupported snapshot version ${snapshot.version}`);
  return {
    now: snapshot.now,
    lastSeq: snapshot.lastSeq,
    markets: snapshot.markets.map((m) => {
      const config: MarketConfig = {
        ...m.config,
        id: m.config.id as MarketId,
        lotSize: BigInt(m.config.lotSize),
        tickSize: BigInt(m.config.tickSize),
        minSize: m.config.minSize as Lots,
        maxPriceTicks: m.config.maxPriceTicks as Ticks,
      };
      const stops: PlaceCommand[] = m.stops.map((s) => ({
        ...s,
        type: "place",
        market: config.id,
        time: s.time as Seconds,
        id: s.id as OrderId,
        owner: s.owner as OwnerId,
        price: s.price as Ticks,
        size: s.size as Lots,
        expiry: s.expiry as Seconds,
        stopPrice: s.stopPrice as Ticks,
      }));
      return { config, lastPrice: m.lastPrice, nextSeq: m.nextSeq, orders: m.orders.map((o) => ({ ...o })), stops };
    }),
  };
}

/** SHA-256 (hex) of the snapshot's canonical JSON. */
export function hashSnapshot(snapshot: EngineSnapshot): string {
  const canonical = JSON.stringify(encodeSnapshot(decodeSnapshot(snapshot)));
  return createHash("sha256").update(canonical).digest("hex");
}
