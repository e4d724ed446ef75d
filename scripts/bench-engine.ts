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
import { fileURLToPath } from "node:url";
import { measure, timerOverheadUs } from "./bench/engine-measure.js";
import { baselineRunner, ourRunner } from "./bench/engine-runners.js";
import { generate } from "./bench/engine-workload.js";

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
  const child = spawnSync(process.execPath, [...process.execArgv, ...HARNESS_FLAGS, self, ...args], {
    stdio: "inherit",
  });
  process.exit(child.status ?? 1);
}

// ---------- main ----------
const log = (s: string) => {
  if (!JSON_OUTPUT) console.log(s);
};
log(
  `generating ${OPS.toLocaleString("en")} operations (seed ${SEED}) on a book of ${PREFILL.toLocaleString("en")} resting orders …`,
);
const workload = generate(SEED, OPS, PREFILL);
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
const ours = await measure(ourRunner(workload), n, overheadUs, RUNS);
if (args.includes("--engine-only")) {
  console.log(JSON.stringify(figures(ours)));
  process.exit(0);
}
log(`engine done; running the baseline …`);
const base = await measure(baselineRunner(workload), n, overheadUs, RUNS);
const sameBooks =
  ours.totals.bids === base.totals.bids &&
  ours.totals.asks === base.totals.asks &&
  ours.totals.levels === base.totals.levels;
const ratio = round(ours.opsPerSec / base.opsPerSec, 1);
const cpuRatio = round(ours.cpuOpsPerSec / base.cpuOpsPerSec, 1);

if (JSON_OUTPUT) {
  console.log(
    JSON.stringify({
      engine: figures(ours),
      baseline: { name: "nodejs-order-book", ...figures(base) },
      ratio,
      cpuRatio,
      sameFinalBook: sameBooks,
    }),
  );
} else {
  const rows = [
    ["", "ops/s (median)", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "ops per CPU-s"],
    ...[
      ["engine", ours],
      ["nodejs-order-book", base],
    ].map(([name, m]) => {
      const f = figures(m as typeof ours);
      return [
        name as string,
        f.opsPerSec.toLocaleString("en"),
        f.p50Us,
        f.p99Us,
        f.p999Us,
        f.maxUs,
        f.cpuOpsPerSec.toLocaleString("en"),
      ].map(String);
    }),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows)
    console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  const list = (xs: number[], d = 0) => xs.map((x) => x.toFixed(d)).join(", ");
  console.log(
    `ratio: ${ratio}× wall-clock, ${cpuRatio}× per CPU-second (medians of ${RUNS} runs; ops/s from untimed runs, latencies from separately timed runs)`,
  );
  console.log(`per run  ops/s: engine ${list(ours.runs)}; baseline ${list(base.runs)}`);
  console.log(`per run ops/CPU-s: engine ${list(ours.cpuRuns)}; baseline ${list(base.cpuRuns)}`);
  console.log(`per run max µs: engine ${list(ours.maxUsPerRun, 1)}; baseline ${list(base.maxUsPerRun, 1)}`);
  console.log(
    `per timed run, ms the OS gave to other processes (wall − CPU): engine ${list(ours.stolenMsPerRun)}; baseline ${list(base.stolenMsPerRun)}`,
  );
  console.log(
    `final books identical: ${sameBooks ? "yes" : `NO (engine ${JSON.stringify(ours.totals)}, baseline ${JSON.stringify(base.totals)})`}`,
  );
}
