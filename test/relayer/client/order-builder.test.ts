/** The SDK's limitOrder: the flags it signs follow the market's info. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { OrderFlags } from "../../../protocol/index.js";
import { limitOrder } from "../../../relayer/client/order-builder.js";
import { MarketRegistry } from "../../../relayer/markets/markets.js";
import { CONFIG } from "../markets/markets-fixture.js";

const MAKER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const [continuous, auction] = MarketRegistry.fromConfig({
  markets: [CONFIG.markets[0], { ...CONFIG.markets[1], proofs: true }],
}).infoView();

describe("SDK: limitOrder flags", () => {
  it("sets AUCTION_ONLY for a market whose info says proofs, and keeps post-only beside it", () => {
    assert.equal(
      limitOrder(auction, { maker: MAKER, side: "buy", lots: 1n, priceTicks: 100n }).flags,
      OrderFlags.AUCTION_ONLY,
    );
    const both = limitOrder(auction, { maker: MAKER, side: "buy", lots: 1n, priceTicks: 100n, postOnly: true });
    assert.equal(both.flags, OrderFlags.POST_ONLY | OrderFlags.AUCTION_ONLY);
  });

  it("never sets it for a market without proofs, or for info from a relayer that does not say", () => {
    assert.equal(limitOrder(continuous, { maker: MAKER, side: "sell", lots: 10n, priceTicks: 100n }).flags, 0);
    assert.equal(
      limitOrder(continuous, { maker: MAKER, side: "sell", lots: 10n, priceTicks: 100n, postOnly: true }).flags,
      OrderFlags.POST_ONLY,
    );
    const { proofs: _, ...older } = auction;
    assert.equal(
      limitOrder(older as typeof auction, { maker: MAKER, side: "buy", lots: 1n, priceTicks: 100n }).flags,
      0,
    );
  });
});
