/**
 * The batch clock and the record of closed batches, in the relayer's services (real sequencer and LevelDB, no chain):
 * closes are logged commands on a timer; a replay of the log rebuilds the same batches, ids and commitments included.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, it } from "mocha";
import type { Address, Hex } from "viem";
import { exchangeDomain, orderTypedData, type Order } from "../../../protocol/index.js";
import { AUCTION_BATCH_ID_BASE } from "../../../relayer/wire/published-batch.js";
import { verifyInclusionReceipt } from "../../../relayer/client/index.js";
import { toWireSignedOrder } from "../../../relayer/orders/index.js";
import { openServices, type Services } from "../../../relayer/open-services.js";
import { auctionMarkets, auctionOrder, trader, until } from "./fixtures.js";

const CHAIN_ID = 31337;
const EXCHANGE = "0x00000000000000000000000000000000000e8c4a" as Address;
const WETH = "0x0000000000000000000000000000000000000eee" as Address;
const USDC = "0x0000000000000000000000000000000000000dcc" as Address;
const tokens = { weth: { address: WETH }, usdc: { address: USDC } } as never;
const domain = exchangeDomain(CHAIN_ID, EXCHANGE);
const operator = trader(99);
const [bob, alice] = [trader(20), trader(21)];

describe("Auction batches in the relayer's services", function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const open: Services[] = [];

  async function services(dataDir: string, batchIntervalMs = 3_600_000): Promise<Services> {
    const s = await openServices({
      dataDir,
      chainId: CHAIN_ID,
      exchange: EXCHANGE,
      markets: auctionMarkets(tokens, { proofs: false, batchIntervalMs }),
      verifierThreads: 0,
      auctions: { signer: operator },
    });
    open.push(s);
    return s;
  }

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "auction-records-"));
    dirs.push(dir);
    return dir;
  }

  async function credit(s: Services, account: Address): Promise<void> {
    for (const [token, amount] of [
      [WETH, 10n ** 18n],
      [USDC, 10n ** 12n],
    ] as const) {
      const ack = await s.trading.submitLedger({
        type: "deposit-credited",
        depositId: `${account}:${token}`,
        account,
        token,
        amount,
      });
      assert.equal(ack.rejection, null);
    }
  }

  async function place(s: Services, signer: typeof bob, o: Order): Promise<Hex> {
    const signature = await signer.signTypedData(orderTypedData(domain, o));
    return (await s.orders.place(toWireSignedOrder({ order: o, signature }))).orderHash as Hex;
  }

  afterEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => {});
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("closes each auction market's batch every batchIntervalMs, as a logged close-batch command", async () => {
    const s = await services(await tempDir(), 20);
    const seen: { id: string; seq: number }[] = [];
    s.auctions.batches.onBatch((b) => seen.push({ id: b.published.batchId, seq: b.published.seq }));
    s.auctions.start();
    await until(() => seen.length >= 3, "three batches closed by the clock");
    await s.auctions.clock.stop();
    for (const { id, seq } of seen) assert.equal(BigInt(id), AUCTION_BATCH_ID_BASE + BigInt(seq));
    assert.ok(seen.every((b, i) => i === 0 || b.seq > seen[i - 1].seq));
    assert.ok(s.trading.lastSeq >= seen[seen.length - 1].seq);
  });

  it("rebuilds the same batches from the log when its record was lost, receipts included", async () => {
    const dataDir = await tempDir();
    let s = await services(dataDir);
    await credit(s, bob.address);
    await credit(s, alice.address);
    const noProofs = { flags: 0 }; // this market settles without proofs: no AUCTION_ONLY flag
    const sell = await place(s, bob, auctionOrder(tokens, bob.address, 1, 5n, 3000n, noProofs));
    const buy = await place(s, alice, auctionOrder(tokens, alice.address, 0, 3n, 3100n, noProofs));
    const closed = (await s.auctions.clock.closeNow(1 as never)) as { seq: number };
    await s.auctions.batches.settled();
    const id = AUCTION_BATCH_ID_BASE + BigInt(closed.seq);
    const before = (await s.auctions.batches.get(id))!;
    assert.deepEqual(
      before.published.orders.map((o) => o.orderHash),
      [sell, buy],
    );
    assert.equal(before.published.price, 3000); // volume 3 at 3000 and at 3100; least imbalance tie → lowest
    assert.equal(before.fillIds.length, 1);
    assert.equal(
      (await verifyInclusionReceipt(before.receipts[1], before.published, domain, { operator: operator.address }))
        .valid,
      true,
    );
    await s.close();
    open.length = 0;

    await rm(join(dataDir, "auction"), { recursive: true, force: true }); // the batch record is gone; the log is not
    s = await services(dataDir);
    assert.deepEqual(await s.auctions.batches.get(id), before);
    assert.deepEqual(await s.auctions.batches.receipts(buy), [before.receipts[1]]);
  });
});
