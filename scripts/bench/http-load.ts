// The relayer benchmark's HTTP load generator: requests on keep-alive connections with a fixed number in flight,
// latency per request (send to response), and a path's summary (rate, percentiles, server CPU per request).
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import type { ServerCpu } from "./relayer-process.js";

export interface Run {
  requests: number;
  seconds: number;
  latenciesMs: number[];
  failures: Map<string, number>;
}

export function send(
  agent: Agent,
  url: URL,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers:
          body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
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

/** `count` requests made by `make`, `concurrency` in flight on keep-alive connections; each must answer `expect`. */
export async function load(
  base: string,
  count: number,
  concurrency: number,
  make: (i: number) => { method: string; path: string; body?: string; expect: number },
): Promise<Run> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
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
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { requests: count, seconds, latenciesMs, failures };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

export interface PathResult {
  path: string;
  what: string;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU µs per request (or order), all threads and main thread. */
  cpu: ServerCpu;
}

export function summarise(path: string, what: string, run: Run & { cpu: ServerCpu }): PathResult {
  if (run.failures.size > 0) {
    throw new Error(`${path}: ${[...run.failures].map(([k, n]) => `${n}× ${k}`).join("; ")}`);
  }
  return {
    path,
    what,
    requests: run.requests,
    perSecond: run.requests / run.seconds,
    p50Ms: percentile(run.latenciesMs, 50),
    p99Ms: percentile(run.latenciesMs, 99),
    cpu: run.cpu,
  };
}
