/**
 * GET /v1/settlements, /v1/settlements/:batchId and the settlement of GET /v1/fills items on a relayer started by startRelayer with a `settlement` block:
 * its settler runs on its own (timer) and settles real batches.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "mocha";
import type { PublicClient } from "viem";
import { startRelayer, type RunningRelayer } from "../../../relayer/app.js";
import type { BatchPolicy } from "../../../relayer/settlement/index.js";
import { deployChain, fund, marketsConfig, order, place, trader, type World } from "./fixtures.js";

async function startSettlingRelayer(
  chain: Awaited<ReturnType<typeof deployChain>>,
  dataDir: string,
  policy: Partial<BatchPolicy>,
) {
  return startRelayer({
    port: 0,
    dataDir,
    chainId: chain.chainId,
    exchange: chain.exchange.address,
    markets: marketsConfig(chain.weth.address, chain.usdc.address),
    feeRecipient: chain.feeRecipient.account.address,
    log: () => {},
    settlement: {
      client: chain.publicClient as unknown as PublicClient,
      account: chain.operatorAccount,
      confirmations: 1,
      policies: { 1: policy },
      pollIntervalMs: 10,
    },
  });
}

/** The settler steps on its own timer: wait until it has nothing left (bounded; not a timing assertion). */
async function untilIdle(relayer: RunningRelayer): Promise<void> {
  for (let i = 0; i < 1_000 && !relayer.services.settler!.idle; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(relayer.services.settler!.idle, "the started settler settled everything");
}

async function getJson(url: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url);
  return { status: res.status, json: await res.json() };
}

describe("GET /v1/settlements", function () {
  this.timeout(60_000);

  it("lists batches newest first with a cursor, and shows one batch with its fills and transaction", async () => {
    const chain = await deployChain();
    const dataDir = await mkdtemp(join(tmpdir(), "settlement-http-"));
    let relayer: RunningRelayer | undefined;
    try {
      relayer = await startSettlingRelayer(chain, dataDir, { maxFills: 1 });
      const world = { chain, services: relayer.services } as World;
      const [a, b] = [trader(0), trader(1)];
      await fund(world, [a.address, b.address], 10n ** 18n, 10_000n * 10n ** 6n);
      await place(world, a, order(chain, a.address, 1, 30n, 3000n));
      for (let i = 0; i < 3; i++) await place(world, b, order(chain, b.address, 0, 5n, 3000n));
      await untilIdle(relayer);
      const url = relayer.url;
      const get = (path: string) => getJson(url + path);

      const first = await get("/v1/settlements?limit=2");
      assert.equal(first.status, 200);
      assert.deepEqual(
        first.json.items.map((i: any) => i.batchId),
        ["3", "2"],
      );
      const second = await get(`/v1/settlements?limit=2&cursor=${first.json.nextCursor}`);
      assert.deepEqual(
        second.json.items.map((i: any) => i.batchId),
        ["1"],
      );
      assert.equal(second.json.nextCursor, null);

      const one = await get("/v1/settlements/1");
      assert.equal(one.status, 200);
      assert.equal(one.json.state, "final");
      assert.equal(one.json.market, "WETH-USDC");
      assert.deepEqual(one.json.fillIds, [1]);
      assert.equal(one.json.transactions.length, 1);
      assert.equal(one.json.txHash, one.json.transactions[0].hash);
      assert.match(one.json.blockNumber, /^[0-9]+$/);

      const missing = await get("/v1/settlements/99");
      assert.equal(missing.status, 404);
      assert.equal(missing.json.code, "SETTLEMENT_NOT_FOUND");
      assert.equal((await get("/v1/settlements?cursor=abc")).status, 400);
    } finally {
      await relayer?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("shows each fill of GET /v1/fills with its settlement: queued until a batch holds it, then final with its transaction", async () => {
    const chain = await deployChain();
    const dataDir = await mkdtemp(join(tmpdir(), "settlement-http-"));
    let relayer: RunningRelayer | undefined;
    try {
      // Two fills close a batch; one waits (the delay is far longer than the test).
      relayer = await startSettlingRelayer(chain, dataDir, { maxFills: 2, maxDelayMs: 3_600_000 });
      const world = { chain, services: relayer.services } as World;
      const [a, b] = [trader(0), trader(1)];
      await fund(world, [a.address, b.address], 10n ** 18n, 10_000n * 10n ** 6n);
      await place(world, a, order(chain, a.address, 1, 30n, 3000n));
      await place(world, b, order(chain, b.address, 0, 5n, 3000n));
      const fillsOf = async () => (await getJson(`${relayer!.url}/v1/fills?maker=${b.address}`)).json.items;

      const [waiting] = await fillsOf();
      assert.deepEqual(waiting.settlement, { state: "queued", batchId: null, txHash: null });

      await place(world, b, order(chain, b.address, 0, 5n, 3000n));
      await untilIdle(relayer);
      const batch = (await getJson(`${relayer.url}/v1/settlements/1`)).json;
      const settled = await fillsOf();
      assert.deepEqual(
        settled.map((f: any) => f.fillId),
        [2, 1],
      );
      for (const fill of settled)
        assert.deepEqual(fill.settlement, { state: "final", batchId: "1", txHash: batch.txHash });
      assert.match(batch.txHash, /^0x[0-9a-f]{64}$/);
    } finally {
      await relayer?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
