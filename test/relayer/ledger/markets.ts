/** Markets and command builders for the tests that drive the engine and the ledger together. */
import {
  defineMarket,
  OrderKind,
  SelfTrade,
  TimeInForce,
  type MarketConfig,
  type PlaceCommand,
} from "../../../engine/index.js";
import type { LedgerCommand } from "../../../relayer/ledger/index.js";
import { BASE, BASE2, QUOTE } from "./fixtures.js";

/** Market 1: continuous BASE/QUOTE; market 2: auction BASE2/QUOTE. A lot is 1,000 base units, a tick 7 quote units per lot. */
export function ledgerMarkets(): MarketConfig[] {
  const common = {
    quoteToken: QUOTE,
    lotSize: 1_000n,
    tickSize: 7n,
    makerFeeBps: 5,
    takerFeeBps: 15,
    maxPriceTicks: 200 as never,
  };
  return [
    defineMarket({ ...common, id: 1 as never, baseToken: BASE, mode: "continuous" }),
    defineMarket({ ...common, id: 2 as never, baseToken: BASE2, mode: "auction" }),
  ];
}

/** A place command's fields as plain numbers (the engine's branded types are for the engine's own code). */
type PlaceFields = Partial<Omit<PlaceCommand, "type" | "seq" | "time" | "id" | "owner" | "side" | "price" | "size">> & {
  id: number;
  owner: number;
  side: 0 | 1;
  price: number;
  size: number;
};

export function place(seq: number, f: PlaceFields, time = 1_000): PlaceCommand {
  return {
    type: "place",
    seq,
    time: time as never,
    market: 1 as never,
    kind: OrderKind.Limit,
    tif: TimeInForce.GTC,
    expiry: 0 as never,
    postOnly: false,
    stopPrice: 0 as never,
    stp: SelfTrade.CancelTaker,
    maxFeeBps: 30,
    ...(f as object),
  } as unknown as PlaceCommand;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function record(seq: number, r: DistributiveOmit<LedgerCommand, "seq" | "time">, time = 1_000): LedgerCommand {
  return { ...r, seq, time: time as never } as LedgerCommand;
}
