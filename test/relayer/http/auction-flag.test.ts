/**
 * The AUCTION_ONLY flag at admission, over real HTTP: a market with proofs takes only flagged orders, every other
 * market only unflagged ones; a refusal is 422 naming order.flags and changes nothing. The SDK sets the flag itself.
 */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Address } from "viem";
import { OrderFlags, type Order } from "../../../protocol/index.js";
import { limitOrder } from "../../../relayer/client/order-builder.js";
import type { MarketRegistryConfig } from "../../../relayer/markets/markets.js";
import { CONFIG, WBTC } from "../markets/markets-fixture.js";
import { alice, get, order, post, signed, USDC } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

/** The shared config with proofs on for the auction market WBTC-USDC. */
const PROOFS_CONFIG: MarketRegistryConfig = { markets: [CONFIG.markets[0], { ...CONFIG.markets[1], proofs: true }] };

/** A buy on WBTC-USDC (lot 10,000 units, tick 10 units per lot) of `lots` at `price` ticks. */
function auctionBuy(flags: number, nonce: bigint): Order {
  const lots = 5n;
  const price = 60_000n;
  return {
    maker: alice.address.toLowerCase() as Address,
    baseToken: WBTC,
    quoteToken: USDC,
    side: 0,
    baseAmount: lots * 10_000n,
    quoteAmount: lots * price * 10n,
    triggerQuoteAmount: 0n,
    nonce,
    expiry: 0n,
    maxFeeBps: 30,
    timeInForce: 0,
    flags,
    selfTradePrevention: 0,
  };
}

describe("relayer HTTP: the AUCTION_ONLY flag and markets with proofs", function () {
  const relayer = useRelayer({ funded: [alice], config: { markets: PROOFS_CONFIG } });

  /** What must not change when an order is refused. */
  async function observable() {
    const health = await get(relayer.url, "/health");
    const orders = await get(relayer.url, `/v1/orders?maker=${alice.address}`);
    return {
      lastSeq: health.json.sequencer.lastSeq,
      orders: orders.json,
      stateHash: relayer.services.trading.stateHash(),
    };
  }

  it("shows proofs per market in GET /v1/info", async () => {
    const { json } = await get(relayer.url, "/v1/info");
    assert.deepEqual(
      json.markets.map((m: { id: string; mode: string; proofs: boolean }) => [m.id, m.mode, m.proofs]),
      [
        ["WETH-USDC", "continuous", false],
        ["WBTC-USDC", "auction", true],
      ],
    );
  });

  it("answers 422 AUCTION_ONLY_REQUIRED to an order without the flag in a market with proofs, and changes nothing", async () => {
    const before = await observable();
    const res = await post(relayer.url, (await signed(alice, auctionBuy(0, 1n))).body);
    assert.deepEqual([res.status, res.json.code, res.json.field], [422, "AUCTION_ONLY_REQUIRED", "order.flags"]);
    assert.deepEqual(await observable(), before);
  });

  it("answers 422 AUCTION_ONLY_NOT_ACCEPTED to a flagged order in a market without proofs, and changes nothing", async () => {
    const before = await observable();
    const res = await post(
      relayer.url,
      (await signed(alice, order(alice, 0, 100n, 3000n, { flags: OrderFlags.AUCTION_ONLY }))).body,
    );
    assert.deepEqual([res.status, res.json.code, res.json.field], [422, "AUCTION_ONLY_NOT_ACCEPTED", "order.flags"]);
    assert.deepEqual(await observable(), before);
  });

  it("admits a flagged order in the market with proofs", async () => {
    const { body, hash } = await signed(alice, auctionBuy(OrderFlags.AUCTION_ONLY, 2n));
    const res = await post(relayer.url, body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.equal(res.json.orderHash, hash);
  });

  it("admits the SDK's limitOrder in both markets: it sets the flag exactly where GET /v1/info says proofs", async () => {
    const { json } = await get(relayer.url, "/v1/info");
    for (const [id, nonce, flags] of [
      ["WBTC-USDC", 3n, OrderFlags.AUCTION_ONLY],
      ["WETH-USDC", 4n, 0],
    ] as const) {
      const market = json.markets.find((m: { id: string }) => m.id === id);
      const built = limitOrder(market, { maker: alice.address, side: "buy", lots: 10n, priceTicks: 1_000n, nonce });
      assert.equal(built.flags, flags, id);
      const res = await post(relayer.url, (await signed(alice, built)).body);
      assert.equal(res.status, 201, `${id}: ${JSON.stringify(res.json)}`);
    }
  });
});
