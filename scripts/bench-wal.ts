/**
 * Write-ahead-log benchmark: durable appends per second and acknowledgement latency with 1, 10 and 100
 * concurrent submitters, for
 *
 *   baseline   one synced LevelDB write per command, in log order (what a log without group commit does)
 *   wal        relayer/sequencer/wal.ts: group commit, one synced batch in flight
 *   sequencer  the whole path: encode, group-committed append, decode, apply to the engine, acknowledge
 *
 *   npm run bench:wal             readable table
 *   npm run bench:wal -- --json   one JSON object
 *   options: --runs N (default 3; each figure is the median over runs)  --ops N (commands per run and
 *            submitter count, default 1000 × submitters, at most 10,000; the baseline does at most 1,000)
 *
 * Every run writes to a fresh LevelDB directory under the OS temp dir (removed afterwards), with the same
 * record bytes in every mode: encoded `place` commands from a seeded generator. A submitter sends its next
 * command when the previous one is acknowledged; latency is submit → acknowledgement.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ClassicLevel } from "classic-level";
import {
  defineMarket,
  lots,
  orderId,
  OrderKind,
  ownerId,
  seconds as unixSeconds,
  SelfTrade,
  Side,
  ticks,
  TimeInForce,
  type MarketId,
} from "../engine/index.js";
import { encodeRecord, seqKey, Wal, type CommandInput } from "../relayer/sequencer/index.js";
import { openSequencer } from "../relayer/machine/index.js";
import { seededRandom } from "../test/support/seeded-random.js";

const args = process.argv.slice(2);
const option = (name: string): number | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const JSON_OUTPUT = args.includes("--json");
const RUNS = option("runs") ?? 3;
const SUBMITTERS = [1, 10, 100];
const MODES = ["baseline", "wal", "sequencer"] as const;
type Mode = (typeof MODES)[number];

const opsFor = (mode: Mode, submitters: number): number => {
  const ops = option("ops") ?? Math.min(10_000, 1000 * submitters);
  // The baseline is one fsync per command whatever the concurrency; more of it only costs time.
  return mode === "baseline" ? Math.min(ops, 1000) : ops;
};

const MARKET = 1 as MarketId;
const markets = [
  defineMarket({
    id: MARKET,
    mode: "continuous",
    lotSize: 10n ** 15n,
    tickSize: 10n ** 4n,
    makerFeeBps: 10,
    takerFeeBps: 20,
    baseToken: "0x00000000000000000000000000000000000000b1",
    quoteToken: "0x00000000000000000000000000000000000000a1",
    maxPriceTicks: ticks(10_000),
  }),
];

/** Seeded place commands around a mid price: some rest, some cross. */
function commands(n: number, seed = 7): CommandInput[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    type: "place" as const,
    market: MARKET,
    id: orderId(i + 1),
    owner: ownerId(1 + Math.floor(random() * 50)),
    side: random() < 0.5 ? Side.Buy : Side.Sell,
    kind: OrderKind.Limit,
    price: ticks(4990 + Math.floor(random() * 21)),
    size: lots(1 + Math.floor(random() * 10)),
    tif: TimeInForce.GTC,
    expiry: unixSeconds(0),
    postOnly: false,
    stopPrice: ticks(0),
    stp: SelfTrade.CancelTaker,
    maxFeeBps: 30,
  }));
}

interface RunResult {
  appendsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  recordsPerFsync: number;
}

/** `submitters` loops, each awaiting its acknowledgement before sending the next command. */
async function drive(
  ops: number,
  submitters: number,
  submit: (i: number) => Promise<unknown>,
): Promise<{ seconds: number; latencies: Float64Array }> {
  const latencies = new Float64Array(ops);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: submitters }, async () => {
      for (let i = next++; i < ops; i = next++) {
        const t0 = performance.now();
        await submit(i);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, latencies };
}

function summarize(ops: number, seconds: number, latencies: Float64Array, fsyncs: number): RunResult {
  const sorted = latencies.slice().sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { appendsPerSecond: ops / seconds, p50Ms: at(0.5), p99Ms: at(0.99), recordsPerFsync: ops / fsyncs };
}

async function runOnce(mode: Mode, submitters: number, directory: string): Promise<RunResult> {
  const ops = opsFor(mode, submitters);
  const inputs = commands(ops);
  // Sequence numbers are assigned in submission order, which is the order `drive` hands out indices in.
  const records = inputs.map((command, i) => encodeRecord({ seq: i + 1, time: unixSeconds(1_700_000_000), command }));
  if (mode === "baseline") {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(directory, { keyEncoding: "view", valueEncoding: "view" });
    await db.open();
    let chain: Promise<void> = Promise.resolve();
    const { seconds, latencies } = await drive(
      ops,
      submitters,
      (i) => (chain = chain.then(() => db.put(seqKey(i + 1), records[i], { sync: true }))),
    );
    await db.close();
    return summarize(ops, seconds, latencies, ops);
  }
  if (mode === "wal") {
    const wal = await Wal.open(directory);
    const { seconds, latencies } = await drive(ops, submitters, (i) => wal.append({ seq: i + 1, value: records[i] }));
    const { batches } = wal.stats();
    await wal.close();
    return summarize(ops, seconds, latencies, batches);
  }
  const sequencer = await openSequencer({
    directory,
    engine: { markets, expectedOrders: ops },
    clock: () => 1_700_000_000,
  });
  await sequencer.recover();
  const { seconds, latencies } = await drive(ops, submitters, (i) => sequencer.submit(inputs[i]));
  const { batches } = sequencer.logStats();
  await sequencer.close();
  return summarize(ops, seconds, latencies, batches);
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), "bench-wal-"));
  const results: (RunResult & { mode: Mode; submitters: number; ops: number; runs: RunResult[] })[] = [];
  try {
    // One untimed warm-up of each mode (JIT, LevelDB's first file creation).
    for (const mode of MODES) await runOnce(mode, 10, join(root, `warmup-${mode}`));
    let n = 0;
    for (const submitters of SUBMITTERS) {
      for (const mode of MODES) {
        const runs: RunResult[] = [];
        for (let r = 0; r < RUNS; r++) {
          const directory = join(root, `run-${n++}`);
          runs.push(await runOnce(mode, submitters, directory));
          await rm(directory, { recursive: true, force: true });
        }
        const pick = (k: keyof RunResult) => median(runs.map((x) => x[k]));
        results.push({
          mode,
          submitters,
          ops: opsFor(mode, submitters),
          appendsPerSecond: pick("appendsPerSecond"),
          p50Ms: pick("p50Ms"),
          p99Ms: pick("p99Ms"),
          recordsPerFsync: pick("recordsPerFsync"),
          runs,
        });
        if (!JSON_OUTPUT) process.stderr.write(".");
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  if (JSON_OUTPUT) {
    console.log(JSON.stringify({ runs: RUNS, node: process.version, results }));
    return;
  }
  process.stderr.write("\n");
  const baseline = (s: number) => results.find((r) => r.mode === "baseline" && r.submitters === s)!.appendsPerSecond;
  const rows = results.map((r) => [
    r.mode,
    String(r.submitters),
    r.ops.toLocaleString("en-US"),
    Math.round(r.appendsPerSecond).toLocaleString("en-US"),
    `${(r.appendsPerSecond / baseline(r.submitters)).toFixed(1)}×`,
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    r.recordsPerFsync.toFixed(1),
  ]);
  const header = [
    "mode",
    "submitters",
    "ops/run",
    "durable appends/s",
    "vs baseline",
    "ack p50 ms",
    "ack p99 ms",
    "records/fsync",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(`write-ahead log, median of ${RUNS} runs (${process.version})`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
