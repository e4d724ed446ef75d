// The SDK's REST client and signer against a real relayer (temp LevelDB, ephemeral port): the domain comes from
// GET /v1/info, orders are built in lots and ticks, and every API refusal surfaces as a RelayerApiError with its code.
import assert from "node:assert/strict";
import { before, describe, it } from "mocha";
import { limitOrder, OrderBuildError } from "../../../relayer/client/order-builder.js";
import { RelayerApiError, RelayerTransportError } from "../../../relayer/client/errors.js";
import { RelayerRestClient } from "../../../relayer/client/rest-client.js";
import { ExchangeSigner } from "../../../relayer/client/signer.js";
import type { MarketInfo } from "../../../relayer/markets/markets.js";
import { alice, bob } from "../http/fixtures.js";
import { useRelayer } from "../use-relayer.js";

describe("RelayerRestClient with ExchangeSigner", () => {
  let client: RelayerRestClient;
  let market: MarketInfo;
  let asAlice: ExchangeSigner;
  let asBob: ExchangeSigner;

  const relayer = useRelayer({ funded: [alice, bob] });

  before(async () => {
    client = new RelayerRestClient(relayer.url + "/");
    const info = await client.info();
    market = info.markets.find((m) => m.id === "WETH-USDC")!;
    asAlice = new ExchangeSigner(alice, info.eip712.domain);
    asBob = new ExchangeSigner(bob, info.eip712.domain);
  });

  it("places crossing orders built in lots and ticks and reports the fill on both sides", async () => {
    const sell = limitOrder(market, { maker: alice.address, side: "sell", lots: 20n, priceTicks: 3_000n });
    const rested = await client.placeOrder(await asAlice.signOrder(sell));
    assert.equal(rested.status, "open");
    assert.equal(rested.orderHash, asAlice.hash(sell));

    const buy = limitOrder(market, { maker: bob.address, side: "buy", lots: 20n, priceTicks: 3_000n });
    const taken = await client.placeOrder(await asBob.signOrder(buy));
    assert.equal(taken.status, "filled");
    assert.equal(taken.fills.length, 1);
    assert.equal(taken.fills[0].baseAmount, (20n * BigInt(market.lotSize)).toString());
    assert.equal(taken.fills[0].quoteAmount, (20n * 3_000n * BigInt(market.tickSize)).toString());

    const [aliceFill] = (await client.fills({ maker: alice.address })).items;
    assert.equal(aliceFill.makerOrderHash, rested.orderHash);
    assert.equal((await client.getOrder(rested.orderHash)).status, "filled");
  });

  it("cancels one order and then all of a maker's orders with signed messages", async () => {
    const orders = [2_900n, 2_800n, 2_700n].map((priceTicks) =>
      limitOrder(market, { maker: bob.address, side: "buy", lots: 10n, priceTicks }),
    );
    const placed = [];
    for (const order of orders) placed.push(await client.placeOrder(await asBob.signOrder(order)));

    const one = await client.cancelOrder(await asBob.signCancel(placed[0].orderHash));
    assert.equal(one.orderHash, placed[0].orderHash);
    const all = await client.cancelAll(await asBob.signCancelAll(market));
    assert.deepEqual(new Set(all.cancelled), new Set([placed[1].orderHash, placed[2].orderHash]));
    const open = await client.listOrders({ maker: bob.address, status: "open" });
    assert.equal(open.items.length, 0);
  });

  it("signs cancel-alls with growing issuedAt, so two in the same second are both accepted", async () => {
    await client.cancelAll(await asAlice.signCancelAll());
    await client.cancelAll(await asAlice.signCancelAll());
  });

  it("throws the API's code as a RelayerApiError", async () => {
    const order = limitOrder(market, { maker: alice.address, side: "sell", lots: 10n, priceTicks: 3_100n });
    const signedByBob = await asBob.signOrder(order);
    await assert.rejects(client.placeOrder(signedByBob), (error: unknown) => {
      assert.ok(error instanceof RelayerApiError);
      assert.equal(error.status, 401);
      assert.equal(error.field, "signature");
      return true;
    });
    const once = await asAlice.signOrder(order);
    await client.placeOrder(once);
    await assert.rejects(
      client.placeOrder(once),
      (error: unknown) => error instanceof RelayerApiError && error.code === "DUPLICATE_ORDER" && error.status === 409,
    );
  });

  it("refuses to build an order below the minimum size or outside the price range", () => {
    assert.throws(
      () => limitOrder(market, { maker: alice.address, side: "buy", lots: 1n, priceTicks: 3_000n }),
      OrderBuildError,
    );
    assert.throws(
      () => limitOrder(market, { maker: alice.address, side: "buy", lots: 10n, priceTicks: 0n }),
      OrderBuildError,
    );
  });

  it("reports an unreachable relayer as a transport error", async () => {
    const nowhere = new RelayerRestClient("http://127.0.0.1:1", { timeoutMs: 2_000 });
    await assert.rejects(nowhere.info(), RelayerTransportError);
  });
});
