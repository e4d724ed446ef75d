/**
 * The proof bypass is closed for auction-only orders: the operator cannot settle them with Exchange.settle directly;
 * AuctionSettlement (AUCTION_SETTLER_ROLE, not OPERATOR_ROLE) settles the same batch once its proof checks.
 */
import assert from "node:assert/strict";
import { network } from "hardhat";
import { before, beforeEach, describe, it } from "mocha";
import { OrderFlags } from "../../../protocol/index.js";
import { batchCommitment } from "../../../protocol/auction/commitment.js";
import type { AuctionProof } from "../../../relayer/auction/prover.js";
import { ProverProcess } from "../../../relayer/auction/prover-process.js";
import { auctionSettleArgs } from "../../../relayer/auction/settlement-call.js";
import { deployAuction, MARKET } from "./fixture.js";
import { expectError } from "../expect-error.js";

const connection = await network.create();
const { networkHelpers } = connection;
const N = 32;
const BATCH = 1n;

describe("Auction-only orders", () => {
  let f: Awaited<ReturnType<typeof deployAuction>>;
  let proof: AuctionProof;
  const fixture = () => deployAuction(connection);

  before(async function () {
    this.timeout(0);
    f = await networkHelpers.loadFixture(fixture);
    const prover = new ProverProcess();
    try {
      proof = await prover.prove(f.batch(BATCH));
    } finally {
      await prover.close();
    }
  });

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    await f.asOperator.write.closeBatch([
      BATCH,
      f.weth.address,
      f.usdc.address,
      N,
      await batchCommitment(BATCH, f.slots, N),
    ]);
  });

  const honest = () => auctionSettleArgs(f.batch(BATCH), f.signed, MARKET, proof);

  it("are signed with the AUCTION_ONLY flag in this fixture", () => {
    for (const { order } of f.signed) assert.equal(order.flags, OrderFlags.AUCTION_ONLY);
  });

  it("revert OrderRequiresAuctionProof when the operator settles the proved batch with Exchange.settle directly", async () => {
    const { batch } = honest();
    await expectError(
      f.exchange.write.settle([batch], { account: f.operator.account }),
      f.exchange,
      "OrderRequiresAuctionProof",
      [0n, f.hash(f.signed[0].order)],
    );
    assert.equal(await f.exchange.read.isBatchSettled([BATCH]), false);
  });

  it("settle, the same batch, through AuctionSettlement with its proof", async () => {
    const args = honest();
    await f.asOperator.write.settle([args.batch, args.slotOf, args.selfTrades, args.price, args.proof]);
    assert.equal(await f.exchange.read.isBatchSettled([BATCH]), true);
    assert.equal(await f.balanceOf(f.dave, f.weth), 4n * MARKET.lotSize);
  });

  it("go through a settlement contract that holds AUCTION_SETTLER_ROLE and not OPERATOR_ROLE", async () => {
    assert.equal(
      await f.exchange.read.hasRole([await f.exchange.read.AUCTION_SETTLER_ROLE(), f.settlement.address]),
      true,
    );
    assert.equal(await f.exchange.read.hasRole([await f.exchange.read.OPERATOR_ROLE(), f.settlement.address]), false);
  });
});
