// The two books the engine benchmark drives, behind one interface: our engine through its public API
// (`Engine.execute`, with a sink that does not allocate) and the npm package `nodejs-order-book`.
import { OrderBook as BaselineBook } from "nodejs-order-book";
import { CountingSink, Engine, Side } from "../../engine/index.js";
import { MARKET, market, type BaselineOp, type Workload } from "./engine-workload.js";

export interface Runner {
  name: string;
  /** A fresh, pre-filled book. */
  fresh(): void;
  /** Runs op i. */
  op(i: number): void;
  /** Resting quantity per side, to check both engines did the same matching. */
  totals(): { bids: number; asks: number; levels: number };
}

export function ourRunner(w: Workload): Runner {
  let engine!: Engine;
  let sink!: CountingSink;
  const ops = w.ops;
  return {
    name: "engine",
    fresh() {
      sink = new CountingSink();
      engine = new Engine({ markets: [market], sink, expectedOrders: 1 << 13 });
      for (const c of w.prefill) engine.execute(c);
    },
    op(i: number) {
      engine.execute(ops[i]);
    },
    totals() {
      const bids = engine.depth(MARKET, Side.Buy, 1e9);
      const asks = engine.depth(MARKET, Side.Sell, 1e9);
      const sum = (l: [number, number][]) => l.reduce((s, [, q]) => s + q, 0);
      return { bids: sum(bids), asks: sum(asks), levels: bids.length + asks.length };
    },
  };
}

export function baselineRunner(w: Workload): Runner {
  let book!: BaselineBook;
  const ops = w.baselineOps;
  const run = (op: BaselineOp) => {
    if (op.kind === "limit") book.limit(op.options);
    else if (op.kind === "market") book.market(op.options);
    else book.cancel(op.id);
  };
  return {
    name: "nodejs-order-book",
    fresh() {
      book = new BaselineBook();
      for (const op of w.baselinePrefill) run(op);
    },
    op(i: number) {
      run(ops[i]);
    },
    totals() {
      const [asks, bids] = book.depth();
      const sum = (l: [number, number][]) => l.reduce((s, [, q]) => s + q, 0);
      return { bids: sum(bids), asks: sum(asks), levels: bids.length + asks.length };
    },
  };
}
