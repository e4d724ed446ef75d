/** The private channel: signed login, market-maker operations with acks, and each account's own messages. Real relayer, real socket.io clients. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Socket } from "socket.io-client";
import type { Address, Hex } from "viem";
import { loginTypedData } from "../../../protocol/index.js";
import type { RunningRelayer } from "../../../relayer/app.js";
import { PrivateSession, PrivateSessionError } from "../../../relayer/client/private-session.js";
import type { LoginChallenge } from "../../../relayer/wire/private-messages.js";
import { alice, bob, fund, get, mallory, post, tempDir } from "../http/fixtures.js";
import { connect, until, useSockets } from "./fixtures.js";
import { ask, collect, loggedIn, signedOrder, startClock, startWithClock } from "./private-fixtures.js";
import { useRelayer } from "../use-relayer.js";

async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof PrivateSessionError && error.code === code);
}

describe("private socket sessions", function () {
  this.timeout(20_000);
  const clock = startClock();
  const sockets = useSockets();

  const relayer = useRelayer({ funded: [alice, bob, mallory], config: { clock: () => clock.now } });

  async function socket(): Promise<Socket> {
    const s = await connect(relayer.url);
    sockets.push(s);
    return s;
  }

  async function challengeAndSign(s: Socket, signer = alice, address: Address = alice.address) {
    const challenge: LoginChallenge = await ask(s, "auth.challenge", {});
    const login = { address, nonce: challenge.nonce, expiresAt: BigInt(challenge.expiresAt) };
    const signature = await signer.signTypedData(loginTypedData(challenge.message.domain, login));
    return { challenge, payload: { address, nonce: challenge.nonce, signature } };
  }

  describe("login", () => {
    it("logs in with a signed challenge and answers with the account's balances, as GET /v1/balances shows them", async () => {
      const session = await loggedIn(relayer.url, alice, sockets);
      assert.equal(session.address, alice.address.toLowerCase());
      const rest = await get(relayer.url, `/v1/balances/${alice.address}`);
      assert.deepEqual(session.balances, rest.json.balances);
    });

    it("hands out a random nonce that expires 60 s after the relayer's clock", async () => {
      const s = await socket();
      const a: LoginChallenge = await ask(s, "auth.challenge", {});
      const b: LoginChallenge = await ask(s, "auth.challenge", {});
      assert.match(a.nonce, /^0x[0-9a-f]{64}$/);
      assert.notEqual(a.nonce, b.nonce);
      assert.equal(a.expiresAt, clock.now + 60);
      assert.equal(a.message.primaryType, "Login");
    });

    it("refuses a nonce used once already, even by the same socket after a failed attempt", async () => {
      const s = await socket();
      const { challenge, payload } = await challengeAndSign(s, mallory, alice.address);
      assert.equal((await ask(s, "auth.login", payload)).error.code, "SIGNATURE_WRONG_SIGNER");
      const login = { address: alice.address, nonce: payload.nonce, expiresAt: BigInt(challenge.expiresAt) };
      const honest = await alice.signTypedData(loginTypedData(challenge.message.domain, login));
      const replay = await ask(s, "auth.login", { ...payload, signature: honest });
      assert.equal(replay.error.code, "CHALLENGE_NOT_FOUND");
      assert.equal(replay.error.field, "nonce");
    });

    it("refuses a replayed login on another socket", async () => {
      const first = await socket();
      const { payload } = await challengeAndSign(first);
      assert.equal((await ask(first, "auth.login", payload)).address, alice.address.toLowerCase());
      const second = await socket();
      assert.equal((await ask(second, "auth.login", payload)).error.code, "CHALLENGE_NOT_FOUND");
      assert.equal((await ask(first, "auth.login", payload)).error.code, "ALREADY_AUTHENTICATED");
    });

    it("refuses a challenge past its expiry", async () => {
      const s = await socket();
      const { payload } = await challengeAndSign(s);
      clock.now += 61;
      try {
        const answer = await ask(s, "auth.login", payload);
        assert.equal(answer.error.code, "CHALLENGE_EXPIRED");
      } finally {
        clock.now -= 61;
      }
    });

    it("refuses a login signed by another key with 401's SIGNATURE_WRONG_SIGNER, and leaves the socket logged out", async () => {
      const s = await socket();
      const { payload } = await challengeAndSign(s, mallory, bob.address);
      const answer = await ask(s, "auth.login", payload);
      assert.equal(answer.error.code, "SIGNATURE_WRONG_SIGNER");
      assert.equal(answer.error.field, "signature");
      assert.equal((await ask(s, "orders.cancelAll", {})).error.code, "NOT_AUTHENTICATED");
    });

    it("refuses malformed login payloads naming the field", async () => {
      const s = await socket();
      const { payload } = await challengeAndSign(s);
      assert.deepEqual((await ask(s, "auth.login", { ...payload, extra: 1 })).error.code, "UNKNOWN_FIELD");
      assert.deepEqual((await ask(s, "auth.login", { ...payload, address: "0x12" })).error.field, "address");
    });

    it("refuses every private operation before login with NOT_AUTHENTICATED", async () => {
      const s = await socket();
      const { body } = await signedOrder(alice, 0, 10n, 2000n);
      for (const [event, payload] of [
        ["orders.place", body],
        ["orders.placeBatch", { orders: [body] }],
        ["orders.cancel", { orderHash: `0x${"11".repeat(32)}` }],
        ["orders.cancelAll", {}],
        ["session.options", { cancelOnDisconnect: true }],
      ] as const) {
        assert.equal((await ask(s, event, payload)).error.code, "NOT_AUTHENTICATED", event);
      }
    });
  });

  describe("market-maker operations", () => {
    it("places an order with an ack equal to POST /v1/orders's 201 body, and GET shows it open", async () => {
      const session = await loggedIn(relayer.url, alice, sockets);
      const { body, hash } = await signedOrder(alice, 0, 50n, 1000n);
      const placed = await session.place(body);
      assert.equal(placed.orderHash, hash);
      assert.equal(placed.status, "open");
      assert.equal(placed.remaining, (50n * 10n ** 15n).toString());
      assert.deepEqual(placed.fills, []);
      assert.equal((await get(relayer.url, `/v1/orders/${hash}`)).json.status, "open");
    });

    it("answers a refused order with the same error as the HTTP API", async () => {
      const session = await loggedIn(relayer.url, alice, sockets);
      const { body } = await signedOrder(alice, 0, 50n, 1001n);
      await session.place(body);
      const http = await post(relayer.url, body);
      assert.equal(http.status, 409);
      await rejects(session.place(body), http.json.code);
    });

    it("refuses to place another maker's order, even one that maker signed", async () => {
      const session = await loggedIn(relayer.url, alice, sockets);
      const { body, hash } = await signedOrder(bob, 0, 50n, 1002n);
      await rejects(session.place(body), "MAKER_NOT_SESSION_ACCOUNT");
      assert.equal((await get(relayer.url, `/v1/orders/${hash}`)).status, 404);
    });

    it("places a batch concurrently and answers each order in request order, errors in place", async () => {
      const session = await loggedIn(relayer.url, alice, sockets);
      const orders = [
        await signedOrder(alice, 0, 10n, 1100n),
        await signedOrder(bob, 0, 10n, 1101n),
        await signedOrder(alice, 0, 10n, 1102n),
      ];
      const results = await session.placeBatch(orders.map((o) => o.body));
      assert.equal(results.length, 3);
      assert.equal((results[0] as any).orderHash, orders[0]!.hash);
      assert.equal((results[1] as any).error.code, "MAKER_NOT_SESSION_ACCOUNT");
      assert.equal((results[2] as any).orderHash, orders[2]!.hash);
      for (const i of [0, 2])
        assert.equal((await get(relayer.url, `/v1/orders/${orders[i]!.hash}`)).json.status, "open");
    });

    it("refuses a batch of more than 100 orders, or none", async () => {
      const session = await loggedIn(relayer.url, alice, sockets);
      await rejects(session.placeBatch(new Array(101).fill({})), "INVALID_FIELD");
      await rejects(session.placeBatch([]), "INVALID_FIELD");
    });

    it("cancels its own order without a signature, and not another maker's (ORDER_NOT_FOUND)", async () => {
      const a = await loggedIn(relayer.url, alice, sockets);
      const b = await loggedIn(relayer.url, bob, sockets);
      const { body, hash } = await signedOrder(bob, 0, 20n, 1200n);
      await b.place(body);
      await rejects(a.cancel(hash), "ORDER_NOT_FOUND");
      assert.equal((await get(relayer.url, `/v1/orders/${hash}`)).json.status, "open");
      const cancelled = await b.cancel(hash);
      assert.deepEqual(
        { orderHash: cancelled.orderHash, status: cancelled.status },
        { orderHash: hash, status: "cancelled" },
      );
      assert.equal((await get(relayer.url, `/v1/orders/${hash}`)).json.status, "cancelled");
      await rejects(b.cancel(hash), "ORDER_NOT_FOUND");
    });

    it("cancels all of its open orders in one market, then everywhere, leaving other makers' alone", async () => {
      const a = await loggedIn(relayer.url, alice, sockets);
      const b = await loggedIn(relayer.url, bob, sockets);
      const mine = [await signedOrder(alice, 0, 10n, 1300n), await signedOrder(alice, 0, 10n, 1301n)];
      for (const o of mine) await a.place(o.body);
      const theirs = await signedOrder(bob, 0, 10n, 1302n);
      await b.place(theirs.body);
      await rejects(a.cancelAll("NOPE-USDC"), "UNKNOWN_MARKET");
      const inMarket = await a.cancelAll("WETH-USDC");
      for (const o of mine) {
        assert.ok(inMarket.cancelled.includes(o.hash));
        assert.equal((await get(relayer.url, `/v1/orders/${o.hash}`)).json.status, "cancelled");
      }
      assert.equal((await get(relayer.url, `/v1/orders/${theirs.hash}`)).json.status, "open");
      // Without a payload (the ack alone): every market; nothing is left to cancel.
      const again = await a.socket.timeout(5000).emitWithAck("orders.cancelAll");
      assert.deepEqual(again.cancelled, []);
    });
  });

  describe("private messages", () => {
    it("tells both makers of a crossing trade about their own fill, order and balances, in seq order", async () => {
      const a = await loggedIn(relayer.url, alice, sockets);
      const b = await loggedIn(relayer.url, bob, sockets);
      const [aFills, bFills, aOrders, bOrders, aBalances, bBalances] = [
        collect(a, "fill"),
        collect(b, "fill"),
        collect(a, "order"),
        collect(b, "order"),
        collect(a, "balance"),
        collect(b, "balance"),
      ];
      const buy = await signedOrder(alice, 0, 40n, 5000n);
      const sell = await signedOrder(bob, 1, 40n, 5000n);
      await a.place(buy.body);
      const taken = await b.place(sell.body);
      assert.equal(taken.status, "filled");
      await until(() => aFills.length === 1 && bFills.length === 1);
      const [af, bf] = [aFills[0]!, bFills[0]!];
      assert.equal(af.fillId, bf.fillId);
      assert.equal(typeof af.fillId, "number");
      assert.deepEqual(
        { hash: af.orderHash, side: af.side, role: af.role },
        { hash: buy.hash, side: "buy", role: "maker" },
      );
      assert.deepEqual(
        { hash: bf.orderHash, side: bf.side, role: bf.role },
        { hash: sell.hash, side: "sell", role: "taker" },
      );
      assert.equal(af.baseAmount, (40n * 10n ** 15n).toString());
      assert.equal(af.baseAmount, bf.baseAmount);
      assert.equal(af.quoteAmount, bf.quoteAmount);
      assert.equal(af.seq, taken.seq);

      await until(
        () =>
          aOrders.some((o) => o.orderHash === buy.hash && o.status === "filled") &&
          bOrders.some((o) => o.orderHash === sell.hash),
      );
      assert.deepEqual(
        aOrders.map((o) => [o.orderHash, o.status]),
        [
          [buy.hash, "open"],
          [buy.hash, "filled"],
        ],
      );
      assert.deepEqual(
        bOrders.map((o) => [o.orderHash, o.status, o.filled, o.remaining]),
        [[sell.hash, "filled", (40n * 10n ** 15n).toString(), "0"]],
      );
      for (const list of [aOrders, bOrders, aFills])
        for (let i = 1; i < list.length; i++) assert.ok(list[i]!.seq >= list[i - 1]!.seq);

      // The last balance message of each token is what GET /v1/balances says now.
      for (const [who, seen] of [
        [alice, aBalances],
        [bob, bBalances],
      ] as const) {
        await until(() => seen.some((m) => m.seq >= taken.seq));
        const latest = new Map<string, unknown>();
        for (const m of seen) for (const entry of m.balances) latest.set(entry.token, entry);
        const rest = (await get(relayer.url, `/v1/balances/${who.address}`)).json.balances as { token: string }[];
        for (const entry of rest) if (latest.has(entry.token)) assert.deepEqual(latest.get(entry.token), entry);
        assert.ok(
          rest.some((e: any) => e.pendingIn !== "0"),
          "the fill is pending settlement",
        );
        assert.ok(
          [...latest.values()].some((e: any) => e.pendingIn !== "0"),
          "and the session was told",
        );
      }
    });

    it("ends every order's updates in the state GET /v1/orders/:hash shows, after concurrent crossing orders", async () => {
      const a = await loggedIn(relayer.url, alice, sockets);
      const b = await loggedIn(relayer.url, bob, sockets);
      const updates = collect(a, "order");
      const bUpdates = collect(b, "order");
      const orders = [];
      for (let i = 0; i < 12; i++)
        orders.push(await signedOrder(alice, 0, 10n + BigInt(i % 3) * 10n, 7000n + BigInt(i % 4)));
      const sells = [];
      for (let i = 0; i < 8; i++) sells.push(await signedOrder(bob, 1, 20n, 7000n + BigInt(i % 2)));
      // Concurrently: the acks share group commits, and the index lags the listeners.
      await Promise.all([a.placeBatch(orders.map((o) => o.body)), b.placeBatch(sells.map((o) => o.body))]);
      for (const [list, placed] of [
        [updates, orders],
        [bUpdates, sells],
      ] as const) {
        for (const { hash } of placed) {
          const rest = (await get(relayer.url, `/v1/orders/${hash}`)).json;
          await until(() =>
            list.some((u) => u.orderHash === hash && u.status === rest.status && u.filled === rest.filled),
          );
          const last = list.filter((u) => u.orderHash === hash).at(-1)!;
          assert.deepEqual(
            [last.status, last.filled, last.remaining],
            [rest.status, rest.filled, rest.remaining],
            hash,
          );
        }
      }
      assert.ok(
        updates.some((u) => u.status === "filled" || u.status === "partially-filled"),
        "some orders crossed",
      );
    });

    it("answers an order its maker cannot pay for in the ack alone: refused before sequencing, no order update follows", async () => {
      const a = await loggedIn(relayer.url, alice, sockets);
      const updates = collect(a, "order");
      const huge = await signedOrder(alice, 0, 10n ** 9n, 900_000n);
      await rejects(a.place(huge.body), "INSUFFICIENT_BALANCE");
      const next = await signedOrder(alice, 0, 10n, 900n);
      await a.place(next.body);
      await until(() => updates.some((u) => u.orderHash === next.hash));
      assert.deepEqual(
        updates.map((u) => u.orderHash),
        [next.hash],
      );
    });

    it("tells a session about a deposit credited to its account", async () => {
      const a = await loggedIn(relayer.url, alice, sockets);
      const balances = collect(a, "balance");
      const ack = await relayer.services.trading.submitLedger({
        type: "deposit-credited",
        depositId: "extra-alice",
        account: alice.address,
        token: relayer.services.markets.list()[0]!.quote.address,
        amount: 7n,
      });
      await until(() => balances.some((m) => m.seq === ack.seq));
      const rest = (await get(relayer.url, `/v1/balances/${alice.address}`)).json.balances;
      assert.deepEqual(
        balances.at(-1)!.balances,
        rest.filter((e: any) => e.token === balances.at(-1)!.balances[0]!.token),
      );
    });

    it("keeps one account's messages from another account's sessions", async () => {
      const m = await loggedIn(relayer.url, mallory, sockets);
      const b = await loggedIn(relayer.url, bob, sockets);
      const seen = [...(["order", "fill", "balance"] as const).map((e) => collect(m, e))];
      const { body } = await signedOrder(bob, 0, 10n, 1400n);
      await b.place(body);
      // Mallory hears nothing of Bob's order; an order of her own proves her socket was listening.
      const own = await signedOrder(mallory, 0, 10n, 1401n);
      await m.place(own.body);
      await until(() => seen[0]!.length > 0);
      assert.deepEqual(
        seen[0]!.map((o: any) => o.orderHash),
        [own.hash],
      );
      assert.deepEqual(seen[1], []);
    });

    it("delivers settlement notices to the makers of the fills named", async () => {
      const a = await loggedIn(relayer.url, alice, sockets);
      const b = await loggedIn(relayer.url, bob, sockets);
      const aFills = collect(a, "fill");
      const [aNotes, bNotes] = [collect(a, "settlement"), collect(b, "settlement")];
      await a.place((await signedOrder(alice, 0, 10n, 6000n)).body);
      await b.place((await signedOrder(bob, 1, 10n, 6000n)).body);
      await until(() => aFills.length === 1);
      const fillId = aFills[0]!.fillId!;
      const txHash: Hex = `0x${"ab".repeat(32)}`;
      relayer.privateFeed.publishSettlement({ fillIds: [fillId], state: "submitted", txHash });
      await until(() => aNotes.length === 1 && bNotes.length === 1);
      assert.deepEqual(aNotes[0], { fillIds: [fillId], state: "submitted", txHash });
      assert.deepEqual(bNotes[0], aNotes[0]);
    });
  });

  describe("after a restart", () => {
    it("reports fills of orders placed before the restart with their whole history", async () => {
      const restartDir = await tempDir();
      const first = await startWithClock(restartDir.path, startClock());
      let second: RunningRelayer | undefined;
      try {
        await fund(first, [alice, bob]);
        const resting = await signedOrder(alice, 0, 30n, 4000n);
        assert.equal((await post(first.url, resting.body)).status, 201);
        assert.equal((await post(first.url, (await signedOrder(bob, 1, 10n, 4000n)).body)).status, 201);
        await first.close();
        second = await startWithClock(restartDir.path, startClock());
        const s = await connect(second.url);
        sockets.push(s);
        const a = await PrivateSession.login(s, alice);
        const updates = collect(a, "order");
        assert.equal((await post(second.url, (await signedOrder(bob, 1, 10n, 4000n)).body)).status, 201);
        await until(() => updates.length === 1);
        const lot = 10n ** 15n;
        assert.deepEqual(
          [updates[0]!.orderHash, updates[0]!.status, updates[0]!.filled, updates[0]!.remaining],
          [resting.hash, "partially-filled", (20n * lot).toString(), (10n * lot).toString()],
        );
      } finally {
        await (second ?? first).close().catch(() => {});
        await restartDir.remove();
      }
    });
  });

  describe("contract accounts", () => {
    it("log in through EIP-1271 when a wallet checker is configured", async () => {
      const wallet: Address = "0x00000000000000000000000000000000000c0de1";
      const magic: Hex = "0x1271";
      const walletDir = await tempDir();
      const answers = {
        check: async (account: Address, _hash: Hex, signature: Hex) =>
          account === wallet && signature === magic
            ? { valid: true as const }
            : { valid: false as const, reason: "WRONG_ANSWER" as const },
      };
      const withWallets = await startWithClock(walletDir.path, startClock(), answers);
      try {
        const s = await connect(withWallets.url);
        sockets.push(s);
        const challenge: LoginChallenge = await ask(s, "auth.challenge", {});
        const refused = await ask(s, "auth.login", { address: wallet, nonce: challenge.nonce, signature: "0x1272" });
        assert.equal(refused.error.code, "WALLET_REFUSED");
        const again: LoginChallenge = await ask(s, "auth.challenge", {});
        const accepted = await ask(s, "auth.login", { address: wallet, nonce: again.nonce, signature: magic });
        assert.equal(accepted.address, wallet);
      } finally {
        await withWallets.close();
        await walletDir.remove();
      }
    });
  });
});
