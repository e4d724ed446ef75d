/** GET /v1/orders, GET /v1/fills, GET /v1/markets/:id/trades: read models from the ack stream, cursor pages, restart. */
import assert from "node:assert/strict";
import { before, describe, it } from "mocha";
import type { PrivateKeyAccount } from "viem/accounts";
import type { Address, Hex } from "viem";
import { EIP712_TYPES } from "../../../protocol/index.js";
import { alice, bob, DOMAIN, get, mallory, order, post, signed } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

async function place(maker: PrivateKeyAccount, side: 0 | 1, lots: bigint, price: bigint, nonce: bigint): Promise<Hex> {
  const { body, hash } = await signed(maker, order(maker, side, lots, price, { nonce }));
  const res = await post(relayerUrl, body);
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return hash;
}

async function cancel(maker: PrivateKeyAccount, orderHash: Hex): Promise<void> {
  const message = { maker: maker.address.toLowerCase() as Address, orderHash };
  const signature = await maker.signTypedData({
    domain: DOMAIN,
    types: EIP712_TYPES,
    primaryType: "CancelOrder",
    message,
  });
  const res = await fetch(`${relayerUrl}/v1/orders/${orderHash}`, {
    method: "DELETE",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ cancel: message, signature }),
  });
  assert.equal(res.status, 200, await res.text());
}

/** Every item of a list, walking pages of `limit`; asserts the walk ends with nextCursor null. */
async function walk(path: string, limit: number): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  const sep = path.includes("?") ? "&" : "?";
  for (let pages = 0; pages < 100; pages++) {
    const res = await get(relayerUrl, `${path}${sep}limit=${limit}${cursor === null ? "" : `&cursor=${cursor}`}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.ok(res.json.items.length <= limit);
    items.push(...res.json.items);
    cursor = res.json.nextCursor;
    if (cursor === null) return items;
    assert.equal(typeof cursor, "string");
  }
  throw new Error("no last page");
}

let relayerUrl = "";

describe("relayer HTTP list reads", function () {
  const h: Record<string, Hex> = {};

  const relayer = useRelayer({ funded: [alice, bob] });

  before(async () => {
    relayerUrl = relayer.url;
    h.a1 = await place(alice, 0, 1000n, 3000n, 1n); // rests: buy 1000 @ 3000
    h.b1 = await place(bob, 1, 400n, 2990n, 1n); // fill 1: 400 lots, maker a1, taker b1 (filled)
    h.a2 = await place(alice, 1, 20n, 4000n, 2n); // rests: sell 20 @ 4000
    h.b2 = await place(bob, 0, 10n, 4000n, 2n); // fill 2: 10 lots, maker a2, taker b2 (filled)
    h.b3 = await place(bob, 1, 100n, 5000n, 3n); // rests, then cancelled
    h.b4 = await place(bob, 1, 50n, 6000n, 4n); // rests, open
    await cancel(bob, h.b3);
  });

  const hashes = (items: any[]) => items.map((o) => o.orderHash);
  const fillPairs = (items: any[]) => items.map((f) => [f.makerOrderHash, f.takerOrderHash]);

  async function checkLists(): Promise<void> {
    const aliceOrders = (await get(relayerUrl, `/v1/orders?maker=${alice.address}`)).json;
    assert.deepEqual(hashes(aliceOrders.items), [h.a2, h.a1]);
    assert.equal(aliceOrders.nextCursor, null);
    assert.deepEqual(
      aliceOrders.items.map((o: any) => o.status),
      ["partially-filled", "partially-filled"],
    );
    assert.equal(aliceOrders.items[1].filled, (400n * 10n ** 15n).toString());
    const bobOrders = (await get(relayerUrl, `/v1/orders?maker=${bob.address.toLowerCase()}`)).json;
    assert.deepEqual(hashes(bobOrders.items), [h.b4, h.b3, h.b2, h.b1]);
    assert.deepEqual(
      bobOrders.items.map((o: any) => o.status),
      ["open", "cancelled", "filled", "filled"],
    );
    assert.deepEqual(hashes((await get(relayerUrl, "/v1/orders")).json.items), [h.b4, h.b3, h.b2, h.a2, h.b1, h.a1]);

    const aliceFills = (await get(relayerUrl, `/v1/fills?maker=${alice.address}`)).json;
    assert.deepEqual(fillPairs(aliceFills.items), [
      [h.a2, h.b2],
      [h.a1, h.b1],
    ]);
    assert.equal(aliceFills.nextCursor, null);
    const [f2, f1] = aliceFills.items;
    assert.deepEqual(
      { ...f1, fillId: undefined, seq: undefined, time: undefined },
      {
        fillId: undefined,
        seq: undefined,
        time: undefined,
        market: "WETH-USDC",
        priceTicks: 3000,
        takerSide: "sell",
        maker: alice.address.toLowerCase(),
        taker: bob.address.toLowerCase(),
        makerOrderHash: h.a1,
        takerOrderHash: h.b1,
        baseAmount: (400n * 10n ** 15n).toString(),
        quoteAmount: (400n * 3000n * 1000n).toString(),
        makerFee: f1.makerFee,
        takerFee: f1.takerFee,
        settlement: null, // this relayer runs no settler
      },
    );
    assert.equal(typeof f1.fillId, "number");
    assert.ok(f2.seq > f1.seq && f2.fillId !== f1.fillId);
    assert.match(f1.makerFee, /^[0-9]+$/);
    assert.match(f1.takerFee, /^[0-9]+$/);
    assert.equal(f2.takerSide, "buy");
    assert.equal(f2.baseAmount, (10n * 10n ** 15n).toString());
    assert.deepEqual((await get(relayerUrl, `/v1/fills?maker=${bob.address}`)).json, aliceFills);
    assert.deepEqual((await get(relayerUrl, "/v1/markets/WETH-USDC/trades")).json, aliceFills);
    assert.deepEqual((await get(relayerUrl, "/v1/markets/WBTC-USDC/trades")).json, { items: [], nextCursor: null });
    assert.deepEqual((await get(relayerUrl, `/v1/fills?maker=${mallory.address}`)).json, {
      items: [],
      nextCursor: null,
    });
    assert.deepEqual((await get(relayerUrl, `/v1/orders?maker=${mallory.address}`)).json, {
      items: [],
      nextCursor: null,
    });
  }

  it("lists each maker's orders, fills and the market's trades, newest first", checkLists);

  it("filters orders by status and market", async () => {
    const q = (query: string) =>
      get(relayerUrl, `/v1/orders?maker=${bob.address}&${query}`).then((r) => hashes(r.json.items));
    assert.deepEqual(await q("status=filled"), [h.b2, h.b1]);
    assert.deepEqual(await q("status=open"), [h.b4]);
    assert.deepEqual(await q("status=cancelled"), [h.b3]);
    assert.deepEqual(await q("status=expired"), []);
    assert.deepEqual(await q("market=WETH-USDC&status=filled"), [h.b2, h.b1]);
    assert.deepEqual(await q("market=WBTC-USDC"), []);
  });

  it("walks every item once with limit 1 and ends with nextCursor null", async () => {
    for (const [path, all] of [
      [`/v1/orders?maker=${bob.address}`, [h.b4, h.b3, h.b2, h.b1]],
      [`/v1/orders?maker=${bob.address}&status=filled`, [h.b2, h.b1]],
      ["/v1/orders", [h.b4, h.b3, h.b2, h.a2, h.b1, h.a1]],
    ] as const) {
      assert.deepEqual(hashes(await walk(path, 1)), all, path);
      assert.deepEqual(hashes(await walk(path, 4)), all, path);
    }
    const fills = (await get(relayerUrl, `/v1/fills?maker=${alice.address}`)).json.items;
    for (const path of [
      `/v1/fills?maker=${alice.address}`,
      `/v1/fills?maker=${bob.address}`,
      "/v1/markets/WETH-USDC/trades",
    ]) {
      assert.deepEqual(await walk(path, 1), fills, path);
    }
  });

  it("refuses bad query fields with 400 INVALID_FIELD naming the field", async () => {
    const cases: [string, string][] = [
      ["/v1/orders?maker=0x1234", "maker"],
      [`/v1/orders?maker=${alice.address}00`, "maker"],
      [`/v1/orders?maker=${alice.address}&maker=${bob.address}`, "maker"],
      ["/v1/orders?status=done", "status"],
      ["/v1/orders?status=pending", "status"],
      ["/v1/orders?limit=0", "limit"],
      ["/v1/orders?limit=101", "limit"],
      ["/v1/orders?limit=abc", "limit"],
      ["/v1/orders?cursor=!!", "cursor"],
      [`/v1/orders?cursor=${Buffer.from("nope").toString("base64url")}`, "cursor"],
      ["/v1/fills", "maker"],
      ["/v1/fills?maker=nothex", "maker"],
      [`/v1/fills?maker=${alice.address}&limit=-1`, "limit"],
      [`/v1/fills?maker=${alice.address}&cursor=abc`, "cursor"],
      ["/v1/markets/WETH-USDC/trades?limit=1.5", "limit"],
      ["/v1/markets/WETH-USDC/trades?cursor=", "cursor"],
    ];
    for (const [path, field] of cases) {
      const { status, json } = await get(relayerUrl, path);
      assert.deepEqual([status, json.code, json.field], [400, "INVALID_FIELD", field], path);
    }
  });

  it("answers an unknown market with 422 UNKNOWN_MARKET", async () => {
    const trades = await get(relayerUrl, "/v1/markets/DOGE-USDC/trades");
    assert.deepEqual([trades.status, trades.json.code], [422, "UNKNOWN_MARKET"]);
    const orders = await get(relayerUrl, "/v1/orders?market=DOGE-USDC");
    assert.deepEqual([orders.status, orders.json.code, orders.json.field], [422, "UNKNOWN_MARKET", "market"]);
  });

  it("rebuilds the same lists after a restart", async () => {
    const paths = [
      `/v1/orders?maker=${alice.address}`,
      `/v1/orders?maker=${bob.address}`,
      "/v1/orders?limit=2",
      `/v1/fills?maker=${alice.address}&limit=1`,
      `/v1/fills?maker=${bob.address}`,
      "/v1/markets/WETH-USDC/trades",
    ];
    const beforeRestart = await Promise.all(paths.map((p) => get(relayerUrl, p).then((r) => r.json)));
    await relayer.restart();
    relayerUrl = relayer.url;
    const afterRestart = await Promise.all(paths.map((p) => get(relayerUrl, p).then((r) => r.json)));
    assert.deepEqual(afterRestart, beforeRestart);
    await checkLists();
    // A cursor from before the restart still names the same place.
    const page2 = (await get(relayerUrl, `/v1/orders?limit=2&cursor=${beforeRestart[2].nextCursor}`)).json;
    assert.deepEqual(hashes(page2.items), [h.b2, h.a2]);
  });
});
