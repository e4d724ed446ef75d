/**
 * Relayer benchmark: signed orders admitted per second with durable acknowledgements, and ack latency.
 *
 *   npm run bench:relayer            readable table
 *   npm run bench:relayer -- --json  one JSON object {"http":{ordersPerSec,p99Ms},...}
 *   options: --paths floor,http,socket,fanout (default all; a path left out is null in the JSON)  --orders N (default 20,000)  --concurrency N (requests in flight, default 64)  --makers N (default 64)
 *
 * The relayer runs in a child process (scripts/bench/relayer-server.ts) on a temp LevelDB; this process is the load
 * generator, on the same 2-core machine. Orders are random limit orders around one price (about half cross, so the
 * engine and ledger settle fills too), signed before timing starts. Every order must be acknowledged 201 after its
 * command is durable in the write-ahead log.
 *
 * Paths:
 *   http-floor  GET /health with the same client and concurrency: the ceiling of this HTTP stack, the baseline
 *   http        POST /v1/orders, one signed order per request
 *   socket      orders.placeBatch over logged-in socket.io sessions (one per maker, --socket-makers, default 8), batches
 *               of --batch orders (default 100), 2 batches in flight per session; latency per batch ack
 *   fanout      --subscribers N (default 1,000) socket.io clients on the book while orders are posted at --rate per second
 *               (default 1,000) for --fanout-seconds (default 5): delivery latency of `book` messages (gateway send
 *               time → receipt), and the update rate reached. --coalesce-ms sets the gateway's window (default 20).
 *               The subscribers run in --subscriber-threads worker threads (default 2), apart from the order poster.
 *   --verifier-threads N sets the relayer's signature verifier threads (default: the relayer's, min(2, CPUs − 1)).
 * Latency is per request, send to response. Throughput is orders ÷ wall time of the run.
 *
 * Server CPU: the relayer process's CPU time (all its threads: main, verifier workers, LevelDB/fsync) over the timed
 * run, per order ("cpu µs"), and the main thread's share ("main µs"). Other load on the machine barely moves it, so it
 * is the figure to compare changes by; warm-up and start-up (tsx compiling modules) are outside the timed run.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";
import { io, type Socket } from "socket.io-client";
import { privateKeyToAccount } from "viem/accounts";
import { PrivateSession } from "../relayer/client/private-session.js";
import { domainSeparator, exchangeDomain, orderDigest, type Order } from "../protocol/index.js";
import { toWireSignedOrder } from "../relayer/orders/index.js";
import type { FromSubscribers, ToSubscribers } from "./bench/fanout-subscribers.js";
import { BENCH_CHAIN_ID, BENCH_EXCHANGE, BENCH_LOT, BENCH_TICK, BENCH_TOKENS } from "./bench/relayer-market.js";
import { benchAccounts, signDigest, type BenchAccount } from "./bench/signing.js";
import { seededRandom } from "../test/support/seeded-random.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const JSON_OUTPUT = args.includes("--json");
const ORDERS = option("orders", 20_000);
const CONCURRENCY = option("concurrency", 64);
const MAKERS = option("makers", 64);
const WARMUP = 2_000;
const SUBSCRIBERS = option("subscribers", 1_000);
const UPDATES_PER_SEC = option("rate", 1_000);
const FANOUT_SECONDS = option("fanout-seconds", 5);
const COALESCE_MS = option("coalesce-ms", -1);
const VERIFIER_THREADS = option("verifier-threads", -1);
const SOCKET_MAKERS = option("socket-makers", 8);
const SUBSCRIBER_THREADS = option("subscriber-threads", 2);
const BATCH = option("batch", 100);
const PATHS = new Set((args.includes("--paths") ? args[args.indexOf("--paths") + 1] : "floor,http,socket,fanout").split(","));
/** Runs `path` if it was asked for. */
const ifPath = <T>(path: string, run: () => Promise<T>): Promise<T | null> => (PATHS.has(path) ? run() : Promise.resolve(null));
const log = (line: string) => JSON_OUTPUT || console.error(line);

// ---------- workload ----------
const separator = domainSeparator(exchangeDomain(BENCH_CHAIN_ID, BENCH_EXCHANGE));

/** One signed limit order's JSON body (Decrement self-trade mode: a maker's own crossing orders reduce each other). */
function signedBody(account: BenchAccount, side: 0 | 1, lots: bigint, price: bigint, nonce: bigint): string {
  const order: Order = {
    maker: account.address,
    baseToken: BENCH_TOKENS.base,
    quoteToken: BENCH_TOKENS.quote,
    side,
    baseAmount: lots * BENCH_LOT,
    quoteAmount: lots * price * BENCH_TICK,
    triggerQuoteAmount: 0n,
    nonce,
    expiry: 0n,
    maxFeeBps: 30,
    timeInForce: 0,
    flags: 0,
    selfTradePrevention: 3,
  };
  return JSON.stringify(toWireSignedOrder({ order, signature: signDigest(account, orderDigest(separator, order)) }));
}

/** JSON bodies of signed orders: random side, 1–20 lots, 2,950–3,050 ticks, unique nonces. */
function signedBodies(accounts: BenchAccount[], count: number, nonceBase: number): string[] {
  const next = seededRandom(nonceBase + 11);
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const lots = BigInt(1 + Math.floor(next() * 20));
    const price = BigInt(2_950 + Math.floor(next() * 101));
    const side = next() < 0.5 ? 0 : 1;
    bodies.push(signedBody(accounts[i % accounts.length], side, lots, price, BigInt(nonceBase + i)));
  }
  return bodies;
}

// ---------- the relayer process ----------
async function startServer(dataDir: string, accounts: BenchAccount[]): Promise<{ url: string; child: ChildProcess }> {
  const options = { ...(COALESCE_MS >= 0 ? { coalesceMs: COALESCE_MS } : {}), ...(VERIFIER_THREADS >= 0 ? { verifierThreads: VERIFIER_THREADS } : {}) };
  const config = JSON.stringify({ dataDir, accounts: accounts.map((a) => a.address), options });
  const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), "--import", "tsx", join(import.meta.dirname, "bench/relayer-server.ts"), config], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the relayer exited (${code}) before it was ready`)));
    lines.on("line", (line) => {
      if (line.startsWith("READY ")) resolve(line.slice(6).trim());
    });
  });
  return { url, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** CPU time the relayer process has used so far, µs: all its threads, and its main thread. */
interface ServerCpu {
  totalUs: number;
  mainUs: number;
  /** The load generator's (this process's) CPU, for comparison: it shares the machine. */
  clientUs?: number;
}

function serverCpu(child: ChildProcess): Promise<ServerCpu> {
  return new Promise((resolve) => {
    child.once("message", (message) => resolve(message as ServerCpu));
    child.send("cpu");
  });
}

/** Runs `timed` and charges its requests with the server CPU used meanwhile. */
async function measured<T extends { requests: number }>(child: ChildProcess, timed: () => Promise<T>): Promise<T & { cpu: ServerCpu }> {
  const before = await serverCpu(child);
  const client = process.cpuUsage();
  const run = await timed();
  const clientUsed = process.cpuUsage(client);
  const after = await serverCpu(child);
  const per = (us: number) => us / run.requests;
  return { ...run, cpu: { totalUs: per(after.totalUs - before.totalUs), mainUs: per(after.mainUs - before.mainUs), clientUs: per(clientUsed.user + clientUsed.system) } };
}

// ---------- HTTP load ----------
interface Run {
  requests: number;
  seconds: number;
  latenciesMs: number[];
  failures: Map<string, number>;
}

function send(agent: Agent, url: URL, method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, method, path, headers: body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function load(base: string, count: number, make: (i: number) => { method: string; path: string; body?: string; expect: number }): Promise<Run> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latenciesMs: number[] = [];
  const failures = new Map<string, number>();
  let nextIndex = 0;
  const start = performance.now();
  const worker = async () => {
    while (nextIndex < count) {
      const { method, path, body, expect } = make(nextIndex++);
      const sent = performance.now();
      const res = await send(agent, url, method, path, body);
      latenciesMs.push(performance.now() - sent);
      if (res.status !== expect) {
        const key = `${res.status} ${res.body.slice(0, 120)}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { requests: count, seconds, latenciesMs, failures };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

interface PathResult {
  path: string;
  what: string;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU µs per request (or order), all threads and main thread. */
  cpu: ServerCpu;
}

function summarise(path: string, what: string, run: Run & { cpu: ServerCpu }): PathResult {
  if (run.failures.size > 0) {
    throw new Error(`${path}: ${[...run.failures].map(([k, n]) => `${n}× ${k}`).join("; ")}`);
  }
  return { path, what, requests: run.requests, perSecond: run.requests / run.seconds, p50Ms: percentile(run.latenciesMs, 50), p99Ms: percentile(run.latenciesMs, 99), cpu: run.cpu };
}

// ---------- socket.io batches ----------
async function socketLoad(url: string, accounts: BenchAccount[], byMaker: string[][]): Promise<Run> {
  const sessions: { session: PrivateSession; socket: Socket }[] = [];
  for (const account of accounts) {
    const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const signer = privateKeyToAccount(`0x${Buffer.from(account.key).toString("hex")}`);
    sessions.push({ session: await PrivateSession.login(socket, signer, { timeoutMs: 60_000 }), socket });
  }
  const latenciesMs: number[] = [];
  const failures = new Map<string, number>();
  let requests = 0;
  const start = performance.now();
  await Promise.all(
    sessions.map(async ({ session }, m) => {
      const orders = byMaker[m].map((body) => JSON.parse(body));
      let next = 0;
      const lane = async () => {
        while (next < orders.length) {
          const batch = orders.slice(next, next + BATCH);
          next += batch.length;
          const sent = performance.now();
          const results = await session.placeBatch(batch);
          latenciesMs.push(performance.now() - sent);
          requests += batch.length;
          for (const r of results) {
            if ("error" in r) {
              const key = JSON.stringify((r as { error: unknown }).error).slice(0, 120);
              failures.set(key, (failures.get(key) ?? 0) + 1);
            }
          }
        }
      };
      await Promise.all([lane(), lane()]);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const { session, socket } of sessions) {
    session.close();
    socket.close();
  }
  return { requests, seconds, latenciesMs, failures };
}

// ---------- fan-out ----------
/**
 * SUBSCRIBERS socket.io clients subscribe to the market's book; orders, each at a price level of its own (bids
 * below every ask, so none fills), are posted at UPDATES_PER_SEC. Delivery latency = the time a subscriber receives a
 * `book` message − its `time` (when the gateway sent it; both processes read the same system clock), one sample per
 * message and subscriber. Every order's level must reach every subscriber.
 */
async function fanout(url: string, bodies: string[], prices: number[]): Promise<{ subscribers: number; updates: number; requests: number; updatesPerSec: number; deliveries: number; p50Ms: number; p99Ms: number; maxMs: number }> {
  // The subscribers live in worker threads (scripts/bench/fanout-subscribers.ts), this thread only posts orders.
  const threads = Math.max(1, Math.min(SUBSCRIBER_THREADS, SUBSCRIBERS));
  const workers = Array.from({ length: threads }, (_, t) => {
    const subscribers = Math.floor(SUBSCRIBERS / threads) + (t < SUBSCRIBERS % threads ? 1 : 0);
    return new Worker(new URL("./bench/fanout-subscribers.ts", import.meta.url), {
      workerData: { url, subscribers, prices },
      execArgv: ["--import", import.meta.resolve("tsx")],
    });
  });
  const next = (worker: Worker) =>
    new Promise<FromSubscribers>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  await Promise.all(workers.map(async (w) => assert.equal((await next(w)).type, "ready")));
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const count = bodies.length;
  const start = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / UPDATES_PER_SEC;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(agent, target, "POST", "/v1/orders", bodies[i]).then((res) => {
      if (res.status !== 201) throw new Error(`fan-out order: ${res.status} ${res.body}`);
    }));
  }
  await Promise.all(pending);
  const updatesPerSec = count / ((performance.now() - start) / 1000);
  agent.destroy();
  const results = await Promise.all(
    workers.map(async (w) => {
      const done = next(w);
      w.postMessage({ type: "finish", waitMs: 30_000 } satisfies ToSubscribers);
      const result = await done;
      await w.terminate();
      if (result.type !== "done") throw new Error("fan-out: a subscriber thread answered out of turn");
      return result;
    }),
  );
  const deliveries = results.reduce((sum, r) => sum + r.deliveries, 0);
  const latenciesMs = results.flatMap((r) => Array.from(r.latenciesMs));
  const expected = count * SUBSCRIBERS;
  if (deliveries < expected) throw new Error(`fan-out: ${deliveries} of ${expected} deliveries after 30 s`);
  return { subscribers: SUBSCRIBERS, updates: count, requests: count, updatesPerSec, deliveries, p50Ms: percentile(latenciesMs, 50), p99Ms: percentile(latenciesMs, 99), maxMs: percentile(latenciesMs, 100) };
}

/** Bids at distinct prices 1, 2, 3, … ticks, on a relayer of their own (nothing to cross). */
function fanoutBodies(accounts: BenchAccount[], count: number): { bodies: string[]; prices: number[] } {
  const prices = Array.from({ length: count }, (_, i) => 1 + i);
  const bodies = prices.map((price, i) => signedBody(accounts[i % accounts.length], 0, 1n, BigInt(price), BigInt(5_000_000 + i)));
  return { bodies, prices };
}

async function main() {
  const accounts = benchAccounts(MAKERS);
  log(`signing ${(WARMUP + 2 * ORDERS).toLocaleString("en")} orders for ${MAKERS} makers…`);
  const warmup = signedBodies(accounts, WARMUP, 1);
  const bodies = signedBodies(accounts, ORDERS, 1_000_000);
  const fanoutOrders = fanoutBodies(accounts, UPDATES_PER_SEC * FANOUT_SECONDS);
  const socketMakers = accounts.slice(0, SOCKET_MAKERS);
  const socketWarmup = signedBodies(socketMakers, WARMUP, 2_000_000);
  const socketBodies = signedBodies(socketMakers, ORDERS, 3_000_000);
  const perMaker = (bodies: string[]) => socketMakers.map((_, m) => bodies.filter((_, i) => i % socketMakers.length === m));

  const floor = await ifPath("floor", () => withServer(accounts, async (url, child) => {
    log(`relayer at ${url}; warming up…`);
    await load(url, 5_000, () => ({ method: "GET", path: "/health", expect: 200 }));
    log("measuring the HTTP floor…");
    return summarise("http-floor", "GET /health (baseline)", await measured(child, () => load(url, ORDERS, () => ({ method: "GET", path: "/health", expect: 200 }))));
  }));
  const http = await ifPath("http", () => withServer(accounts, async (url, child) => {
    await load(url, WARMUP, (i) => ({ method: "POST", path: "/v1/orders", body: warmup[i], expect: 201 }));
    log("measuring HTTP orders…");
    return summarise("http", "POST /v1/orders, 1 order per request", await measured(child, () => load(url, ORDERS, (i) => ({ method: "POST", path: "/v1/orders", body: bodies[i], expect: 201 }))));
  }));
  const socket = await ifPath("socket", () => withServer(accounts, async (url, child) => {
    await socketLoad(url, socketMakers, perMaker(socketWarmup));
    log("measuring socket.io batches…");
    return summarise("socket", `orders.placeBatch, ${BATCH} per batch, ${SOCKET_MAKERS} sessions`, await measured(child, () => socketLoad(url, socketMakers, perMaker(socketBodies))));
  }));
  const fan = await ifPath("fanout", () => withServer(accounts, async (url, child) => {
    log(`fan-out: connecting ${SUBSCRIBERS} subscribers, then ${UPDATES_PER_SEC} updates/s for ${FANOUT_SECONDS} s…`);
    return measured(child, () => fanout(url, fanoutOrders.bodies, fanoutOrders.prices));
  }));

  if (JSON_OUTPUT) {
    const pathJson = (r: PathResult | null, extra: object = {}) =>
      r && { ordersPerSec: Math.round(r.perSecond), p50Ms: round(r.p50Ms), p99Ms: round(r.p99Ms), ...extra, ...cpuFields(r.cpu) };
    console.log(
      JSON.stringify({
        http: pathJson(http),
        socket: pathJson(socket, { batch: BATCH }),
        fanout: fan && { subscribers: fan.subscribers, updatesPerSec: Math.round(fan.updatesPerSec), p50Ms: round(fan.p50Ms), p99Ms: round(fan.p99Ms), maxMs: round(fan.maxMs), ...cpuFields(fan.cpu) },
        baseline: floor && { httpFloorPerSec: Math.round(floor.perSecond), ...cpuFields(floor.cpu) },
        concurrency: CONCURRENCY,
        orders: ORDERS,
      }),
    );
    return;
  }
  const vsFloor = (r: PathResult) => (floor ? `${(r.perSecond / floor.perSecond).toFixed(2)}x` : "");
  const rows = [
    ["path", "what", "orders", "per second", "p50 ms", "p99 ms", "vs floor", "cpu µs", "main µs", "client µs"],
    ...[floor, http, socket]
      .filter((r): r is PathResult => r !== null)
      .map((r) => [r.path, r.what, r.requests.toLocaleString("en"), Math.round(r.perSecond).toLocaleString("en"), r.p50Ms.toFixed(2), r.p99Ms.toFixed(2), vsFloor(r), r.cpu.totalUs.toFixed(0), r.cpu.mainUs.toFixed(0), (r.cpu.clientUs ?? 0).toFixed(0)]),
    ...(fan ? [["fanout", `${fan.subscribers} subscribers, ${Math.round(fan.updatesPerSec)} updates/s reached`, fan.deliveries.toLocaleString("en"), "", fan.p50Ms.toFixed(2), fan.p99Ms.toFixed(2), "", fan.cpu.totalUs.toFixed(0), fan.cpu.mainUs.toFixed(0), (fan.cpu.clientUs ?? 0).toFixed(0)]] : []),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log(`Node ${process.versions.node}, ${CONCURRENCY} requests in flight, ${MAKERS} makers, relayer in a child process (a fresh one per path); cpu µs = server CPU per order, all threads / main thread; client µs = the load generator's`);
  for (const row of rows) console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
}

async function withServer<T>(accounts: BenchAccount[], run: (url: string, child: ChildProcess) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), "bench-relayer-"));
  const { url, child } = await startServer(dataDir, accounts);
  try {
    return await run(url, child);
  } finally {
    await stopServer(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const cpuFields = (cpu: ServerCpu) => ({ cpuUsPerOrder: Math.round(cpu.totalUs), mainCpuUsPerOrder: Math.round(cpu.mainUs), clientCpuUsPerOrder: Math.round(cpu.clientUs ?? 0) });

await main();
