/** Socket sessions pay the per-address rate limit of HTTP admission: the same bucket, taken once the order's signature is checked. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { PrivateSessionError } from "../../../relayer/client/private-session.js";
import { alice, bob, get, mallory, post } from "../http/fixtures.js";
import { loggedIn, signedOrder } from "./private-fixtures.js";
import { useRelayer } from "../use-relayer.js";
import { useSockets } from "./fixtures.js";

describe("relayer/ws/session: per-address rate limit", function () {
  this.timeout(20_000);
  let now = 0;
  const sockets = useSockets();
  const refill = () => (now += 60_000);
  const lastSeq = async () => (await get(relayer.url, "/health")).json.sequencer.lastSeq as number;

  const relayer = useRelayer({
    funded: [alice, bob],
    config: {
      verifierThreads: 0,
      rateLimits: {
        perIp: { capacity: 1_000, refillPerSecond: 1_000 },
        perAddress: { capacity: 2, refillPerSecond: 1 },
        clock: () => now,
      },
    },
  });

  it("refuses a session's order beyond its maker's bucket with RATE_LIMITED, changing nothing, until it refills", async () => {
    refill();
    const session = await loggedIn(relayer.url, alice, sockets);
    await session.place((await signedOrder(alice, 0, 10n, 900n)).body);
    await session.place((await signedOrder(alice, 0, 10n, 901n)).body);
    const seq = await lastSeq();
    const hash = relayer.services.trading.stateHash();

    const refused = await signedOrder(alice, 0, 10n, 902n);
    await assert.rejects(
      session.place(refused.body),
      (error: unknown) => error instanceof PrivateSessionError && error.code === "RATE_LIMITED",
    );
    assert.equal(await lastSeq(), seq);
    assert.equal(relayer.services.trading.stateHash(), hash);
    assert.equal((await get(relayer.url, `/v1/orders/${refused.hash}`)).status, 404);

    now += 1000;
    assert.equal((await session.place(refused.body)).orderHash, refused.hash, "one token came back after a second");
  });

  it("limits each order of a batch, answering the ones beyond the bucket with RATE_LIMITED in place", async () => {
    refill();
    const session = await loggedIn(relayer.url, alice, sockets);
    const orders = [
      await signedOrder(alice, 0, 10n, 910n),
      await signedOrder(alice, 0, 10n, 911n),
      await signedOrder(alice, 0, 10n, 912n),
    ];
    const results = await session.placeBatch(orders.map((o) => o.body));
    const codes = results.map((r) => ("error" in r ? (r as { error: { code: string } }).error.code : "placed"));
    assert.deepEqual([...codes].sort(), ["RATE_LIMITED", "placed", "placed"]);
  });

  it("draws from the same bucket as the maker's HTTP orders", async () => {
    refill();
    assert.equal((await post(relayer.url, (await signedOrder(alice, 0, 10n, 920n)).body)).status, 201);
    assert.equal((await post(relayer.url, (await signedOrder(alice, 0, 10n, 921n)).body)).status, 201);
    const session = await loggedIn(relayer.url, alice, sockets);
    await assert.rejects(
      session.place((await signedOrder(alice, 0, 10n, 922n)).body),
      (error: unknown) => error instanceof PrivateSessionError && error.code === "RATE_LIMITED",
    );
  });

  it("does not spend the maker's tokens on orders another key signed in its name", async () => {
    refill();
    const session = await loggedIn(relayer.url, alice, sockets);
    for (let i = 0; i < 3; i++) {
      const forged = await signedOrder(alice, 0, 10n, 930n, mallory);
      await assert.rejects(
        session.place(forged.body),
        (error: unknown) => error instanceof PrivateSessionError && error.code === "SIGNATURE_WRONG_SIGNER",
      );
    }
    await session.place((await signedOrder(alice, 0, 10n, 931n)).body);
    const other = await loggedIn(relayer.url, bob, sockets);
    await other.place((await signedOrder(bob, 0, 10n, 932n)).body);
  });
});
