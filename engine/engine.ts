/**
 * The engine: a deterministic dispatcher of commands over many markets.
 * (state, command) → events. No I/O, no clock, no randomness: time comes in
 * with each command. Rejections are events, never exceptions.
 */
import { restsInBook, validatePlace, wouldTake } from "./admission.js";
import { AuctionBook } from "./book/auction-book.js";
import type { ContinuousBook } from "./book/continuous-book.js";
import { OrderBook } from "./book/order-book.js";
import type { EventSink } from "./events.js";
import type { MarketConfig } from "./market.js";
import { ReferenceBook } from "./reference/reference-book.js";
import { decodeSnapshot, encodeSnapshot, hashSnapshot, type EngineSnapshot } from "./snapshot.js";
import { StopBook } from "./stops.js";
import {
  OrderKind,
  type Side,
  TimeInForce,
  type CancelAllCommand,
  type CancelCommand,
  type CloseBatchCommand,
  type Command,
  type Lots,
  type MarketId,
  type OrderId,
  type OwnerId,
  type PlaceCommand,
  type Ticks,
} from "./types.js";

/**
 * Pre-trade risk hook: can this owner afford this order? The relayer answers
 * from balances and locks. For replay to reproduce the same events, its
 * answers must themselves follow from the command stream.
 */
export type RiskCheck = (market: MarketConfig, owner: OwnerId, side: Side, price: Ticks, size: Lots) => boolean;

export interface EngineOptions {
  markets: readonly MarketConfig[];
  sink: EventSink;
  risk?: RiskCheck;
  /** Which continuous book to use: the fast one (default) or the naive reference. */
  book?: "fast" | "reference";
  /** Orders per market to reserve memory for up front. */
  expectedOrders?: number;
}

/** Order id in rejections of commands that name no order (cancel-all, close-batch). */
const NO_ORDER = -1 as OrderId;

/** What every market has: its definition and its waiting stops. */
interface MarketCommon {
  readonly config: MarketConfig;
  readonly stops: StopBook;
}

/**
 * A market's state, by its mode: a continuous market matches on arrival in its book, an auction market collects
 * orders until its batch closes. The kind says which book there is, so no code path can reach for the other one.
 */
type MarketState =
  | (MarketCommon & { readonly kind: "continuous"; readonly book: ContinuousBook })
  | (MarketCommon & { readonly kind: "auction"; readonly auction: AuctionBook });

/** The book a market's resting orders are in, whichever its kind (for what both books do alike). */
function restingBook(m: MarketState): ContinuousBook | AuctionBook {
  return m.kind === "continuous" ? m.book : m.auction;
}

const allowAll: RiskCheck = () => true;

export class Engine {
  private readonly sink: EventSink;
  private readonly risk: RiskCheck;
  private readonly markets = new Map<number, MarketState>();
  /** Markets in definition order: the order of cross-market sweeps. */
  private readonly marketList: MarketState[] = [];
  /** Engine time: the latest command time seen (never goes back). */
  now = 0;
  lastSeq = 0;

  constructor(options: EngineOptions) {
    this.sink = options.sink;
    this.risk = options.risk ?? allowAll;
    for (const config of options.markets) {
      if (this.markets.has(config.id)) throw new Error(`duplicate market ${config.id}`);
      const stops = new StopBook();
      const state: MarketState =
        config.mode === "continuous"
          ? { kind: "continuous", config, stops, book: this.makeBook(config, options) }
          : {
              kind: "auction",
              config,
              stops,
              auction: new AuctionBook(config.id, config.makerFeeBps, config.takerFeeBps, this.sink),
            };
      this.markets.set(config.id, state);
      this.marketList.push(state);
    }
  }

  private makeBook(config: MarketConfig, options: EngineOptions): ContinuousBook {
    const common = {
      market: config.id,
      makerFeeBps: config.makerFeeBps,
      takerFeeBps: config.takerFeeBps,
      sink: this.sink,
    };
    if (options.book === "reference") return new ReferenceBook(common);
    return new OrderBook({ ...common, maxPriceTicks: config.maxPriceTicks, expectedOrders: options.expectedOrders });
  }

  /** Applies one command; everything it causes goes to the sink. */
  execute(cmd: Command): void {
    this.lastSeq = cmd.seq;
    if (cmd.time > this.now) this.now = cmd.time;
    switch (cmd.type) {
      case "place":
        return this.place(cmd);
      case "cancel":
        return this.cancel(cmd);
      case "cancel-all":
        return this.cancelAll(cmd);
      case "expire":
        for (const m of this.marketList) this.sweep(m);
        return;
      case "close-batch":
        return this.closeBatch(cmd);
    }
  }

  private place(cmd: PlaceCommand): void {
    const m = this.markets.get(cmd.market);
    if (m === undefined) return this.sink.rejected(cmd.market, cmd.id, "unknown-market");
    this.sweep(m);
    const invalid = validatePlace(m.config, cmd, this.now);
    if (invalid !== null) return this.sink.rejected(cmd.market, cmd.id, invalid);
    if (this.isLive(m, cmd.id)) return this.sink.rejected(cmd.market, cmd.id, "duplicate-id");
    const isStop = cmd.kind === OrderKind.StopLimit || cmd.kind === OrderKind.StopMarket;
    // validatePlace refuses stops and post-only orders in auction markets (not-supported-in-auction).
    if (isStop) {
      if (m.kind === "continuous" && StopBook.triggersAt(cmd, m.book.lastPrice))
        return this.sink.rejected(cmd.market, cmd.id, "stop-would-trigger");
    } else if (cmd.postOnly && m.kind === "continuous" && wouldTake(m.book, cmd.side, cmd.price)) {
      return this.sink.rejected(cmd.market, cmd.id, "post-only-would-take");
    }
    if (!this.risk(m.config, cmd.owner, cmd.side, cmd.price, cmd.size)) {
      return this.sink.rejected(cmd.market, cmd.id, "risk-rejected");
    }
    this.sink.accepted(cmd.market, cmd.id, cmd.owner);
    if (isStop) return m.stops.add(cmd);
    if (m.kind === "auction") {
      m.auction.add(cmd.id, cmd.owner, cmd.side, cmd.price, cmd.size, cmd.expiry, !restsInBook(cmd));
      return;
    }
    this.submit(m, m.book, cmd);
    if (m.stops.size !== 0) this.runStops(m, m.book);
  }

  /** Sends an accepted (or just triggered) order into the continuous book. */
  private submit(m: MarketState, book: ContinuousBook, cmd: PlaceCommand): void {
    if (cmd.tif === TimeInForce.FOK && !book.canFill(cmd.side, cmd.price, cmd.size, cmd.owner, cmd.stp)) {
      book.tradeLow = 0;
      book.tradeHigh = 0;
      this.sink.cancelled(m.config.id, cmd.id, "fok-unfilled", cmd.size, 0 as Lots);
      return;
    }
    book.place(cmd.id, cmd.owner, cmd.side, cmd.price, cmd.size, cmd.stp, cmd.expiry, restsInBook(cmd));
  }

  /** Triggers stops on the trades just made, and on the trades those make, in arrival order. */
  private runStops(m: MarketState, book: ContinuousBook): void {
    const queue = m.stops.triggered(book.tradeLow, book.tradeHigh);
    while (queue.length > 0) {
      const stop = queue.shift()!;
      this.sink.triggered(m.config.id, stop.id);
      if (stop.postOnly && wouldTake(book, stop.side, stop.price)) {
        this.sink.cancelled(m.config.id, stop.id, "post-only-would-take", stop.size, 0 as Lots);
        continue;
      }
      this.submit(m, book, stop);
      queue.push(...m.stops.triggered(book.tradeLow, book.tradeHigh));
    }
  }

  private cancel(cmd: CancelCommand): void {
    const m = this.markets.get(cmd.market);
    if (m === undefined) return this.sink.rejected(cmd.market, cmd.id, "unknown-market");
    this.sweep(m);
    const owner = cmd.owner ?? -1;
    const outcome =
      m.kind === "continuous" ? m.book.cancel(cmd.id, "user", owner) : m.auction.cancel(cmd.id, "user", owner);
    if (outcome === "cancelled") return;
    if (outcome === "not-owner") return this.sink.rejected(cmd.market, cmd.id, "not-owner");
    const stopOwner = m.stops.size === 0 ? -1 : m.stops.ownerOf(cmd.id);
    if (stopOwner === -1) return this.sink.rejected(cmd.market, cmd.id, "unknown-order");
    if (owner >= 0 && owner !== stopOwner) return this.sink.rejected(cmd.market, cmd.id, "not-owner");
    const stop = m.stops.remove(cmd.id)!;
    this.sink.cancelled(cmd.market, cmd.id, "user", stop.size, 0 as Lots);
  }

  private cancelAll(cmd: CancelAllCommand): void {
    if (cmd.market !== undefined && !this.markets.has(cmd.market)) {
      return this.sink.rejected(cmd.market, NO_ORDER, "unknown-market");
    }
    for (const m of this.marketList) {
      if (cmd.market !== undefined && m.config.id !== cmd.market) continue;
      this.sweep(m);
      if (m.kind === "continuous") m.book.cancelOwner(cmd.owner, "cancel-all");
      else m.auction.cancelOwner(cmd.owner, "cancel-all");
      for (const stop of m.stops.removeOwner(cmd.owner)) {
        this.sink.cancelled(m.config.id, stop.id, "cancel-all", stop.size, 0 as Lots);
      }
    }
  }

  private closeBatch(cmd: CloseBatchCommand): void {
    const m = this.markets.get(cmd.market);
    if (m === undefined) return this.sink.rejected(cmd.market, NO_ORDER, "unknown-market");
    if (m.kind !== "auction") return this.sink.rejected(cmd.market, NO_ORDER, "not-an-auction-market");
    this.sweep(m);
    m.auction.close();
  }

  /** Expires everything due in one market: book orders, then stops. */
  private sweep(m: MarketState): void {
    const now = this.now;
    if (m.kind === "continuous") m.book.expire(now);
    else m.auction.expire(now);
    if (m.stops.size === 0) return;
    for (const stop of m.stops.expire(now)) this.sink.expired(m.config.id, stop.id, stop.size);
  }

  private isLive(m: MarketState, id: number): boolean {
    return (
      (m.kind === "continuous" ? m.book.has(id as OrderId) : m.auction.has(id)) ||
      (m.stops.size !== 0 && m.stops.has(id))
    );
  }

  // ----- queries (not commands: they change nothing) -----

  market(id: MarketId): MarketConfig | undefined {
    return this.markets.get(id)?.config;
  }

  /** Is this order live (resting, waiting in a batch, or a waiting stop)? */
  hasOrder(market: MarketId, id: OrderId): boolean {
    const m = this.markets.get(market);
    return m !== undefined && this.isLive(m, id);
  }

  /** Number of orders resting in a market's book (waiting stops excluded). */
  orderCount(market: MarketId): number {
    const m = this.markets.get(market);
    return m === undefined ? 0 : restingBook(m).orderCount();
  }

  bestBid(market: MarketId): number {
    const m = this.markets.get(market);
    return m?.kind === "continuous" ? m.book.bestBid() : 0;
  }

  bestAsk(market: MarketId): number {
    const m = this.markets.get(market);
    return m?.kind === "continuous" ? m.book.bestAsk() : 0;
  }

  lastPrice(market: MarketId): number {
    const m = this.markets.get(market);
    return m === undefined ? 0 : restingBook(m).lastPrice;
  }

  /** Best `n` levels of one side, [price, total] pairs, best first. */
  depth(market: MarketId, side: Side, n = 10): [number, number][] {
    const m = this.markets.get(market);
    if (m === undefined) return [];
    return m.kind === "continuous" ? m.book.depth(side, n) : m.auction.depth(side, n);
  }

  /** First broken internal invariant of any continuous book, or null. */
  checkInvariants(): string | null {
    for (const m of this.marketList) {
      const problem = m.kind === "continuous" ? m.book.checkInvariants() : null;
      if (problem !== null) return `market ${m.config.id}: ${problem}`;
    }
    return null;
  }

  // ----- snapshot, restore, state hash -----

  /** The whole state as plain data (JSON-serialisable). */
  snapshot(): EngineSnapshot {
    return encodeSnapshot({
      now: this.now,
      lastSeq: this.lastSeq,
      markets: this.marketList.map((m) => {
        const side = restingBook(m);
        return {
          config: m.config,
          lastPrice: side.lastPrice,
          nextSeq: side.nextSeq,
          orders: side.orders(),
          stops: m.stops.all(),
        };
      }),
    });
  }

  /** SHA-256 of the canonical snapshot: equal states, equal hashes, on any machine. */
  stateHash(): string {
    return hashSnapshot(this.snapshot());
  }

  /** A new engine in the state of `snapshot`. */
  static restore(snapshot: EngineSnapshot, options: Omit<EngineOptions, "markets">): Engine {
    const state = decodeSnapshot(snapshot);
    const engine = new Engine({ ...options, markets: state.markets.map((m) => m.config) });
    engine.now = state.now;
    engine.lastSeq = state.lastSeq;
    state.markets.forEach((saved, i) => {
      const m = engine.marketList[i];
      restingBook(m).restore(saved.orders, saved.nextSeq, saved.lastPrice);
      for (const stop of saved.stops) m.stops.add(stop);
    });
    return engine;
  }
}
