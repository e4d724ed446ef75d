/**
 * Matching-engine benchmark: our engine against the npm package
 * `nodejs-order-book` on the same pre-generated, seeded workload.
 *
 *   npm run bench:engine            readable table
 *   npm run bench:engine -- --json  one JSON object
 *   options: --ops N (default 1,000,000)  --runs N (measured runs per engine, default 3)  --seed N
 *            --engine-only (skip the baseline)
 *
 * Workload: a book pre-filled with 5,000 resting orders near the mid, then N
 * operations: 60 % limit orders (a third priced to cross on arrival, the rest
 * resting near the mid), 30 % cancels of orders resting at that moment, 10 %
 * market orders (IOC with a protective worst price; plain market orders for
 * the baseline, which has no worst price: the workload never reaches it).
 * Buyers and sellers are disjoint accounts, so self-trade prevention never
 * changes the outcome and both books do exactly the same matching; the final
 * books are compared to prove it.
 *
 * Method: each engine runs the workload once to warm up, then `--runs` times
 * (a) untimed, for throughput = ops / wall time, and (b) timing every
 * operation with performance.now(), for latency percentiles (the measured
 * cost of the timer itself subtracted). Each figure is the median over runs. Every run starts on a fresh,
 * pre-filled book; a full garbage collection is forced between runs, outside
 * the measured sections, for both engines alike. Our engine is driven through
 * its public API (`Engine.execute`) with a sink that does not allocate.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { OrderBook as BaselineBook, Side as BaselineSide } from "nodejs-order-book";
import {
  CountingSink,
  defineMarket,
  Engine,
  lots,
  OrderKind,
  ownerId,
  seconds,
  SelfTrade,
  Side,
  ticks,
  TimeInForce,
  type Command,
  type MarketConfig,
  type MarketId,
  type OrderId,
  type PlaceCommand,
} from "../engine/index.js";

// ---------- options ----------
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const JSON_OUTPUT = args.includes("--json");
const OPS = option("ops", 1_000_000);
const RUNS = option("runs", 3);
const SEED = option("seed", 42);
const PREFILL = 5_000;

// The harness runs with an exposed gc() and a 64 MB young generation: performance.now() allocates a
// number per call, and the timed runs' 2 M calls (~32 MB) then fit between the collections forced
// before each run, so the timer's own garbage is never collected inside a measured operation.
// (The engine allocates nothing: its untimed runs see no collection at all.) Both engines get the same.
const HARNESS_FLAGS = ["--expose-gc", "--min-semi-space-size=64", "--max-semi-space-size=64"];
if (!HARNESS_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, ...HARNESS_FLAGS, self, ...args], { stdio: "inherit" });
  process.exit(child.status ?? 1);
}
const gc = (globalThis as { gc?: () => void }).gc!;

// ---------- workload ----------
const MARKET = 1 as MarketId;
const MAX_PRICE = 200_000;
const MID = 100_000;
const market: MarketConfig = defineMarket({
  id: MARKET,
  baseToken: "0x00000000000000000000000000000000000000b1",
  quoteToken: "0x00000000000000000000000000000000000000a1",
  lotSize: 10n ** 15n,
  tickSize: 10n ** 6n,
  makerFeeBps: 0,
  takerFeeBps: 10,
  mode: "continuous",
  maxPriceTicks: ticks(MAX_PRICE),
});

/** xorshift32: a tiny seeded generator, so every run and machine gets the same workload. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

type BaselineOp =
  | { kind: "limit"; options: { side: BaselineSide; id: string; size: number; price: number } }
  | { kind: "market"; options: { side: BaselineSide; size: number } }
  | { kind: "cancel"; id: string };

interface Workload {
  prefill: Command[];
  ops: Command[];
  baselinePrefill: BaselineOp[];
  baselineOps: BaselineOp[];
  mix: { resting: number; crossing: number; cancels: number; markets: number };
  /** Mean number of resting orders over the workload. */
  averageBook: number;
}

function generate(seed: number): Workload {
  const random = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  // The generator runs our engine as it goes, to know the book and which orders rest.
  const engine = new Engine({ markets: [market], sink: new CountingSink(), expectedOrders: 1 << 13 });
  const live: number[] = [];
  let nextId = 1;
  let seq = 0;
  const mix = { resting: 0, crossing: 0, cancels: 0, markets: 0 };
  let bookSizes = 0;

  const limit = (side: Side, price: number, size: number): [PlaceCommand, BaselineOp] => {
    const id = nextId++;
    const cmd: PlaceCommand = {
      type: "place",
      seq: ++seq,
      time: seconds(1),
      market: MARKET,
      id: id as OrderId,
      owner: ownerId(side === Side.Buy ? int(1, 500) : int(501, 1000)),
      side,
      kind: OrderKind.Limit,
      price: ticks(price),
      size: lots(size),
      tif: TimeInForce.GTC,
      expiry: seconds(0),
      postOnly: false,
      stopPrice: ticks(0),
      stp: SelfTrade.CancelTaker,
      maxFeeBps: 10,
    };
    const op: BaselineOp = {
      kind: "limit",
      options: { side: side === Side.Buy ? BaselineSide.BUY : BaselineSide.SELL, id: String(id), size, price },
    };
    return [cmd, op];
  };
  const apply = (cmd: Command, op: BaselineOp, into: Command[], baselineInto: BaselineOp[]) => {
    engine.execute(cmd);
    into.push(cmd);
    baselineInto.push(op);
    if (cmd.type === "place" && engine.hasOrder(MARKET, cmd.id)) live.push(cmd.id);
  };
  const restingPrice = (side: Side) => {
    const bid = engine.bestBid(MARKET) || MID - 1;
    const ask = engine.bestAsk(MARKET) || MID + 1;
    return side === Side.Buy ? Math.max(1, Math.min(bid, ask - 1) - int(0, 60)) : Math.min(MAX_PRICE, Math.max(ask, bid + 1) + int(0, 60));
  };

  const prefill: Command[] = [];
  const baselinePrefill: BaselineOp[] = [];
  for (let i = 0; i < PREFILL; i++) {
    const side = i % 2 === 0 ? Side.Buy : Side.Sell;
    const price = side === Side.Buy ? MID - 1 - int(0, 100) : MID + 1 + int(0, 100);
    const [cmd, op] = limit(side, price, int(1, 30));
    apply(cmd, op, prefill, baselinePrefill);
  }

  const ops: Command[] = [];
  const baselineOps: BaselineOp[] = [];
  while (ops.length < OPS) {
    const r = random();
    const side = random() < 0.5 ? Side.Buy : Side.Sell;
    // Orders that take liquidity are smaller while the book is below its target size, so it hovers near it.
    const takeSize = () => int(1, engine.orderCount(MARKET) < PREFILL ? 8 : 24);
    bookSizes += engine.orderCount(MARKET);
    if (r < 0.6) {
      let price: number;
      let size = int(1, 40);
      if (random() < 1 / 3) {
        const best = side === Side.Buy ? engine.bestAsk(MARKET) : engine.bestBid(MARKET);
        price = best === 0 ? restingPrice(side) : side === Side.Buy ? best + int(0, 2) : best - int(0, 2);
        mix.crossing++;
        size = takeSize();
      } else {
        price = restingPrice(side);
        mix.resting++;
      }
      const [cmd, op] = limit(side, price, size);
      apply(cmd, op, ops, baselineOps);
    } else if (r < 0.9) {
      // Cancel an order that rests right now (lazily dropping ids that have traded away).
      let id = -1;
      while (live.length > 0) {
        const k = int(0, live.length - 1);
        const candidate = live[k];
        live[k] = live[live.length - 1];
        live.pop();
        if (engine.hasOrder(MARKET, candidate as OrderId)) {
          id = candidate;
          break;
        }
      }
      if (id < 0) continue;
      mix.cancels++;
      apply({ type: "cancel", seq: ++seq, time: seconds(1), market: MARKET, id: id as OrderId }, { kind: "cancel", id: String(id) }, ops, baselineOps);
    } else {
      const size = takeSize();
      mix.markets++;
      const cmd: PlaceCommand = {
        type: "place",
        seq: ++seq,
        time: seconds(1),
        market: MARKET,
        id: nextId++ as OrderId,
        owner: ownerId(side === Side.Buy ? int(1, 500) : int(501, 1000)),
        side,
        kind: OrderKind.Market,
        price: ticks(side === Side.Buy ? MAX_PRICE : 1),
        size: lots(size),
        tif: TimeInForce.IOC,
        expiry: seconds(0),
        postOnly: false,
        stopPrice: ticks(0),
        stp: SelfTrade.CancelTaker,
        maxFeeBps: 10,
      };
      apply(cmd, { kind: "market", options: { side: side === Side.Buy ? BaselineSide.BUY : BaselineSide.SELL, size } }, ops, baselineOps);
    }
  }
  return { prefill, ops, baselinePrefill, baselineOps, mix, averageBook: Math.round(bookSizes / ops.length) };
}

// ---------- runners ----------
interface Runner {
  name: string;
  /** A fresh, pre-filled book. */
  fresh(): void;
  /** Runs op i. */
  op(i: number): void;
  /** Resting quantity per side, to check both engines did the same matching. */
  totals(): { bids: number; asks: number; levels: number };
}

function ourRunner(w: Workload): Runner {
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

function baselineRunner(w: Workload): Runner {
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

// ---------- measurement ----------
/** Full garbage collection, then a pause so the collector's background threads finish before we measure. */
async function settle(): Promise<void> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** Ops per second of wall time, and per second of this thread's CPU time (which time slices lost to other processes do not count against). */
async function throughput(r: Runner, n: number): Promise<{ wall: number; cpu: number }> {
  r.fresh();
  await settle();
  const c0 = process.threadCpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) r.op(i);
  const ms = performance.now() - t0;
  const c1 = process.threadCpuUsage();
  const cpuUs = c1.user - c0.user + (c1.system - c0.system);
  return { wall: n / (ms / 1000), cpu: n / (cpuUs / 1e6) };
}

function timerOverheadUs(): number {
  const samples = new Float64Array(100_001);
  for (let i = 0; i < samples.length; i++) {
    const a = performance.now();
    samples[i] = performance.now() - a;
  }
  samples.sort();
  return samples[samples.length >> 1] * 1000;
}

interface Latency {
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
  /** Wall time minus this thread's CPU time during the timed run: time the OS gave to other processes. */
  stolenMs: number;
}

async function latencies(r: Runner, n: number, overheadUs: number): Promise<Latency> {
  const us = new Float64Array(n);
  r.fresh();
  await settle();
  const c0 = process.threadCpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    r.op(i);
    us[i] = (performance.now() - t0) * 1000;
  }
  const wallMs = performance.now() - w0;
  const c1 = process.threadCpuUsage();
  const stolenMs = Math.max(0, wallMs - (c1.user - c0.user + c1.system - c0.system) / 1000);
  for (let i = 0; i < n; i++) us[i] = Math.max(0, us[i] - overheadUs);
  us.sort();
  const at = (q: number) => us[Math.min(n - 1, Math.floor(q * n))];
  return { p50Us: at(0.5), p99Us: at(0.99), p999Us: at(0.999), maxUs: us[n - 1], stolenMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Warm-up, then `RUNS` × (an untimed run for throughput, a timed run for latency); medians of each figure. */
async function measure(r: Runner, n: number, overheadUs: number) {
  r.fresh();
  for (let i = 0; i < n; i++) r.op(i); // warm-up: the whole workload once
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  const lat: Latency[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t = await throughput(r, n);
    runs.push(t.wall);
    cpuRuns.push(t.cpu);
    lat.push(await latencies(r, n, overheadUs));
  }
  const totals = r.totals();
  const pick = (f: keyof Latency) => median(lat.map((l) => l[f]));
  return {
    opsPerSec: median(runs),
    cpuOpsPerSec: median(cpuRuns),
    runs,
    cpuRuns,
    p50Us: pick("p50Us"),
    p99Us: pick("p99Us"),
    p999Us: pick("p999Us"),
    maxUs: pick("maxUs"),
    maxUsPerRun: lat.map((l) => l.maxUs),
    stolenMsPerRun: lat.map((l) => l.stolenMs),
    totals,
  };
}

// ---------- main ----------
const log = (s: string) => {
  if (!JSON_OUTPUT) console.log(s);
};
log(`generating ${OPS.toLocaleString("en")} operations (seed ${SEED}) on a book of ${PREFILL.toLocaleString("en")} resting orders …`);
const workload = generate(SEED);
const n = workload.ops.length;
const overheadUs = timerOverheadUs();
log(
  `mix: ${workload.mix.resting} resting limits, ${workload.mix.crossing} crossing limits, ${workload.mix.cancels} cancels, ${workload.mix.markets} market orders; ${workload.averageBook} resting orders on average; timer overhead ${(overheadUs * 1000).toFixed(0)} ns (subtracted)`,
);
const round = (x: number, d = 2) => Number(x.toFixed(d));
const figures = (m: typeof ours) => ({
  opsPerSec: Math.round(m.opsPerSec),
  p50Us: round(m.p50Us, 3),
  p99Us: round(m.p99Us, 3),
  p999Us: round(m.p999Us, 3),
  maxUs: round(m.maxUs, 1),
  cpuOpsPerSec: Math.round(m.cpuOpsPerSec),
});
const ours = await measure(ourRunner(workload), n, overheadUs);
if (args.includes("--engine-only")) {
  console.log(JSON.stringify(figures(ours)));
  process.exit(0);
}
log(`engine done; running the baseline …`);
const base = await measure(baselineRunner(workload), n, overheadUs);
const sameBooks = ours.totals.bids === base.totals.bids && ours.totals.asks === base.totals.asks && ours.totals.levels === base.totals.levels;
const ratio = round(ours.opsPerSec / base.opsPerSec, 1);
const cpuRatio = round(ours.cpuOpsPerSec / base.cpuOpsPerSec, 1);

if (JSON_OUTPUT) {
  console.log(JSON.stringify({ engine: figures(ours), baseline: { name: "nodejs-order-book", ...figures(base) }, ratio, cpuRatio, sameFinalBook: sameBooks }));
} else {
  const rows = [
    ["", "ops/s (median)", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "ops per CPU-s"],
    ...[
      ["engine", ours],
      ["nodejs-order-book", base],
    ].map(([name, m]) => {
      const f = figures(m as typeof ours);
      return [name as string, f.opsPerSec.toLocaleString("en"), f.p50Us, f.p99Us, f.p999Us, f.maxUs, f.cpuOpsPerSec.toLocaleString("en")].map(String);
    }),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  const list = (xs: number[], d = 0) => xs.map((x) => x.toFixed(d)).join(", ");
  console.log(`ratio: ${ratio}× wall-clock, ${cpuRatio}× per CPU-second (medians of ${RUNS} runs; ops/s from untimed runs, latencies from separately timed runs)`);
  console.log(`per run  ops/s: engine ${list(ours.runs)}; baseline ${list(base.runs)}`);
  console.log(`per run ops/CPU-s: engine ${list(ours.cpuRuns)}; baseline ${list(base.cpuRuns)}`);
  console.log(`per run max µs: engine ${list(ours.maxUsPerRun, 1)}; baseline ${list(base.maxUsPerRun, 1)}`);
  console.log(
    `per timed run, ms the OS gave to other processes (wall − CPU): engine ${list(ours.stolenMsPerRun)}; baseline ${list(base.stolenMsPerRun)}`,
  );
  console.log(`final books identical: ${sameBooks ? "yes" : `NO (engine ${JSON.stringify(ours.totals)}, baseline ${JSON.stringify(base.totals)})`}`);
}
