/** AuctionSettlement: a batch settles only with a proof that its fills are the batch auction's result. */
import assert from "node:assert/strict";
import { network } from "hardhat";
import { before, beforeEach, describe, it } from "mocha";
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
import { expectError } from "../expect-error.js";

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
    await f.asOperator.write.closeBatch([
      batchId,
      f.weth.address,
      f.usdc.address,
      N,
      await batchCommitment(batchId, f.slots, N),
    ]);
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

  it("settles an honest batch with its proof, at one price, in priority order", async () => {
    await close();
    const args = honest();
    assert.equal(args.price, 3000);
    assert.deepEqual(proof.statement.fills.slice(0, 4), [10, 4, 2, 4]);
    await f.viem.assertions.emitWithArgs(settle(args), f.settlement, "AuctionSettled", [
      BATCH,
      await f.settlement.read.marketKey([f.weth.address, f.usdc.address]),
      3000n,
      0n,
    ]);
    assert.equal(await f.exchange.read.isBatchSettled([BATCH]), true);
    assert.equal(await f.balanceOf(f.dave, f.weth), 4n * MARKET.lotSize);
    assert.equal(await f.balanceOf(f.carol, f.weth), 2n * MARKET.lotSize);
    assert.equal(await f.balanceOf(f.alice, f.weth), 4n * MARKET.lotSize);
    // The next batch's reference price is this clearing price.
    const market = (await f.settlement.read.markets([
      await f.settlement.read.marketKey([f.weth.address, f.usdc.address]),
    ])) as readonly unknown[];
    assert.equal(market[2], 3000);
  });

  it("settles a batch whose only match is a self-trade: nothing moves, and its price becomes the next reference", async function () {
    this.timeout(0);
    const selfTradeId = 7n;
    const orders = [
      await f.auctionOrder(f.bob, EngineSide.Sell, 5, 3002, 11n),
      await f.auctionOrder(f.bob, EngineSide.Buy, 5, 3002, 12n),
    ];
    const slots = orders.map((o, i) => ({
      side: i === 0 ? EngineSide.Sell : EngineSide.Buy,
      price: 3002,
      size: 5,
      owner: 0,
      orderHash: orderHashToField(f.hash(o.order)),
    }));
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
    await f.asOperator.write.closeBatch([
      selfTradeId,
      f.weth.address,
      f.usdc.address,
      N,
      await batchCommitment(selfTradeId, slots, N),
    ]);
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
    await expectError(
      settle(
        withFills(
          [
            [0, 1, 4],
            [0, 2, 2],
            [0, 3, 4],
          ],
          3001,
        ),
      ),
      f.settlement,
      "InvalidProof",
      [BATCH],
    );
  });

  it("rejects the proof when the order better than the price is skipped", async () => {
    await close();
    await expectError(
      settle(
        withFills([
          [0, 1, 4],
          [0, 2, 4],
        ]),
      ),
      f.settlement,
      "InvalidProof",
      [BATCH],
    );
  });

  it("rejects the proof for an overfill", async () => {
    await close();
    await expectError(
      settle(
        withFills([
          [0, 1, 4],
          [0, 2, 3],
          [0, 3, 4],
        ]),
      ),
      f.settlement,
      "InvalidProof",
      [BATCH],
    );
  });

  it("rejects fills changed after proving (time priority reversed)", async () => {
    await close();
    await expectError(
      settle(
        withFills([
          [0, 1, 2],
          [0, 2, 4],
          [0, 3, 4],
        ]),
      ),
      f.settlement,
      "InvalidProof",
      [BATCH],
    );
  });

  it("rejects a proof replayed for another batch of the same orders, and a second settlement of the batch", async () => {
    await close(BATCH);
    await close(2n);
    const args = honest();
    await expectError(settle({ ...args, batch: { ...args.batch, id: 2n } }), f.settlement, "InvalidProof", [2n]);
    await settle(args);
    await expectError(settle(args), f.settlement, "AuctionAlreadySettled", [BATCH]);
  });

  it("refuses a verifier for no slot or more than 256 slots, naming the slot count", async () => {
    for (const slots of [0, 257]) {
      await expectError(
        f.settlement.write.setVerifier([slots, f.verifier.address]),
        f.settlement,
        "SlotCountOutOfRange",
        [BigInt(slots), 256n],
      );
    }
  });

  it("refuses a slot list that does not give one slot per order, naming its length and the order count", async () => {
    await close();
    await expectError(settle({ ...honest(), slotOf: [0, 1, 2] }), f.settlement, "SlotCountMismatch", [3n, 4n]);
  });

  it("refuses a fill that names an order outside the batch, naming the fill and both indices", async () => {
    await close();
    const args = withFills([
      [0, 1, 4],
      [0, 2, 2],
      [0, 3, 4],
    ]);
    const fills = [...args.batch.fills];
    fills[1] = { ...fills[1], orderIndices: 0n | (9n << 16n) };
    await expectError(settle({ ...args, batch: { ...args.batch, fills } }), f.settlement, "FillOrderOutOfRange", [
      1n,
      0n,
      9n,
    ]);
  });

  it("rejects a settlement of a batch that was not closed", async () => {
    await expectError(settle(honest()), f.settlement, "BatchNotClosed", [BATCH]);
  });

  it("refuses a public input that is not below the field modulus, on-chain and in the verifier", async () => {
    const commitment = await batchCommitment(BATCH, f.slots, N);
    await expectError(
      f.asOperator.write.closeBatch([BATCH, f.weth.address, f.usdc.address, N, commitment + SNARK_SCALAR_FIELD]),
      f.settlement,
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
