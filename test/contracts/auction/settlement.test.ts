/** AuctionSettlement: a batch settles only with a proof that its fills are the batch auction's result. */
import assert from "node:assert/strict";
import { network } from "hardhat";
import { after, before, beforeEach, describe, it } from "mocha";
import { buildBatch, type Fill } from "../../../protocol/index.js";
import { batchCommitment } from "../../../protocol/auction/commitment.js";
import { SNARK_SCALAR_FIELD } from "../../../protocol/auction/field.js";
import { ProofFailedError, proveAuction, type AuctionProof } from "../../../relayer/auction/prover.js";
import { ProverProcess } from "../../../relayer/auction/prover-process.js";
import { auctionSettleArgs, type AuctionSettleArgs } from "../../../relayer/auction/settlement-call.js";
import { deployAuction, MARKET } from "./fixture.js";
import { Side as EngineSide } from "../../../engine/types.js";
import { orderHashToField } from "../../../protocol/auction/field.js";
import { quietly } from "../../circuits/helpers.js";

const connection = await network.create();
const { networkHelpers } = connection;
const N = 32;
const BATCH = 1n;

describe("AuctionSettlement", () => {
  let f: Awaited<ReturnType<typeof deployAuction>>;
  let proof: AuctionProof;
  const fixture = () => deployAuction(connection);

  before(async function () {
    this.timeout(0);
    f = await networkHelpers.loadFixture(fixture);
    const prover = new ProverProcess();
    try {
      proof = await prover.prove(f.batch(BATCH)); // the one real proof of this file, made in the prover process
    } finally {
      await prover.close();
    }
  });

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
  });

  async function close(batchId = BATCH) {
    await f.asOperator.write.closeBatch([batchId, f.weth.address, f.usdc.address, N, await batchCommitment(batchId, f.slots, N)]);
  }

  const honest = (): AuctionSettleArgs => auctionSettleArgs(f.batch(BATCH), f.signed, MARKET, proof);

  function settle(args: AuctionSettleArgs) {
    return f.asOperator.write.settle([args.batch, args.slotOf, args.selfTrades, args.price, args.proof]);
  }

  /** The honest settlement with other fills (slot i = order i here): lots per (maker, taker) at `price` ticks. */
  function withFills(pairs: [number, number, number][], price = 3000): AuctionSettleArgs {
    const fills: Fill[] = pairs.map(([makerIndex, takerIndex, lots]) => ({
      makerIndex,
      takerIndex,
      baseAmount: BigInt(lots) * MARKET.lotSize,
      quoteAmount: BigInt(lots) * BigInt(price) * MARKET.tickSize,
      makerFee: 0n,
      takerFee: 0n,
    }));
    return { ...honest(), batch: buildBatch(BATCH, f.signed, fills), slotOf: [0, 1, 2, 3], price };
  }

  const rejects = (promise: Promise<unknown>, name: string, args: unknown[]) =>
    f.viem.assertions.revertWithCustomErrorWithArgs(promise as never, f.settlement, name as never, args as never);

  it("settles an honest batch with its proof, at one price, in priority order", async () => {
    await close();
    const args = honest();
    assert.equal(args.price, 3000);
    assert.deepEqual(proof.statement.fills.slice(0, 4), [10, 4, 2, 4]);
    await f.viem.assertions.emitWithArgs(settle(args), f.settlement, "AuctionSettled", [BATCH, await f.settlement.read.marketKey([f.weth.address, f.usdc.address]), 3000n, 0n]);
    assert.equal(await f.exchange.read.isBatchSettled([BATCH]), true);
    assert.equal(await f.balanceOf(f.dave, f.weth), 4n * MARKET.lotSize);
    assert.equal(await f.balanceOf(f.carol, f.weth), 2n * MARKET.lotSize);
    assert.equal(await f.balanceOf(f.alice, f.weth), 4n * MARKET.lotSize);
    // The next batch's reference price is this clearing price.
    const market = (await f.settlement.read.markets([await f.settlement.read.marketKey([f.weth.address, f.usdc.address])])) as readonly unknown[];
    assert.equal(market[2], 3000);
  });

  it("settles a batch whose only match is a self-trade: nothing moves, and its price becomes the next reference", async function () {
    this.timeout(0);
    const selfTradeId = 7n;
    const orders = [await f.auctionOrder(f.bob, EngineSide.Sell, 5, 3002, 11n), await f.auctionOrder(f.bob, EngineSide.Buy, 5, 3002, 12n)];
    const slots = orders.map((o, i) => ({ side: i === 0 ? EngineSide.Sell : EngineSide.Buy, price: 3002, size: 5, owner: 0, orderHash: orderHashToField(f.hash(o.order)) }));
    const batch = { batchId: selfTradeId, slots, reference: 0 };
    const prover = new ProverProcess();
    let selfTradeProof: AuctionProof;
    try {
      selfTradeProof = await prover.prove(batch);
    } finally {
      await prover.close();
    }
    const args = auctionSettleArgs(batch, orders, MARKET, selfTradeProof);
    assert.equal(args.batch.fills.length, 0);
    assert.deepEqual(args.selfTrades, [{ first: 0, second: 1, lots: 5 }]);
    await f.asOperator.write.closeBatch([selfTradeId, f.weth.address, f.usdc.address, N, await batchCommitment(selfTradeId, slots, N)]);
    const before = await f.exchange.read.balanceOf([f.bob.account.address, f.weth.address]);
    await f.asOperator.write.settle([args.batch, args.slotOf, args.selfTrades, args.price, args.proof]);
    const key = await f.settlement.read.marketKey([f.weth.address, f.usdc.address]);
    const [, , lastPrice] = (await f.settlement.read.markets([key])) as readonly [bigint, bigint, number];
    assert.equal(lastPrice, 3002);
    assert.equal(await f.exchange.read.balanceOf([f.bob.account.address, f.weth.address]), before);
    assert.equal(await f.exchange.read.isBatchSettled([selfTradeId]), false, "the Exchange was not called");
  });

  it("rejects the proof with another clearing price", async () => {
    await close();
    await rejects(settle(withFills([[0, 1, 4], [0, 2, 2], [0, 3, 4]], 3001)), "InvalidProof", [BATCH]);
  });

  it("rejects the proof when the order better than the price is skipped", async () => {
    await close();
    await rejects(settle(withFills([[0, 1, 4], [0, 2, 4]])), "InvalidProof", [BATCH]);
  });

  it("rejects the proof for an overfill", async () => {
    await close();
    await rejects(settle(withFills([[0, 1, 4], [0, 2, 3], [0, 3, 4]])), "InvalidProof", [BATCH]);
  });

  it("rejects fills changed after proving (time priority reversed)", async () => {
    await close();
    await rejects(settle(withFills([[0, 1, 2], [0, 2, 4], [0, 3, 4]])), "InvalidProof", [BATCH]);
  });

  it("rejects a proof replayed for another batch of the same orders, and a second settlement of the batch", async () => {
    await close(BATCH);
    await close(2n);
    const args = honest();
    await rejects(settle({ ...args, batch: { ...args.batch, id: 2n } }), "InvalidProof", [2n]);
    await settle(args);
    await rejects(settle(args), "AuctionAlreadySettled", [BATCH]);
  });

  it("rejects a settlement of a batch that was not closed", async () => {
    await rejects(settle(honest()), "BatchNotClosed", [BATCH]);
  });

  it("refuses a public input that is not below the field modulus, on-chain and in the verifier", async () => {
    const commitment = await batchCommitment(BATCH, f.slots, N);
    await rejects(
      f.asOperator.write.closeBatch([BATCH, f.weth.address, f.usdc.address, N, commitment + SNARK_SCALAR_FIELD]),
      "PublicInputNotInField",
      [0n, commitment + SNARK_SCALAR_FIELD],
    );
    // The same field element written as x + p: the generated verifier refuses it rather than reducing it.
    const { a, b, c } = proof.proof;
    const signals = [...proof.publicSignals];
    assert.equal(await f.verifier.read.verifyProof([a, b, c, signals as never]), true);
    signals[0] += SNARK_SCALAR_FIELD;
    assert.equal(await f.verifier.read.verifyProof([a, b, c, signals as never]), false);
  });

  it("cannot prove a changed clearing price, a skipped better order or an overfill", async () => {
    for (const override of [{ price: 3001 }, { fills: [8, 4, 4, 0] }, { fills: [10, 4, 3, 4] }]) {
      await quietly(() => assert.rejects(proveAuction(f.batch(BATCH), { n: N, override }), ProofFailedError));
    }
  });
});
