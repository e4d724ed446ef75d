/**
 * The auction settler steps by hand over the relayer's services on a real chain: every step is stored before it
 * acts, so a restart between the proof and the settlement carries on from the stored proof, and nothing settles twice.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "mocha";
import type { Hex, PublicClient } from "viem";
import { orderTypedData, type Order } from "../../../protocol/index.js";
import type { AuctionAlert, BatchProver } from "../../../relayer/auction/auction-settler.js";
import { ProofFailedError } from "../../../relayer/auction/prover.js";
import { ProverProcess } from "../../../relayer/auction/prover-process.js";
import { auctionBatchId } from "../../../relayer/wire/published-batch.js";
import { toWireSignedOrder } from "../../../relayer/orders/index.js";
import { openServices, type Services } from "../../../relayer/open-services.js";
import type { World } from "../settlement/fixtures.js";
import {
  AUCTION_OPERATOR,
  auctionMarkets,
  auctionOrder,
  deployAuctionChain,
  differences,
  fund,
  trader,
} from "./fixtures.js";

describe("Auction settler across a restart", function () {
  this.timeout(120_000);

  async function setup() {
    const chain = await deployAuctionChain();
    const dataDir = await mkdtemp(join(tmpdir(), "auction-restart-"));
    const alerts: AuctionAlert[] = [];
    const client = chain.publicClient as unknown as PublicClient;
    const open = (prover?: BatchProver) =>
      openServices({
        dataDir,
        chainId: chain.chainId,
        exchange: chain.exchange.address,
        markets: auctionMarkets(chain),
        feeRecipient: chain.feeRecipient.account.address,
        verifierThreads: 0,
        auctions: {
          signer: chain.operatorAccount,
          settlement: {
            client,
            account: AUCTION_OPERATOR,
            auctionSettlement: chain.auction.address,
            confirmations: 1,
            prover,
            onAlert: (a) => alerts.push(a),
          },
        },
      });
    return { chain, dataDir, alerts, open };
  }

  it("commits, proves, survives a restart with the proof stored, then settles once", async () => {
    const { chain, dataDir, alerts, open } = await setup();
    let services: Services = await open();
    try {
      const [bob, alice] = [trader(30), trader(31)];
      const id = await crossingBatch(chain, services, bob, alice);
      const state = async () => (await services.auctions.batches.get(id))!.settlement!.state;

      const settler = () => services.auctions.settler!;
      await settler().step();
      assert.equal(await state(), "committed", "closeBatch sent and mined (automine) in one step");
      await settler().step(); // starts the proof in the prover process
      await settler().proofsDone();
      assert.equal(await state(), "proved");
      assert.equal(await chain.exchange.read.isBatchSettled([id]), false);

      await services.close(); // a restart between the proof and the settlement
      services = await open();
      assert.equal(await state(), "proved");
      await settler().step();
      assert.equal(await state(), "final");
      assert.equal(await chain.exchange.read.isBatchSettled([id]), true);
      assert.deepEqual(services.trading.ledgerView.ledger.pendingFillIds(), []);
      assert.deepEqual(
        await differences({ chain, services } as unknown as World, [
          bob.address,
          alice.address,
          chain.feeRecipient.account.address,
        ]),
        [],
      );

      // Nothing left to do, and the contract would refuse a second settlement of the batch anyway.
      assert.equal(settler().idle, true);
      await settler().step();
      const stored = (await services.auctions.batches.get(id))!;
      assert.equal(stored.settlement!.settleTxs.length, 1);
      assert.equal(stored.settlement!.closeTxs.length, 1);
      assert.deepEqual(alerts, []);
    } finally {
      await services.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("leaves a batch whose proof fails `failed` with an alert, holds back its market's later batches until it is retried", async () => {
    const { chain, dataDir, alerts, open } = await setup();
    // The first proof fails; later ones are real (the prover process).
    const real = new ProverProcess();
    let calls = 0;
    const failingOnce: BatchProver = {
      prove: (batch, n) =>
        calls++ === 0 ? Promise.reject(new ProofFailedError("the witness fails the circuit")) : real.prove(batch, n),
      close: () => real.close(),
    };
    const services = await open(failingOnce);
    try {
      const [bob, alice] = [trader(40), trader(41)];
      const first = await crossingBatch(chain, services, bob, alice);
      const settler = services.auctions.settler!;
      await settler.step();
      await settler.step();
      await settler.proofsDone();
      const stored = (await services.auctions.batches.get(first))!;
      assert.equal(stored.settlement!.state, "failed");
      assert.deepEqual(alerts, [
        { kind: "proof-failed", batchId: first.toString(), reason: "the witness fails the circuit" },
      ]);
      assert.deepEqual(settler.blockedMarkets, [1]);

      const second = await crossingBatch(chain, services, bob, alice, false);
      for (let i = 0; i < 3; i++) await settler.step();
      await settler.proofsDone();
      // Committed (timestamped) and proved, but not settled: the failed batch's clearing price is not on-chain.
      assert.equal((await services.auctions.batches.get(second))!.settlement!.state, "proved");
      assert.equal(await chain.exchange.read.isBatchSettled([second]), false);
      assert.equal(alerts.length, 1);

      // The operator fixed the cause and retries: the failed batch is proved and settled, then the next one.
      await settler.retry(first.toString());
      assert.deepEqual(settler.blockedMarkets, []);
      for (let i = 0; i < 6 && !settler.idle; i++) {
        await settler.step();
        await settler.proofsDone();
      }
      assert.equal((await services.auctions.batches.get(first))!.settlement!.state, "final");
      assert.equal((await services.auctions.batches.get(second))!.settlement!.state, "final");
      assert.deepEqual(services.trading.ledgerView.ledger.pendingFillIds(), []);
    } finally {
      await services.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("Auction settler with a transaction that does not get mined", function () {
  this.timeout(120_000);

  it("replaces a stuck closeBatch with higher fees, stored before it is sent, and follows whichever lands", async () => {
    const chain = await deployAuctionChain();
    const dataDir = await mkdtemp(join(tmpdir(), "auction-stuck-"));
    let now = 1_000_000;
    const services = await openServices({
      dataDir,
      chainId: chain.chainId,
      exchange: chain.exchange.address,
      markets: auctionMarkets(chain),
      feeRecipient: chain.feeRecipient.account.address,
      verifierThreads: 0,
      auctions: {
        signer: chain.operatorAccount,
        settlement: {
          client: chain.publicClient as unknown as PublicClient,
          account: AUCTION_OPERATOR,
          auctionSettlement: chain.auction.address,
          confirmations: 1,
          now: () => now,
        },
      },
    });
    try {
      const id = await crossingBatch(chain, services, trader(50), trader(51));
      const settler = services.auctions.settler!;
      const stored = async () => (await services.auctions.batches.get(id))!.settlement!;
      await chain.rpc("evm_setAutomine", [false]);
      await settler.step();
      assert.equal((await stored()).state, "committing");
      await settler.step(); // not stuck yet: nothing new
      assert.equal((await stored()).closeTxs.length, 1);
      now += 30_000;
      await settler.step();
      const [first, second] = (await stored()).closeTxs;
      assert.equal(second.nonce, first.nonce);
      assert.ok(BigInt(second.maxFeePerGas) >= (BigInt(first.maxFeePerGas) * 1125n) / 1000n);
      assert.ok(BigInt(second.maxPriorityFeePerGas) >= (BigInt(first.maxPriorityFeePerGas) * 1125n) / 1000n);
      await chain.rpc("evm_mine");
      await chain.rpc("evm_setAutomine", [true]);
      await settler.step();
      assert.equal((await stored()).state, "committed");
      const [commitment] = (await chain.auction.read.batches([id])) as readonly [bigint, ...unknown[]];
      assert.equal(commitment.toString(), (await services.auctions.batches.get(id))!.published.commitment);
    } finally {
      await chain.rpc("evm_setAutomine", [true]);
      await services.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** Funds two traders (once), places a crossing sell and buy, closes the batch; returns its id once recorded. */
async function crossingBatch(
  chain: Awaited<ReturnType<typeof deployAuctionChain>>,
  services: Services,
  bob: ReturnType<typeof trader>,
  alice: ReturnType<typeof trader>,
  funding = true,
): Promise<bigint> {
  if (funding)
    await fund({ chain, services } as unknown as World, [bob.address, alice.address], 10n ** 18n, 100_000n * 10n ** 6n);
  const place = async (signer: typeof bob, o: Order): Promise<Hex> => {
    const signature = await signer.signTypedData(orderTypedData(chain.domain, o));
    return (await services.orders.place(toWireSignedOrder({ order: o, signature }))).orderHash as Hex;
  };
  await place(bob, auctionOrder(chain, bob.address, 1, 6n, 2990n));
  await place(alice, auctionOrder(chain, alice.address, 0, 6n, 3010n));
  const { seq } = (await services.auctions.clock.closeNow(1 as never)) as { seq: number };
  await services.auctions.batches.settled();
  return auctionBatchId(seq);
}
