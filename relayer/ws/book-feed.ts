// The publisher of the public market data: takes the engine events of each acknowledged command (Trading.onAck, in
// seq order), keeps per market a feed seq and a LevelBook, and hands out
//   book:<market>   { market, seq, changes }   one message per command that changed levels, seq + 1 each time
//   trades:<market> { market, seq, trades }    one message per command that filled, its own seq
// `snapshot(market)` is the LevelBook at the last published seq: taken and followed by a join in the same tick, no
// delta is lost or seen twice.
import { Side, type EngineEvent, type FillEvent } from "../../engine/index.js";
import { fromFill } from "../orders/index.js";
import type { MarketRegistry, RelayerMarket } from "../markets/index.js";
import type { EngineView } from "../sequencer/index.js";
import type { OrderIndex } from "../read-models/order-index.js";
import type { TradingAck } from "../machine/trading.js";
import { LevelBook } from "./level-book.js";
import type {
  BookDelta,
  BookSide,
  BookSnapshot,
  LevelChange,
  Trade,
  TradesMessage,
  WireLevel,
} from "../wire/feed-messages.js";

export interface BookFeedSink {
  book(delta: BookDelta): void;
  trades(message: TradesMessage): void;
}

export interface BookFeedOptions {
  markets: MarketRegistry;
  /** Read once, at construction, for the starting books: nothing may be in flight then. */
  view: EngineView;
  /** Order hashes for the trades (optional). */
  index?: Pick<OrderIndex, "byOrderId">;
  /** Registers the ack listener; returns its remover (Trading.onAck). */
  onAck: (listener: (ack: TradingAck) => void) => () => void;
}

interface MarketFeed {
  market: RelayerMarket;
  book: LevelBook;
  seq: number;
  tradeSeq: number;
}

const sideOf = (side: Side): BookSide => (side === Side.Buy ? "bid" : "ask");

export class BookFeed {
  private readonly feeds = new Map<number, MarketFeed>();
  private readonly sinks = new Set<BookFeedSink>();
  private readonly stop: () => void;

  constructor(private readonly options: BookFeedOptions) {
    for (const market of options.markets.list()) {
      const book = new LevelBook();
      for (const side of [Side.Buy, Side.Sell]) {
        for (const [price, lots] of options.view.depth(market.engine.id, side, Number.MAX_SAFE_INTEGER))
          book.set(sideOf(side), price, lots);
      }
      this.feeds.set(market.engine.id, { market, book, seq: 0, tradeSeq: 0 });
    }
    this.stop = options.onAck((ack) => this.publish(ack.events));
  }

  /** Adds a sink (the socket.io gateway); returns its remover. */
  attach(sink: BookFeedSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** The book at the last published seq; undefined for an unknown market id. */
  snapshot(marketId: string): BookSnapshot | undefined {
    const feed = this.byId(marketId);
    if (feed === undefined) return undefined;
    const levels = (side: BookSide) => feed.book.levels(side).map(([p, q]) => wireLevel(feed.market, p, q));
    return { market: feed.market.id, seq: feed.seq, bids: levels("bid"), asks: levels("ask") };
  }

  /** The last trades seq of a market; undefined for an unknown market id. */
  tradesSeq(marketId: string): number | undefined {
    return this.byId(marketId)?.tradeSeq;
  }

  close(): void {
    this.stop();
    this.sinks.clear();
  }

  /** One command's events → at most one book delta and one trades message per market. */
  publish(events: readonly EngineEvent[]): void {
    const changes = new Map<MarketFeed, Map<string, LevelChange>>();
    const fills = new Map<MarketFeed, Trade[]>();
    for (const e of events) {
      if (e.type !== "level" && e.type !== "fill") continue;
      const feed = this.feeds.get(e.market);
      if (feed === undefined) continue;
      if (e.type === "level") {
        const side = sideOf(e.side);
        feed.book.set(side, e.price, e.total);
        let byLevel = changes.get(feed);
        if (byLevel === undefined) changes.set(feed, (byLevel = new Map()));
        const key = `${side}:${e.price}`;
        byLevel.delete(key); // the last total wins, in the order it was last set
        byLevel.set(key, { side, ...wireLevel(feed.market, e.price, e.total) });
      } else {
        let list = fills.get(feed);
        if (list === undefined) fills.set(feed, (list = []));
        list.push(this.trade(feed.market, e));
      }
    }
    for (const [feed, byLevel] of changes) {
      const delta: BookDelta = { market: feed.market.id, seq: ++feed.seq, changes: [...byLevel.values()] };
      for (const sink of this.sinks) sink.book(delta);
    }
    for (const [feed, trades] of fills) {
      const message: TradesMessage = { market: feed.market.id, seq: ++feed.tradeSeq, trades };
      for (const sink of this.sinks) sink.trades(message);
    }
  }

  private byId(marketId: string): MarketFeed | undefined {
    const market = this.options.markets.byId(marketId);
    return market === undefined ? undefined : this.feeds.get(market.engine.id);
  }

  private trade(market: RelayerMarket, fill: FillEvent): Trade {
    const amounts = fromFill(market, fill);
    const index = this.options.index;
    return {
      priceTicks: fill.price,
      quotePerLot: (BigInt(fill.price) * market.engine.tickSize).toString(),
      takerSide: fill.takerSide === Side.Buy ? "buy" : "sell",
      lots: fill.qty,
      baseAmount: amounts.base.toString(),
      quoteAmount: amounts.quote.toString(),
      makerOrderHash: index?.byOrderId(fill.makerId)?.hash ?? null,
      takerOrderHash: index?.byOrderId(fill.takerId)?.hash ?? null,
    };
  }
}

/** A level in the REST book's units (relayer/http/markets.ts). */
export function wireLevel(market: RelayerMarket, priceTicks: number, lots: number): WireLevel {
  const { tickSize, lotSize } = market.engine;
  return {
    priceTicks,
    quotePerLot: (BigInt(priceTicks) * tickSize).toString(),
    lots,
    baseAmount: (BigInt(lots) * lotSize).toString(),
  };
}
