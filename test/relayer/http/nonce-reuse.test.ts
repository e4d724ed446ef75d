/**
 * A maker's used nonce over HTTP: the attack of issue 11 (a completed sell's nonce reused for a second sell, which each
 * settles alone and reverts with the first) is refused at admission with NONCE_USED, matched with nobody.
 */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { alice, bob, get, mallory, order, post, signed } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

describe("POST /v1/orders with a used nonce", function () {
  const relayer = useRelayer({ funded: [alice, bob, mallory] });

  it("refuses a sell that reuses the nonce of the maker's completed sell (422 NONCE_USED), and nobody trades with it", async () => {
    const first = await signed(alice, order(alice, 1, 30n, 3000n, { nonce: 777n }));
    const placed = await post(relayer.url, first.body);
    assert.equal(placed.status, 201, JSON.stringify(placed.json));
    const buy = await post(relayer.url, (await signed(bob, order(bob, 0, 30n, 3000n))).body);
    assert.equal(buy.json.fills.length, 1, "Bob's buy completes Alice's sell");

    const reuse = await post(relayer.url, (await signed(alice, order(alice, 1, 20n, 3000n, { nonce: 777n }))).body);
    assert.equal(reuse.status, 422, JSON.stringify(reuse.json));
    assert.equal(reuse.json.code, "NONCE_USED");
    assert.equal(reuse.json.field, "order.nonce");
    const book = await get(relayer.url, "/v1/markets/WETH-USDC/book");
    assert.deepEqual(book.json.asks, [], "the refused sell never rests");
    const second = await post(relayer.url, (await signed(bob, order(bob, 0, 20n, 3000n, { timeInForce: 1 }))).body);
    assert.deepEqual(second.json.fills ?? [], [], "a second buyer finds nothing to trade with");
  });

  it("refuses an order whose nonce the maker's live order carries (its on-chain twin)", async () => {
    const resting = await post(
      relayer.url,
      (await signed(mallory, order(mallory, 0, 50n, 2000n, { nonce: 4242n }))).body,
    );
    assert.equal(resting.status, 201);
    const twin = await post(relayer.url, (await signed(mallory, order(mallory, 0, 60n, 2001n, { nonce: 4242n }))).body);
    assert.equal(twin.status, 422);
    assert.equal(twin.json.code, "NONCE_USED");
  });
});
