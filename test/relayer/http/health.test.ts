/**
 * /health and /ready through a chain outage: the relayer's settlement talks to a Hardhat chain through a JSON-RPC
 * proxy on 127.0.0.1 that the test stops forwarding (every connection reset, as a node that went away). Real chain,
 * real settler, real HTTP.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "mocha";
import { createPublicClient, http, type PublicClient } from "viem";
import { startRelayer, type RunningRelayer } from "../../../relayer/app.js";
import {
  deployChain,
  fund,
  marketsConfig,
  order,
  place,
  trader,
  type Chain,
  type World,
} from "../settlement/fixtures.js";

/** A JSON-RPC proxy in front of `chain`'s provider; `forwarding = false` resets every request's connection. */
async function rpcProxy(chain: Chain): Promise<{ url: string; forwarding: boolean; close(): Promise<void> }> {
  const state = { forwarding: true };
  const server: Server = createServer((req, res) => {
    if (!state.forwarding) return void req.socket.destroy();
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", async () => {
      const one = async (call: { id: unknown; method: string; params?: unknown[] }) => {
        try {
          return {
            jsonrpc: "2.0",
            id: call.id,
            result: await chain.connection.provider.request({ method: call.method, params: call.params ?? [] }),
          };
        } catch (error) {
          const e = error as { code?: number; message?: string; data?: unknown };
          return {
            jsonrpc: "2.0",
            id: call.id,
            error: { code: e.code ?? -32603, message: e.message ?? "error", data: e.data },
          };
        }
      };
      const parsed = JSON.parse(body);
      const answer = Array.isArray(parsed) ? await Promise.all(parsed.map(one)) : await one(parsed);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(answer, (_k, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get forwarding() {
      return state.forwarding;
    },
    set forwarding(on: boolean) {
      state.forwarding = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function getJson(url: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url);
  return { status: res.status, json: await res.json() };
}

/** Polls `check` every 50 ms, for at most `ms` (a bounded wait for the monitors' own timers, not a timing assertion). */
async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("relayer/http/health: the chain and settlement in /health and /ready", function () {
  this.timeout(90_000);
  let chain: Chain;
  let proxy: Awaited<ReturnType<typeof rpcProxy>>;
  let dataDir: string;
  let relayer: RunningRelayer;
  let world: World;

  before(async () => {
    chain = await deployChain();
    proxy = await rpcProxy(chain);
    dataDir = await mkdtemp(join(tmpdir(), "relayer-health-"));
    const client = createPublicClient({
      transport: http(proxy.url, { retryCount: 0, timeout: 2_000 }),
    }) as PublicClient;
    relayer = await startRelayer({
      port: 0,
      dataDir,
      chainId: chain.chainId,
      exchange: chain.exchange.address,
      markets: marketsConfig(chain.weth.address, chain.usdc.address),
      feeRecipient: chain.feeRecipient.account.address,
      log: () => {},
      settlement: { client, account: chain.operatorAccount, confirmations: 1, pollIntervalMs: 50, onError: () => {} },
      chainHealth: { pollMs: 100, staleAfterMs: 1_000 },
      settlementLagLimitSeconds: 2,
    });
    world = { chain, services: relayer.services } as World;
    await fund(world, [trader(0).address, trader(1).address], 10n ** 18n, 10_000n * 10n ** 6n);
  });

  after(async () => {
    proxy.forwarding = true;
    await relayer?.close();
    await proxy?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("reports the chain's head and settlement as ok while the node answers, and /ready answers 200", async () => {
    await until(async () => (await getJson(`${relayer.url}/health`)).json.chain?.head !== null);
    const health = await getJson(`${relayer.url}/health`);
    assert.equal(health.status, 200);
    assert.equal(health.json.status, "ok");
    assert.equal(health.json.chain.status, "ok");
    assert.match(health.json.chain.head, /^\d+$/);
    assert.deepEqual(health.json.settlement, { status: "ok", lagSeconds: 0, queuedFills: 0 });
    const ready = await getJson(`${relayer.url}/ready`);
    assert.deepEqual([ready.status, ready.json.status], [200, "ok"]);
  });

  it("reports the chain unreachable and settlement stalled while the node is down: /health degraded (200), /ready 503", async () => {
    proxy.forwarding = false;
    const [a, b] = [trader(0), trader(1)];
    await place(world, a, order(chain, a.address, 1, 10n, 3000n));
    await place(world, b, order(chain, b.address, 0, 10n, 3000n)); // a fill that cannot settle while the node is down
    await until(async () => (await getJson(`${relayer.url}/health`)).json.settlement.status === "stalled");
    const health = await getJson(`${relayer.url}/health`);
    assert.equal(health.status, 200, "the process is alive and still admits orders");
    assert.equal(health.json.status, "degraded");
    assert.equal(health.json.chain.status, "unreachable");
    assert.ok(health.json.chain.sinceLastAnswerMs > 1_000);
    assert.ok(health.json.settlement.lagSeconds > 2);
    assert.ok(!JSON.stringify(health.json).includes(proxy.url), "the RPC URL is not shown");
    const ready = await getJson(`${relayer.url}/ready`);
    assert.deepEqual(
      [ready.status, ready.json.status, ready.json.code, ready.json.reason],
      [503, "unavailable", "SERVICE_UNAVAILABLE", "chain"],
    );
  });

  it("is ok and ready again once the node answers and the fill settles", async () => {
    proxy.forwarding = true;
    await until(async () => (await getJson(`${relayer.url}/ready`)).status === 200);
    const health = await getJson(`${relayer.url}/health`);
    assert.equal(health.json.status, "ok");
    assert.equal(health.json.chain.status, "ok");
    assert.equal(health.json.settlement.status, "ok");
  });
});
