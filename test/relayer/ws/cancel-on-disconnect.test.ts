/** Cancel-on-disconnect: a session that opted in has the orders placed through it cancelled when its socket goes away or its heartbeats stop. Real relayer, real sockets. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Hex } from "viem";
import { alice, bob, get, post } from "../http/fixtures.js";
import { until, useSockets } from "./fixtures.js";
import { loggedIn, signedOrder } from "./private-fixtures.js";
import { useRelayer } from "../use-relayer.js";

describe("cancel-on-disconnect", function () {
  this.timeout(20_000);
  const sockets = useSockets();
  let price = 1000n;

  const relayer = useRelayer({ funded: [alice, bob] });

  const status = async (hash: Hex) => (await get(relayer.url, `/v1/orders/${hash}`)).json.status as string;

  /** Waits until the relayer saw every socket go and finished what their sessions do on the way out. */
  async function sessionsEnded(): Promise<void> {
    await until(() => relayer.sessions.connected === 0);
    await relayer.sessions.settled();
  }

  async function placeThroughSession(count: number) {
    const session = await loggedIn(relayer.url, alice, sockets);
    const single = await signedOrder(alice, 0, 10n, price++);
    await session.place(single.body);
    const batch = [];
    for (let i = 1; i < count; i++) batch.push(await signedOrder(alice, 0, 10n, price++));
    if (batch.length > 0) await session.placeBatch(batch.map((o) => o.body));
    return { session, hashes: [single.hash, ...batch.map((o) => o.hash)] };
  }

  it("cancels the session's open orders when its socket disconnects, and leaves the account's other orders", async () => {
    const { session, hashes } = await placeThroughSession(3);
    const ack = await session.setOptions({ cancelOnDisconnect: true });
    assert.deepEqual(ack, { cancelOnDisconnect: true, heartbeatMs: 10_000 });
    const viaRest = await signedOrder(alice, 0, 10n, price++);
    assert.equal((await post(relayer.url, viaRest.body)).status, 201);
    session.close();
    await sessionsEnded();
    for (const hash of hashes) assert.equal(await status(hash), "cancelled");
    assert.equal(await status(viaRest.hash), "open");
  });

  it("cancels them when no heartbeat arrives within heartbeatMs, and disconnects the socket", async () => {
    const { session, hashes } = await placeThroughSession(2);
    const disconnected = new Promise<string>((resolve) => session.socket.once("disconnect", resolve));
    await session.setOptions({ cancelOnDisconnect: true, heartbeatMs: 1000, autoHeartbeat: false });
    assert.equal(await disconnected, "io server disconnect");
    await sessionsEnded();
    for (const hash of hashes) assert.equal(await status(hash), "cancelled");
  });

  it("keeps a session whose heartbeats keep coming", async () => {
    const { session, hashes } = await placeThroughSession(1);
    await session.setOptions({ cancelOnDisconnect: true, heartbeatMs: 1000, autoHeartbeat: false });
    // Heartbeats for over three periods: without them the watchdog would have fired long before the last one.
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 400));
      assert.deepEqual(await session.socket.timeout(5000).emitWithAck("heartbeat", {}), { ok: true });
    }
    assert.equal(session.socket.connected, true);
    assert.equal(await status(hashes[0]!), "open");
  });

  it("leaves the orders open without the opt-in, or after opting out", async () => {
    const plain = await placeThroughSession(2);
    const optedOut = await placeThroughSession(1);
    await optedOut.session.setOptions({ cancelOnDisconnect: true });
    assert.deepEqual(await optedOut.session.setOptions({ cancelOnDisconnect: false }), {
      cancelOnDisconnect: false,
      heartbeatMs: 10_000,
    });
    for (const s of sockets.splice(0)) s.disconnect();
    await sessionsEnded();
    for (const hash of [...plain.hashes, ...optedOut.hashes]) assert.equal(await status(hash), "open");
  });

  it("skips orders that already left the book, and never touches other makers' orders", async () => {
    const { session, hashes } = await placeThroughSession(2);
    await session.setOptions({ cancelOnDisconnect: true });
    const b = await loggedIn(relayer.url, bob, sockets);
    // Bob sells into Alice's first order: it is filled before the disconnect.
    const taker = await signedOrder(bob, 1, 10n, 1n);
    const placed = await b.place(taker.body);
    assert.ok(placed.fills.some((f) => f.makerOrderHash !== null && hashes.includes(f.makerOrderHash)));
    const filled = (await Promise.all(hashes.map(status))).indexOf("filled");
    assert.notEqual(filled, -1);
    const bobResting = await signedOrder(bob, 1, 10n, 900_000n);
    await b.place(bobResting.body);
    session.close();
    await until(() => relayer.sessions.connected === 1);
    await relayer.sessions.settled();
    for (const [i, hash] of hashes.entries()) assert.equal(await status(hash), i === filled ? "filled" : "cancelled");
    assert.equal(await status(bobResting.hash), "open");
  });

  it("refuses heartbeat intervals outside 1–60 s", async () => {
    const session = await loggedIn(relayer.url, alice, sockets);
    for (const heartbeatMs of [999, 60_001, 1.5]) {
      await assert.rejects(
        session.setOptions({ cancelOnDisconnect: true, heartbeatMs }),
        (e: any) => e.code === "INVALID_FIELD" && e.field === "heartbeatMs",
      );
    }
  });
});
