/**
 * The relayer's proved batch auction, end to end on a real chain: a closed batch is recorded with its ordered list and
 * commitment, published on the market's room, receipted to each maker, committed on-chain, proved in the prover
 * process and settled through AuctionSettlement; the fills are settled in the ledger like continuous ones.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "mocha";
import type { Socket } from "socket.io-client";
import type { Address, Hex } from "viem";
import { Side } from "../../../engine/types.js";
import { batchCommitment } from "../../../protocol/auction/commitment.js";
import { orderHashToField } from "../../../protocol/auction/field.js";
import {
  AUCTION_BATCH_ID_BASE,
  type PublishedBatch,
  type WireInclusionReceipt,
} from "../../../relayer/wire/published-batch.js";
import { verifyInclusionReceipt } from "../../../relayer/client/index.js";
import { inclusionReceiptTypedData } from "../../../protocol/index.js";
import { connect } from "../ws/fixtures.js";
import { loggedIn } from "../ws/private-fixtures.js";
import type { World } from "../settlement/fixtures.js";
import {
  auctionOrder,
  deployAuctionChain,
  differences,
  fund,
  placeOrder,
  startAuctionRelayer,
  trader,
  until,
  type AuctionChain,
  type AuctionRelayer,
} from "./fixtures.js";

describe("Proved batch auction in a running relayer", function () {
  this.timeout(180_000);

  let chain: AuctionChain;
  let running: AuctionRelayer;
  const sockets: Socket[] = [];
  const [bob, alice, carol] = [trader(10), trader(11), trader(12)];
  const hashes: Hex[] = [];
  const announced: PublishedBatch[] = [];
  const receiptsToBob: WireInclusionReceipt[] = [];
  const bobSettlements: { state: string; fillIds: number[] }[] = [];
  let batch: PublishedBatch;

  const get = async (path: string) => {
    const res = await fetch(`${running.relayer.url}${path}`);
    return { status: res.status, json: (await res.json()) as any };
  };

  before(async () => {
    chain = await deployAuctionChain();
    running = await startAuctionRelayer(chain);
    const { relayer } = running;
    const world = { chain, services: relayer.services } as unknown as World;
    await fund(world, [bob.address, alice.address, carol.address], 10n ** 18n, 100_000n * 10n ** 6n);

    const watcher = await connect(relayer.url);
    sockets.push(watcher);
    watcher.on("auction.batch", (b: PublishedBatch) => announced.push(b));
    await watcher.emitWithAck("subscribe", { channel: "trades", market: "WETH-USDC" });
    const session = await loggedIn(relayer.url, bob, sockets);
    sockets[sockets.length - 1].on("receipt", (r: WireInclusionReceipt) => receiptsToBob.push(r));
    session.on("settlement", (n) => bobSettlements.push(n as never));

    // sell 10 @ 3000, buy 4 @ 3000, buy 4 @ 3001 → clears 8 lots at 3000: both buys fill, 2 lots of the sell rest
    hashes.push(await placeOrder(relayer, chain, bob, auctionOrder(chain, bob.address, 1, 10n, 3000n)));
    hashes.push(await placeOrder(relayer, chain, alice, auctionOrder(chain, alice.address, 0, 4n, 3000n)));
    hashes.push(await placeOrder(relayer, chain, carol, auctionOrder(chain, carol.address, 0, 4n, 3001n)));
    await relayer.services.auctions.clock.closeNow(1 as never);
    await relayer.services.auctions.batches.settled();
    await until(() => announced.length === 1 && receiptsToBob.length === 1, "the batch and bob's receipt on socket.io");
    batch = announced[0];
  });

  after(async () => {
    for (const s of sockets) s.close();
    await running?.close();
  });

  it("publishes the batch's ordered list with the commitment anyone can recompute", async () => {
    assert.equal(batch.market, "WETH-USDC");
    assert.equal(
      BigInt(batch.batchId),
      AUCTION_BATCH_ID_BASE + BigInt(batch.seq),
      "id = 2^128 + the close command's seq",
    );
    assert.deepEqual(
      batch.orders.map((o) => [o.position, o.orderHash, o.side, o.price, o.size]),
      [
        [0, hashes[0], "sell", 3000, 10],
        [1, hashes[1], "buy", 3000, 4],
        [2, hashes[2], "buy", 3001, 4],
      ],
    );
    assert.deepEqual([batch.price, batch.volume, batch.reference, batch.slots], [3000, 8, 0, 32]);
    const slots = batch.orders.map((o) => ({
      side: o.side === "buy" ? Side.Buy : Side.Sell,
      price: o.price,
      size: o.size,
      owner: 0,
      orderHash: orderHashToField(o.orderHash),
    }));
    assert.equal((await batchCommitment(BigInt(batch.batchId), slots, 32)).toString(), batch.commitment);
    assert.deepEqual((await get(`/v1/auctions/WETH-USDC/batches/${batch.batchId}`)).json, batch);
    assert.equal(
      (await get(`/v1/auctions/WETH-USDC/batches/${BigInt(batch.batchId) + 1n}`)).json.code,
      "AUCTION_BATCH_NOT_FOUND",
    );
  });

  it("gives every order a receipt signed by the operator that the SDK verifies against the published batch", async () => {
    const domain = chain.domain;
    assert.equal(receiptsToBob[0].orderHash, hashes[0]);
    for (const [position, hash] of hashes.entries()) {
      const { status, json } = await get(`/v1/orders/${hash}/receipt`);
      assert.equal(status, 200);
      assert.equal(json.receipts.length, 1);
      const receipt: WireInclusionReceipt = json.receipts[0];
      assert.equal(receipt.position, position);
      const check = await verifyInclusionReceipt(receipt, batch, domain, { operator: chain.operatorAccount.address });
      assert.deepEqual(check.problems, []);
      assert.equal(check.valid, true);
    }
    assert.equal((await get(`/v1/orders/0x${"ab".repeat(32)}/receipt`)).json.code, "RECEIPT_NOT_FOUND");
  });

  it("detects a receipt for an order that is not in the committed batch", async () => {
    const domain = chain.domain;
    const outsider = `0x${"cd".repeat(32)}` as Hex;
    // The operator signs that an order sits at position 1 with the batch's real commitment: the list says otherwise.
    const message = {
      batchId: BigInt(batch.batchId),
      position: 1,
      orderHash: outsider,
      commitment: BigInt(batch.commitment),
    };
    const signature = await chain.operatorAccount.signTypedData(inclusionReceiptTypedData(domain, message));
    const forged: WireInclusionReceipt = {
      ...message,
      batchId: batch.batchId,
      commitment: batch.commitment,
      market: batch.market,
      signer: chain.operatorAccount.address,
      signature,
    };
    assert.deepEqual((await verifyInclusionReceipt(forged, batch, domain)).problems, ["not-at-position"]);
    // A list doctored to hold it no longer opens the commitment the receipt (and the chain) names.
    const doctored = { ...batch, orders: batch.orders.map((o, i) => (i === 1 ? { ...o, orderHash: outsider } : o)) };
    assert.deepEqual((await verifyInclusionReceipt(forged, doctored, domain)).problems, [
      "commitment-mismatch",
      "published-commitment-mismatch",
    ]);
    // Someone else's signature is not the operator's.
    const { problems } = await verifyInclusionReceipt({ ...forged, orderHash: hashes[1] }, batch, domain, {
      operator: alice.address as Address,
    });
    assert.deepEqual(problems, ["bad-signature", "wrong-signer"]);
  });

  it("commits on-chain, proves off the event loop, settles through AuctionSettlement and records the fills as settled", async () => {
    const { services } = running.relayer;
    const settler = services.auctions.settler!;
    await until(() => settler.idle, "the auction settler to finish", 6000);
    assert.deepEqual(running.alerts, []);
    const stored = (await services.auctions.batches.get(batch.batchId))!;
    assert.equal(stored.settlement!.state, "final");
    const [commitment, , slots, , settled] = (await chain.auction.read.batches([BigInt(batch.batchId)])) as readonly [
      bigint,
      Hex,
      number,
      bigint,
      boolean,
    ];
    assert.equal(commitment.toString(), batch.commitment);
    assert.equal(slots, 32);
    assert.equal(settled, true);
    assert.equal(await chain.exchange.read.isBatchSettled([BigInt(batch.batchId)]), true);
    // The ledger learnt it from the log; the continuous settler never saw these fills.
    assert.deepEqual(services.trading.ledgerView.ledger.pendingFillIds(), []);
    assert.equal(stored.fillIds.length, 2);
    assert.deepEqual(services.settler!.list(), []);
    const world = { chain, services } as unknown as World;
    assert.deepEqual(
      await differences(world, [bob.address, alice.address, carol.address, chain.feeRecipient.account.address]),
      [],
    );
    await until(() => bobSettlements.some((n) => n.state === "final"), "bob's settlement notice");
    assert.deepEqual(
      bobSettlements.map((n) => n.state),
      ["submitted", "included", "final"],
    );
  });

  it("needs no commitment, proof or settlement for a batch where nothing crosses", async () => {
    const { relayer } = running;
    await placeOrder(relayer, chain, alice, auctionOrder(chain, alice.address, 0, 1n, 2000n));
    await relayer.services.auctions.clock.closeNow(1 as never);
    await relayer.services.auctions.batches.settled();
    await until(() => announced.length === 2, "the second batch");
    const empty = announced[1];
    // bob's sell rests with its 2 lots left, ahead of alice's new buy at 2000: nothing crosses
    assert.deepEqual(
      empty.orders.map((o) => [o.orderHash === hashes[0], o.side, o.size]),
      [
        [true, "sell", 2],
        [false, "buy", 1],
      ],
    );
    assert.equal(empty.reference, 3000);
    assert.equal(empty.volume, 0);
    assert.equal((await relayer.services.auctions.batches.get(empty.batchId))!.settlement!.state, "empty");
    assert.equal(relayer.services.auctions.settler!.idle, true);
  });
});
