/** The public market-data feed: real relayer, real socket.io clients, real signed orders over HTTP. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Socket } from "socket.io-client";
import { BookSubscription } from "../../../relayer/client/book-subscription.js";
import type { BookDelta, TradesMessage } from "../../../relayer/wire/feed-messages.js";
import { alice, bob, mallory, get, order, post, signed } from "../http/fixtures.js";
import { connect, randomOrders, until, useSockets } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

const MARKET = "WETH-USDC";

describe("book feed (socket.io)", function () {
  this.timeout(20_000);
  const sockets = useSockets();

  const relayer = useRelayer({ funded: [alice, bob, mallory] });

  async function client(): Promise<Socket> {
    const socket = await connect(relayer.url);
    sockets.push(socket);
    return socket;
  }

  async function restBook() {
    const { json } = await get(relayer.url, `/v1/markets/${MARKET}/book?depth=100`);
    return { bids: json.bids, asks: json.asks };
  }

  /** Waits until the subscription reflects everything the feed published, then compares it with REST. */
  async function assertMatchesRest(sub: BookSubscription): Promise<void> {
    await until(() => sub.seq === relayer.feed.snapshot(MARKET)!.seq);
    const local = sub.book(100);
    assert.deepEqual({ bids: local.bids, asks: local.asks }, await restBook());
  }

  it("snapshot plus deltas reproduce the REST book exactly after a random stream of orders, crossing ones included", async () => {
    const early = await BookSubscription.open(await client(), MARKET);
    let fills = await randomOrders(relayer, [alice, bob], 30, 1);
    // A subscriber that joins mid-stream gets a snapshot consistent with the deltas that follow it.
    const late = await BookSubscription.open(await client(), MARKET);
    fills += await randomOrders(relayer, [alice, bob], 30, 2);
    assert.ok(fills > 0, "some orders crossed");
    const rest = await restBook();
    assert.ok(rest.bids.length > 0 && rest.asks.length > 0, "the stream leaves both sides non-empty");
    await assertMatchesRest(early);
    await assertMatchesRest(late);
    assert.equal(early.snapshots, 1, "no resync without a gap");
    assert.equal(late.snapshots, 1, "no resync without a gap");
  });

  it("gives subscribers that join while orders are in flight a snapshot consistent with the deltas after it", async () => {
    const stream = randomOrders(relayer, [alice, bob], 40, 5);
    const subs: BookSubscription[] = [];
    for (let i = 0; i < 6; i++) {
      subs.push(await BookSubscription.open(await client(), MARKET));
      await new Promise((r) => setTimeout(r, 3 * i));
    }
    await stream;
    for (const sub of subs) {
      await assertMatchesRest(sub);
      assert.equal(sub.snapshots, 1, "no resync without a gap");
    }
  });

  it("detects a dropped delta (the next one starts after the local seq), resubscribes and resyncs to the exact book", async () => {
    let dropped: BookDelta | undefined;
    const gaps: [number, number][] = [];
    const sub = await BookSubscription.open(await client(), MARKET, {
      drop: (d) => (dropped === undefined && d.seq > 0 ? ((dropped = d), true) : false),
      onGap: (expected, got) => gaps.push([expected, got]),
    });
    await randomOrders(relayer, [alice, bob], 20, 3);
    await until(() => gaps.length > 0);
    await sub.synced();
    assert.ok(dropped !== undefined, "one delta was dropped");
    assert.deepEqual(gaps[0], [dropped.prevSeq! + 1, dropped.seq + 1]);
    assert.equal(sub.snapshots, 2, "one resync");
    await assertMatchesRest(sub);
  });

  it("publishes the fills of a crossing order on trades:<market> with the fill amounts", async () => {
    const socket = await client();
    const trades: TradesMessage[] = [];
    socket.on("trades", (m: TradesMessage) => trades.push(m));
    const ack = await socket.emitWithAck("subscribe", { channel: "trades", market: MARKET });
    assert.equal(ack.market, MARKET);
    // Random asks sit at 2990..3010 and bids below them; bob's ask at 3040 rests, then mallory's IOC buy at 3045
    // takes every ask up to it (mallory owns none, so no self-trade prevention).
    const maker = await signed(bob, order(bob, 1, 50n, 3040n, { nonce: 1n << 40n }));
    assert.equal((await post(relayer.url, maker.body)).status, 201);
    const taker = await signed(mallory, order(mallory, 0, 400n, 3045n, { nonce: 1n << 41n, timeInForce: 1 }));
    const res = await post(relayer.url, taker.body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.ok(res.json.fills.length > 0);
    await until(() => trades.length > 0);
    assert.equal(trades.length, 1);
    assert.equal(trades[0].seq, ack.seq + 1);
    const published = trades[0].trades.map((t) => ({
      makerOrderHash: t.makerOrderHash,
      takerOrderHash: t.takerOrderHash,
      baseAmount: t.baseAmount,
      quoteAmount: t.quoteAmount,
    }));
    const answered = res.json.fills.map((f: Record<string, string>) => ({
      makerOrderHash: f.makerOrderHash,
      takerOrderHash: f.takerOrderHash,
      baseAmount: f.baseAmount,
      quoteAmount: f.quoteAmount,
    }));
    assert.deepEqual(published, answered);
    assert.ok(trades[0].trades.every((t) => t.takerSide === "buy"));
  });

  it("gives two subscribers the same sequence of deltas", async () => {
    const [a, b] = [await client(), await client()];
    const seen: Record<string, BookDelta[]> = { a: [], b: [] };
    a.on("book", (d: BookDelta) => seen.a.push(d));
    b.on("book", (d: BookDelta) => seen.b.push(d));
    const [sa, sb] = await Promise.all(
      [a, b].map((s) => s.emitWithAck("subscribe", { channel: "book", market: MARKET })),
    );
    assert.equal(sa.seq, sb.seq);
    await randomOrders(relayer, [alice, bob], 15, 4);
    const last = relayer.feed.snapshot(MARKET)!.seq;
    await until(() => seen.a.at(-1)?.seq === last && seen.b.at(-1)?.seq === last);
    assert.deepEqual(seen.a, seen.b);
    // Coalesced messages chain without a hole: each starts where the one before ended.
    const starts = seen.a.map((d) => d.prevSeq);
    assert.deepEqual(starts, [sa.seq, ...seen.a.slice(0, -1).map((d) => d.seq)]);
  });

  it("answers bad subscriptions through the ack with the API's codes", async () => {
    const socket = await client();
    assert.deepEqual(await socket.emitWithAck("subscribe", { channel: "book", market: "DOGE-USDC" }), {
      error: { code: "UNKNOWN_MARKET", message: "No such market.", field: "market" },
    });
    assert.equal(
      (await socket.emitWithAck("subscribe", { channel: "candles", market: MARKET })).error.code,
      "INVALID_FIELD",
    );
    assert.equal(
      (await socket.emitWithAck("subscribe", { channel: "book", market: MARKET, depth: 3 })).error.code,
      "UNKNOWN_FIELD",
    );
    assert.equal((await socket.emitWithAck("subscribe", "WETH-USDC")).error.code, "INVALID_FIELD");
    assert.deepEqual(await socket.emitWithAck("unsubscribe", { channel: "book", market: MARKET }), { ok: true });
  });
});
