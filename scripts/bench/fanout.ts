// The relayer benchmark's fan-out path: book subscribers in worker threads (fanout-subscribers.ts) while this
// thread posts orders at a fixed rate; delivery latency of `book` messages and the update rate reached.
import assert from "node:assert/strict";
import { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { FromSubscribers, ToSubscribers } from "./fanout-subscribers.js";
import { percentile, send } from "./http-load.js";

/** How many subscribers, in how many worker threads, and the rate orders are posted at. */
export interface FanoutSettings {
  subscribers: number;
  subscriberThreads: number;
  updatesPerSec: number;
}

/**
 * `subscribers` socket.io clients subscribe to the market's book; orders, each at a price level of its own (bids
 * below every ask, so none fills), are posted at `updatesPerSec`. Delivery latency = the time a subscriber receives a
 * `book` message − its `time` (when the gateway sent it; both processes read the same system clock), one sample per
 * message and subscriber. Every order's level must reach every subscriber.
 */
export async function fanout(
  url: string,
  bodies: string[],
  prices: number[],
  settings: FanoutSettings,
): Promise<{
  subscribers: number;
  updates: number;
  requests: number;
  updatesPerSec: number;
  deliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}> {
  // The subscribers live in worker threads (scripts/bench/fanout-subscribers.ts), this thread only posts orders.
  const { subscribers: total, subscriberThreads, updatesPerSec } = settings;
  const threads = Math.max(1, Math.min(subscriberThreads, total));
  const workers = Array.from({ length: threads }, (_, t) => {
    const subscribers = Math.floor(total / threads) + (t < total % threads ? 1 : 0);
    return new Worker(new URL("./fanout-subscribers.ts", import.meta.url), {
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
    const due = start + (i * 1000) / updatesPerSec;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      send(agent, target, "POST", "/v1/orders", bodies[i]).then((res) => {
        if (res.status !== 201) throw new Error(`fan-out order: ${res.status} ${res.body}`);
      }),
    );
  }
  await Promise.all(pending);
  const reached = count / ((performance.now() - start) / 1000);
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
  const expected = count * total;
  if (deliveries < expected) throw new Error(`fan-out: ${deliveries} of ${expected} deliveries after 30 s`);
  return {
    subscribers: total,
    updates: count,
    requests: count,
    updatesPerSec: reached,
    deliveries,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    maxMs: percentile(latenciesMs, 100),
  };
}
