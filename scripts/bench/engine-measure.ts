// How the engine benchmark measures a book: throughput from untimed runs, latency percentiles from runs that time
// every operation (the timer's own cost subtracted), medians over runs, a full garbage collection before each run.
// Needs the harness flags scripts/bench-engine.ts starts itself with (an exposed gc()).
import { performance } from "node:perf_hooks";
import type { Runner } from "./engine-runners.js";

/** Full garbage collection, then a pause so the collector's background threads finish before we measure. */
async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc!();
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

export function timerOverheadUs(): number {
  const samples = new Float64Array(100_001);
  for (let i = 0; i < samples.length; i++) {
    const a = performance.now();
    samples[i] = performance.now() - a;
  }
  samples.sort();
  return samples[samples.length >> 1] * 1000;
}

export interface Latency {
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

/** Warm-up, then `runs` × (an untimed run for throughput, a timed run for latency); medians of each figure. */
export async function measure(r: Runner, n: number, overheadUs: number, runCount: number) {
  r.fresh();
  for (let i = 0; i < n; i++) r.op(i); // warm-up: the whole workload once
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  const lat: Latency[] = [];
  for (let k = 0; k < runCount; k++) {
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
