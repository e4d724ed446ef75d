// The SDK's front door against a real relayer: two traders connect with their viem accounts, one quotes over its
// logged-in socket session, the other takes over REST; the maker's session hears the fill and its balances, and a
// book subscription through the same client follows the book exactly.
import assert from "node:assert/strict";
import { after, before, describe, it } from "mocha";
import {
  NoSignerError,
  RelayerClient,
  UnknownMarketError,
  type PrivateSession,
} from "../../../relayer/client/index.js";
import type { BalanceUpdate, FillNotice } from "../../../relayer/wire/private-messages.js";
import { until } from "../ws/fixtures.js";
import { alice, bob } from "../http/fixtures.js";
import { useRelayer } from "../use-relayer.js";

describe("RelayerClient", () => {
  let maker: RelayerClient;
  let taker: RelayerClient;
  let session: PrivateSession;

  // Registered first so that the clients close before the relayer stops.
  after(() => {
    session.close();
    maker.close();
    taker.close();
  });

  const relayer = useRelayer({ funded: [alice, bob] });

  before(async () => {
    maker = await RelayerClient.connect(relayer.url, alice);
    taker = await RelayerClient.connect(relayer.url, bob);
    session = await maker.login();
  });

  it("quotes over the session, fills over REST, and tells the maker's session the fill and the new balances", async () => {
    const fills: FillNotice[] = [];
    const balances: BalanceUpdate[] = [];
    session.on("fill", (f) => fills.push(f));
    session.on("balance", (b) => balances.push(b));
    const book = await maker.subscribeBook("WETH-USDC");

    const quotes = await session.placeBatch(
      await Promise.all(
        [3_010n, 3_020n].map((priceTicks) =>
          maker.signer.signOrder(maker.order("WETH-USDC", { side: "sell", lots: 10n, priceTicks })),
        ),
      ),
    );
    assert.ok(quotes.every((q) => "orderHash" in q));
    await until(() => book.book().asks.length === 2);

    const taken = await taker.place("WETH-USDC", { side: "buy", lots: 10n, priceTicks: 3_010n });
    assert.equal(taken.status, "filled");
    await until(() => fills.length === 1 && balances.length > 0);
    assert.equal(fills[0].role, "maker");
    assert.equal(fills[0].orderHash, (quotes[0] as { orderHash: string }).orderHash);
    assert.equal(fills[0].quoteAmount, taken.fills[0].quoteAmount);

    const rest = await maker.rest.balances(alice.address);
    const last = balances.at(-1)!;
    for (const entry of last.balances)
      assert.deepEqual(
        entry,
        rest.balances.find((b) => b.token === entry.token),
      );

    await until(() => book.book().asks.length === 1);
    assert.deepEqual(book.book(), { ...(await maker.rest.book("WETH-USDC", 100)), seq: book.seq });
    await book.close();
  });

  it("cancels everything of the maker in a market with one signed call", async () => {
    await maker.place("WETH-USDC", { side: "buy", lots: 10n, priceTicks: 2_000n });
    const { cancelled } = await maker.cancelAll("WETH-USDC");
    assert.ok(cancelled.length >= 2, "the remaining quote and the new bid");
    assert.equal((await maker.rest.listOrders({ maker: alice.address, status: "open" })).items.length, 0);
  });

  it("names an unknown market and a missing signer with their own errors", async () => {
    assert.throws(() => maker.market("DOGE-USDC"), UnknownMarketError);
    const readOnly = await RelayerClient.connect(relayer.url);
    assert.throws(() => readOnly.signer, NoSignerError);
  });
});
