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
import { fanout } from "./bench/fanout.js";
import { load, summarise, type PathResult } from "./bench/http-load.js";
import { fanoutBodies, signedBodies } from "./bench/relayer-orders.js";
import { measured, withServer, type RelayerOptions, type ServerCpu } from "./bench/relayer-process.js";
import { benchAccounts } from "./bench/signing.js";
import { socketLoad } from "./bench/socket-load.js";

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
const PATHS = new Set(
  (args.includes("--paths") ? args[args.indexOf("--paths") + 1] : "floor,http,socket,fanout").split(","),
);
/** Runs `path` if it was asked for. */
const ifPath = <T>(path: string, run: () => Promise<T>): Promise<T | null> =>
  PATHS.has(path) ? run() : Promise.resolve(null);
const log = (line: string) => JSON_OUTPUT || console.error(line);
const relayerOptions: RelayerOptions = {
  ...(COALESCE_MS >= 0 ? { coalesceMs: COALESCE_MS } : {}),
  ...(VERIFIER_THREADS >= 0 ? { verifierThreads: VERIFIER_THREADS } : {}),
};
const fanoutSettings = {
  subscribers: SUBSCRIBERS,
  subscriberThreads: SUBSCRIBER_THREADS,
  updatesPerSec: UPDATES_PER_SEC,
};

async function main() {
  const accounts = benchAccounts(MAKERS);
  log(`signing ${(WARMUP + 2 * ORDERS).toLocaleString("en")} orders for ${MAKERS} makers…`);
  const warmup = signedBodies(accounts, WARMUP, 1);
  const bodies = signedBodies(accounts, ORDERS, 1_000_000);
  const fanoutOrders = fanoutBodies(accounts, UPDATES_PER_SEC * FANOUT_SECONDS);
  const socketMakers = accounts.slice(0, SOCKET_MAKERS);
  const socketWarmup = signedBodies(socketMakers, WARMUP, 2_000_000);
  const socketBodies = signedBodies(socketMakers, ORDERS, 3_000_000);
  const perMaker = (bodies: string[]) =>
    socketMakers.map((_, m) => bodies.filter((_, i) => i % socketMakers.length === m));

  const floor = await ifPath("floor", () =>
    withServer(accounts, relayerOptions, async (url, child) => {
      log(`relayer at ${url}; warming up…`);
      await load(url, 5_000, CONCURRENCY, () => ({ method: "GET", path: "/health", expect: 200 }));
      log("measuring the HTTP floor…");
      return summarise(
        "http-floor",
        "GET /health (baseline)",
        await measured(child, () =>
          load(url, ORDERS, CONCURRENCY, () => ({ method: "GET", path: "/health", expect: 200 })),
        ),
      );
    }),
  );
  const http = await ifPath("http", () =>
    withServer(accounts, relayerOptions, async (url, child) => {
      await load(url, WARMUP, CONCURRENCY, (i) => ({
        method: "POST",
        path: "/v1/orders",
        body: warmup[i],
        expect: 201,
      }));
      log("measuring HTTP orders…");
      return summarise(
        "http",
        "POST /v1/orders, 1 order per request",
        await measured(child, () =>
          load(url, ORDERS, CONCURRENCY, (i) => ({ method: "POST", path: "/v1/orders", body: bodies[i], expect: 201 })),
        ),
      );
    }),
  );
  const socket = await ifPath("socket", () =>
    withServer(accounts, relayerOptions, async (url, child) => {
      await socketLoad(url, socketMakers, perMaker(socketWarmup), BATCH);
      log("measuring socket.io batches…");
      return summarise(
        "socket",
        `orders.placeBatch, ${BATCH} per batch, ${SOCKET_MAKERS} sessions`,
        await measured(child, () => socketLoad(url, socketMakers, perMaker(socketBodies), BATCH)),
      );
    }),
  );
  const fan = await ifPath("fanout", () =>
    withServer(accounts, relayerOptions, async (url, child) => {
      log(`fan-out: connecting ${SUBSCRIBERS} subscribers, then ${UPDATES_PER_SEC} updates/s for ${FANOUT_SECONDS} s…`);
      return measured(child, () => fanout(url, fanoutOrders.bodies, fanoutOrders.prices, fanoutSettings));
    }),
  );

  if (JSON_OUTPUT) {
    const pathJson = (r: PathResult | null, extra: object = {}) =>
      r && {
        ordersPerSec: Math.round(r.perSecond),
        p50Ms: round(r.p50Ms),
        p99Ms: round(r.p99Ms),
        ...extra,
        ...cpuFields(r.cpu),
      };
    console.log(
      JSON.stringify({
        http: pathJson(http),
        socket: pathJson(socket, { batch: BATCH }),
        fanout: fan && {
          subscribers: fan.subscribers,
          updatesPerSec: Math.round(fan.updatesPerSec),
          p50Ms: round(fan.p50Ms),
          p99Ms: round(fan.p99Ms),
          maxMs: round(fan.maxMs),
          ...cpuFields(fan.cpu),
        },
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
      .map((r) => [
        r.path,
        r.what,
        r.requests.toLocaleString("en"),
        Math.round(r.perSecond).toLocaleString("en"),
        r.p50Ms.toFixed(2),
        r.p99Ms.toFixed(2),
        vsFloor(r),
        r.cpu.totalUs.toFixed(0),
        r.cpu.mainUs.toFixed(0),
        (r.cpu.clientUs ?? 0).toFixed(0),
      ]),
    ...(fan
      ? [
          [
            "fanout",
            `${fan.subscribers} subscribers, ${Math.round(fan.updatesPerSec)} updates/s reached`,
            fan.deliveries.toLocaleString("en"),
            "",
            fan.p50Ms.toFixed(2),
            fan.p99Ms.toFixed(2),
            "",
            fan.cpu.totalUs.toFixed(0),
            fan.cpu.mainUs.toFixed(0),
            (fan.cpu.clientUs ?? 0).toFixed(0),
          ],
        ]
      : []),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log(
    `Node ${process.versions.node}, ${CONCURRENCY} requests in flight, ${MAKERS} makers, relayer in a child process (a fresh one per path); cpu µs = server CPU per order, all threads / main thread; client µs = the load generator's`,
  );
  for (const row of rows)
    console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const cpuFields = (cpu: ServerCpu) => ({
  cpuUsPerOrder: Math.round(cpu.totalUs),
  mainCpuUsPerOrder: Math.round(cpu.mainUs),
  clientCpuUsPerOrder: Math.round(cpu.clientUs ?? 0),
});

await main();
