/**
 * The read models (order index, history, the private channel's order state) are one projection of the acknowledged
 * stream, whatever submitted the command: here the batch clock's close-batch, which no HTTP caller sees. A real
 * relayer on a temp LevelDB answers over HTTP and socket.io; then a relayer restarted on the same data dir (the
 * replay of the log) must answer exactly the same.
 */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Address, Hex } from "viem";
import type { MarketId } from "../../../engine/index.js";
import type { Order } from "../../../protocol/index.js";
import type { OrderUpdate } from "../../../relayer/wire/private-messages.js";
import { WBTC } from "../markets/markets-fixture.js";
import { alice, bob, post, signed, USDC } from "../http/fixtures.js";
import { collect, loggedIn } from "../ws/private-fixtures.js";
import { until, useSockets } from "../ws/fixtures.js";
import { readModelAnswers, statuses } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

const AUCTION_MARKET = 2 as MarketId; // WBTC-USDC in the shared config

/** An order on the auction market WBTC-USDC (lot 10,000 units, tick 10 units per lot): `lots` at `price` ticks. */
function auctionOrder(maker: Address, side: 0 | 1, lots: bigint, price: bigint, nonce: bigint): Order {
  return {
    maker: maker.toLowerCase() as Address,
    baseToken: WBTC,
    quoteToken: USDC,
    side,
    baseAmount: lots * 10_000n,
    quoteAmount: lots * price * 10n,
    triggerQuoteAmount: 0n,
    nonce,
    expiry: 0n,
    maxFeeBps: 30,
    timeInForce: 0,
    flags: 0,
    selfTradePrevention: 0,
  };
}

describe("read models: a batch closed by the batch clock", function () {
  this.timeout(60_000);
  const sockets = useSockets();
  const relayer = useRelayer({ funded: [alice, bob] });

  it("shows two crossing auction orders filled once their batch cleared, live as after a restart", async () => {
    const credited = await relayer.services.trading.submitLedger({
      type: "deposit-credited",
      depositId: "bob-wbtc",
      account: bob.address,
      token: WBTC,
      amount: 10n ** 8n,
    });
    assert.equal(credited.rejection, null);
    const session = await loggedIn(relayer.url, alice, sockets);
    const updates = collect(session, "order");

    const buy = await signed(alice, auctionOrder(alice.address, 0, 5n, 60_000n, 1n));
    const sell = await signed(bob, auctionOrder(bob.address, 1, 5n, 60_000n, 1n));
    for (const { body } of [buy, sell]) assert.equal((await post(relayer.url, body)).json.status, "open");
    await relayer.services.auctions.clock.closeNow(AUCTION_MARKET);

    const hashes: Hex[] = [buy.hash, sell.hash];
    const asked = { makers: [alice.address, bob.address], hashes, markets: ["WBTC-USDC"] };
    const live = await readModelAnswers(relayer.url, asked);
    assert.deepEqual(statuses(live, hashes), ["filled", "filled"]);
    assert.equal((live[`/v1/fills?maker=${alice.address}`] as { body: { items: unknown[] } }).body.items.length, 1);

    // The private channel's last word on alice's order is what GET /v1/orders/:hash says.
    await until(() => updates.some((u) => u.orderHash === buy.hash && u.status === "filled"));
    const last = updates.filter((u) => u.orderHash === buy.hash).at(-1)!;
    const listed = (live[`/v1/orders/${buy.hash}`] as { body: OrderUpdate }).body;
    assert.deepEqual([last.status, last.filled, last.remaining], [listed.status, listed.filled, listed.remaining]);

    for (const s of sockets.splice(0)) s.disconnect();
    await relayer.restart();
    assert.deepEqual(await readModelAnswers(relayer.url, asked), live);
  });
});
