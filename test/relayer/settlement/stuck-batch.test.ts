/**
 * A batch that cannot go out holds back the others only for a bounded time: past `stuckBatchMs` it raises
 * `batch-stuck` and the gauge, and the batches and withdrawals after it settle. The fault is injected at the JSON-RPC
 * boundary of a real Hardhat chain: the node fails every simulation of the first batch, as a node that chokes on one
 * transaction would.
 */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { createPublicClient, custom, getAbiItem, toFunctionSelector, type Address } from "viem";
import { withdrawalTypedData, type Withdrawal } from "../../../protocol/index.js";
import { SETTLEMENT_ABI } from "../../../relayer/settlement/exchange-abi.js";
import type { SettlerOptions, SignedWithdrawal } from "../../../relayer/settlement/index.js";
import { deployChain, fund, openWorld, order, place, trader, type Chain } from "./fixtures.js";

/** A client of `chain` whose node fails eth_estimateGas of the first settle() it sees, and of that same call again, while `poisoned`. */
function choosyClient(chain: Chain) {
  const settle = toFunctionSelector(getAbiItem({ abi: SETTLEMENT_ABI, name: "settle" }) as never);
  let first: string | null = null;
  const state = { poisoned: true };
  const client = createPublicClient({
    transport: custom({
      request: async ({ method, params }: { method: string; params?: unknown }) => {
        if (method === "eth_estimateGas") {
          const data = (params as { data?: string; input?: string }[])[0];
          const payload = data.data ?? data.input ?? "";
          if (first === null && payload.startsWith(settle)) first = payload; // withdrawals and other calls pass
          if (state.poisoned && payload === first) throw new Error("injected: the node cannot process this call");
        }
        return chain.connection.provider.request({ method, params: params as unknown[] });
      },
    }),
  });
  return { client: client as unknown as SettlerOptions["client"], state };
}

describe("Settler: a batch that cannot go out", function () {
  this.timeout(120_000);

  it("raises batch-stuck after stuckBatchMs and stops holding back the later batches and withdrawals", async () => {
    const chain = await deployChain();
    const choosy = choosyClient(chain);
    const signed = new Map<string, SignedWithdrawal>();
    let now = 1_000_000;
    const world = await openWorld(chain, {
      client: choosy.client,
      stuckBatchMs: 30_000,
      now: () => now,
      onError: () => {},
      withdrawals: { get: async (id) => signed.get(id) },
    });
    try {
      const [a, b, c, d] = [trader(0), trader(1), trader(2), trader(3)];
      await fund(world, [a.address, b.address, c.address, d.address], 10n ** 18n, 10_000n * 10n ** 6n);
      const settler = world.services.settler!;

      await place(world, a, order(chain, a.address, 1, 10n, 3000n));
      await place(world, b, order(chain, b.address, 0, 10n, 3000n));
      await settler.step({ flush: true }); // batch 1: its simulation fails at the node
      await place(world, c, order(chain, c.address, 1, 10n, 3000n));
      await place(world, d, order(chain, d.address, 0, 10n, 3000n));
      const w: Withdrawal = {
        account: c.address,
        token: chain.usdc.address,
        amount: 100n * 10n ** 6n,
        recipient: c.address,
        nonce: 1n,
        expiry: 0n,
      };
      signed.set("w-c", { withdrawal: w, signature: await c.signTypedData(withdrawalTypedData(chain.domain, w)) });
      assert.equal(
        (
          await world.services.trading.submitLedger({
            type: "withdrawal-requested",
            withdrawalId: "w-c",
            account: c.address,
            token: w.token,
            amount: w.amount,
          })
        ).rejection,
        null,
      );

      await settler.step({ flush: true }); // batch 2 closes and waits behind batch 1, and so does the withdrawal
      assert.deepEqual(
        settler.list().map((x) => [x.id, x.state]),
        [
          ["1", "matched"],
          ["2", "matched"],
        ],
      );
      assert.equal(settler.withdrawals!.get("w-c"), undefined, "the withdrawal waits too, within the bound");
      assert.deepEqual(
        world.alerts.filter((x) => x.kind === "batch-stuck"),
        [],
      );

      now += 30_000;
      for (
        let i = 0;
        i < 10 && !(settler.batch("2")?.state === "final" && settler.withdrawals!.get("w-c")?.state === "final");
        i++
      ) {
        await settler.step();
        await chain.rpc("evm_mine");
      }
      const stuck = world.alerts.filter((x) => x.kind === "batch-stuck");
      assert.equal(stuck.length, 1, "one alert for the stuck batch");
      assert.deepEqual(stuck[0].kind === "batch-stuck" && { batchId: stuck[0].batchId, market: stuck[0].market }, {
        batchId: "1",
        market: 1,
      });
      assert.match(stuck[0].kind === "batch-stuck" ? stuck[0].reason : "", /injected/);
      assert.equal(settler.batch("1")!.state, "matched");
      assert.equal(settler.batch("2")!.state, "final", "the batch after the stuck one settled");
      assert.equal(settler.withdrawals!.get("w-c")!.state, "final", "so did the withdrawal");
      assert.match(await world.services.metrics.metrics(), /relayer_settlement_stuck_batches 1/);

      choosy.state.poisoned = false; // the node recovers: the stuck batch goes out too
      for (let i = 0; i < 10 && settler.batch("1")!.state !== "final"; i++) {
        await settler.step();
        await chain.rpc("evm_mine");
      }
      assert.equal(settler.batch("1")!.state, "final");
      assert.match(await world.services.metrics.metrics(), /relayer_settlement_stuck_batches 0/);
      assert.deepEqual(world.services.trading.ledgerView.ledger.pendingFillIds(), []);
      const onChain = (who: Address): Promise<bigint> =>
        chain.exchange.read.balanceOf([who, chain.weth.address]) as Promise<bigint>;
      assert.ok((await onChain(b.address)) > 0n && (await onChain(d.address)) > 0n, "both buyers received their WETH");
    } finally {
      await world.close();
    }
  });
});
