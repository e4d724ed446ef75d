/** Builders that keep the engine tests short and readable. */
import { describe } from "mocha";
import {
  defineMarket,
  Engine,
  marketId,
  OrderKind,
  RecordingSink,
  SelfTrade,
  Side,
  TimeInForce,
  type CancelCommand,
  type EngineEvent,
  type MarketConfig,
  type MarketInput,
  type PlaceCommand,
  type RiskCheck,
} from "../../engine/index.js";

export const M = marketId(1);

export function market(overrides: Partial<MarketInput> = {}): MarketConfig {
  return defineMarket({
    id: M,
    baseToken: "0x00000000000000000000000000000000000000b1",
    quoteToken: "0x00000000000000000000000000000000000000a1",
    lotSize: 10n ** 15n,
    tickSize: 10n ** 4n,
    makerFeeBps: 10,
    takerFeeBps: 20,
    mode: "continuous",
    maxPriceTicks: 1000 as never,
    ...overrides,
  });
}

/** Command fields with the branded numbers loosened to plain numbers, for short test code. */
type Loose<T> = { [K in keyof T]: NonNullable<T[K]> extends number ? number : T[K] };
export type OrderSpec = Partial<Loose<Omit<PlaceCommand, "type">>> & {
  id: number;
  side: PlaceCommand["side"];
  price: number;
  size: number;
};

let seq = 0;
export function place(spec: OrderSpec): PlaceCommand {
  return {
    type: "place",
    seq: ++seq,
    time: 1000,
    market: M,
    owner: 1,
    kind: OrderKind.Limit,
    tif: TimeInForce.GTC,
    expiry: 0,
    postOnly: false,
    stopPrice: 0,
    stp: SelfTrade.CancelTaker,
    maxFeeBps: 10_000,
    ...spec,
  } as PlaceCommand;
}

export const buy = (id: number, size: number, price: number, extra: Partial<OrderSpec> = {}) =>
  place({ id, side: Side.Buy, size, price, ...extra });
export const sell = (id: number, size: number, price: number, extra: Partial<OrderSpec> = {}) =>
  place({ id, side: Side.Sell, size, price, ...extra });
export const cancel = (id: number, extra: Partial<Loose<CancelCommand>> = {}): CancelCommand =>
  ({ type: "cancel", seq: ++seq, time: 1000, market: M, id, ...extra }) as CancelCommand;

/** An engine with a recording sink; `run` executes commands and returns the events they caused. */
export function harness(options: { markets?: MarketConfig[]; risk?: RiskCheck; book?: "fast" | "reference" } = {}) {
  const sink = new RecordingSink();
  const engine = new Engine({ markets: options.markets ?? [market()], sink, risk: options.risk, book: options.book });
  return {
    engine,
    sink,
    run(...commands: Parameters<Engine["execute"]>[0][]): EngineEvent[] {
      for (const c of commands) engine.execute(c);
      return sink.take();
    },
    /** Short form of the book: bids best first, asks best first. */
    book(): { bids: [number, number][]; asks: [number, number][] } {
      return { bids: engine.depth(M, Side.Buy, 50), asks: engine.depth(M, Side.Sell, 50) };
    },
  };
}

export type Harness = ReturnType<typeof harness>;

/** The continuous books an engine can run on: the fast one and the naive reference it is checked against. */
export const BOOKS = ["fast", "reference"] as const;

/**
 * Declares a scenario suite once and runs it on each book: `suite` gets a `harness` that builds engines on that book,
 * so the fast book and the reference book answer the same scenarios with the same events.
 */
export function describeOnEachBook(title: string, suite: (harnessOnBook: typeof harness) => void): void {
  for (const book of BOOKS) {
    describe(`${title} (${book} book)`, () => suite((options = {}) => harness({ ...options, book })));
  }
}

export const only = <T extends EngineEvent["type"]>(events: EngineEvent[], type: T) =>
  events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

/** Fills as [maker, taker, price, qty]. */
export const fills = (events: EngineEvent[]) => only(events, "fill").map((f) => [f.makerId, f.takerId, f.price, f.qty]);
