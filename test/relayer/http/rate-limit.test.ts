/** Rate limits: token buckets per client IP and per signer address, 429 with Retry-After, refilled by the injected clock. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Address } from "viem";
import { EIP712_TYPES, withdrawalTypedData } from "../../../protocol/index.js";
import { TokenBuckets } from "../../../relayer/http/index.js";
import { alice, bob, DOMAIN, get, mallory, order, postJson, signed, start, tempDir } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

describe("relayer/http/rate-limit: TokenBuckets", () => {
  it("lets a full bucket's burst through, then refuses with the wait until the next token", () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 3, refillPerSecond: 2 }, () => now);
    assert.deepEqual([buckets.take("a"), buckets.take("a"), buckets.take("a")], [0, 0, 0]);
    assert.equal(buckets.take("a"), 500);
    assert.equal(buckets.take("b"), 0, "another key has its own bucket");
    now = 499;
    assert.ok(buckets.take("a") > 0);
    now = 500;
    assert.equal(buckets.take("a"), 0);
    now = 60_000;
    assert.equal(buckets.take("a", 3), 0, "refills up to the capacity, not beyond");
    assert.equal(buckets.take("a"), 500);
  });

  it("charges a cost above the capacity as the capacity, and takes nothing when refusing", () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 4, refillPerSecond: 1 }, () => now);
    assert.equal(buckets.take("a", 10), 0);
    assert.equal(buckets.take("a", 2), 2000);
    now = 1000;
    assert.equal(buckets.take("a", 2), 1000, "the refused take did not spend the token that came");
    now = 2000;
    assert.equal(buckets.take("a", 2), 0);
  });

  it("forgets full buckets when it holds too many", () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1 }, () => now, 2);
    buckets.take("a");
    buckets.take("b");
    now = 5000;
    buckets.take("c");
    assert.equal(buckets.size, 1);
  });

  it("refuses a bucket that can never fill", () => {
    assert.throws(() => new TokenBuckets({ capacity: 0, refillPerSecond: 1 }, () => 0), RangeError);
    assert.throws(() => new TokenBuckets({ capacity: 1, refillPerSecond: 0 }, () => 0), RangeError);
  });
});

describe("relayer HTTP rate limits", function () {
  let now = 0;
  let nonce = 1n;

  const relayer = useRelayer({
    funded: [alice, bob],
    config: {
      verifierThreads: 0,
      rateLimits: {
        perIp: { capacity: 10, refillPerSecond: 1 },
        perAddress: { capacity: 2, refillPerSecond: 1 },
        clock: () => now,
      },
    },
  });

  /** A fresh order of `maker` signed by `signer`. */
  const body = async (maker = alice, signer = maker) =>
    (await signed(signer, order(maker, 0, 10n, 1000n, { nonce: nonce++ }))).body;
  const refill = () => (now += 60_000);

  it("refuses a maker's orders beyond its bucket with 429 RATE_LIMITED and Retry-After, changing nothing, until it refills", async () => {
    refill();
    assert.equal((await postJson(relayer.url, "/v1/orders", await body())).status, 201);
    assert.equal((await postJson(relayer.url, "/v1/orders", await body())).status, 201);
    const seq = (await get(relayer.url, "/health")).json.sequencer.lastSeq;
    const hash = relayer.services.trading.stateHash();

    const limited = await postJson(relayer.url, "/v1/orders", await body());
    assert.equal(limited.status, 429);
    assert.equal(limited.json.code, "RATE_LIMITED");
    assert.equal(typeof limited.json.message, "string");
    assert.equal(limited.headers.get("retry-after"), "1");
    assert.equal((await get(relayer.url, "/health")).json.sequencer.lastSeq, seq);
    assert.equal(relayer.services.trading.stateHash(), hash);

    assert.equal(
      (await postJson(relayer.url, "/v1/orders", await body(bob))).status,
      201,
      "another maker has its own bucket",
    );
    now += 1000;
    assert.equal(
      (await postJson(relayer.url, "/v1/orders", await body())).status,
      201,
      "one token came back after a second",
    );
    assert.equal((await postJson(relayer.url, "/v1/orders", await body())).status, 429);
  });

  it("does not spend a maker's tokens on messages others signed in its name", async () => {
    refill();
    for (let i = 0; i < 3; i++)
      assert.equal(
        (await postJson(relayer.url, "/v1/orders", await body(alice, mallory))).json.code,
        "SIGNATURE_WRONG_SIGNER",
      );
    assert.equal((await postJson(relayer.url, "/v1/orders", await body())).status, 201);
  });

  it("limits cancels and withdrawals by the signer's address too", async () => {
    refill();
    const message = { maker: alice.address.toLowerCase() as Address, orderHash: `0x${"11".repeat(32)}` as const };
    const signature = await alice.signTypedData({
      domain: DOMAIN,
      types: EIP712_TYPES,
      primaryType: "CancelOrder",
      message,
    });
    const cancel = (hash: string) =>
      fetch(`${relayer.url}/v1/orders/${hash}`, {
        method: "DELETE",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ cancel: message, signature }),
      });
    assert.equal((await cancel(message.orderHash)).status, 404);
    assert.equal((await cancel(message.orderHash)).status, 404);
    assert.equal((await cancel(message.orderHash)).status, 429);

    refill();
    const w = {
      account: bob.address.toLowerCase() as Address,
      token: "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0" as Address,
      amount: 1n,
      recipient: bob.address.toLowerCase() as Address,
      nonce: 0n,
      expiry: 0n,
    };
    const statuses = [];
    for (let i = 1n; i <= 3n; i++) {
      const msg = { ...w, nonce: i };
      const sig = await bob.signTypedData(withdrawalTypedData(DOMAIN, msg));
      const res = await postJson(relayer.url, "/v1/withdrawals", {
        withdrawal: { ...msg, amount: "1", nonce: i.toString(), expiry: "0" },
        signature: sig,
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [201, 201, 429]);
  });

  it("refuses a client IP beyond its bucket on any /v1 route, a batch paying one token per order", async () => {
    refill();
    const batch = await postJson(relayer.url, "/v1/orders/batch", { orders: [await body(), await body(bob)] });
    assert.equal(batch.status, 200);
    for (let i = 0; i < 8; i++) assert.equal((await get(relayer.url, "/v1/info")).status, 200);
    const limited = await fetch(`${relayer.url}/v1/info`);
    assert.equal(limited.status, 429);
    assert.equal(((await limited.json()) as { code: string }).code, "RATE_LIMITED");
    assert.equal(limited.headers.get("retry-after"), "1");
    assert.equal((await get(relayer.url, "/health")).status, 200, "/health is not limited");
    const again = await postJson(relayer.url, "/v1/orders/batch", { orders: [await body(bob)] });
    assert.equal(again.status, 429);
    now += 3000;
    assert.equal((await get(relayer.url, "/v1/info")).status, 200);
  });

  it("can be switched off", async () => {
    const offDir = await tempDir();
    const off = await start(offDir.path, { verifierThreads: 0, rateLimits: false });
    try {
      for (let i = 0; i < 30; i++) assert.equal((await get(off.url, "/v1/info")).status, 200);
    } finally {
      await off.close();
      await offDir.remove();
    }
  });
});
