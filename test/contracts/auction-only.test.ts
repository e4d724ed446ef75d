/**
 * The AUCTION_ONLY order flag: an order that carries it settles only through a holder of AUCTION_SETTLER_ROLE (the
 * AuctionSettlement contract, which checks a proof first; test/contracts/auction/auction-only.test.ts drives the real one).
 * Here an account holding the role stands in for it, so the Exchange's rule is tested on its own.
 */
import assert from "node:assert/strict";
import { network } from "hardhat";
import { buildBatch, OrderFlags, Side, type Fill, type Order, type SignedOrder } from "../../protocol/index.js";
import { deployExchange, fullFill, ONE_USDC, ONE_WETH, type ExchangeFixture } from "./fixture.js";
import { expectError } from "./expect-error.js";

const connection = await network.create();
const { networkHelpers } = connection;
const PRICE = 3000n * ONE_USDC;

describe("Exchange.settle with auction-only orders", () => {
  let f: ExchangeFixture;
  let alice: ExchangeFixture["traders"][number];
  let bob: ExchangeFixture["traders"][number];
  let carol: ExchangeFixture["traders"][number];
  let auctionSettler: ExchangeFixture["traders"][number];
  const fixture = async () => {
    const x = await deployExchange(connection);
    const settler = x.traders[5];
    await x.exchange.write.grantRole([await x.exchange.read.AUCTION_SETTLER_ROLE(), settler.account.address]);
    return x;
  };

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    [alice, bob, carol] = f.traders;
    auctionSettler = f.traders[5];
    await f.fund(alice, f.usdc, 10n * PRICE);
    await f.fund(carol, f.usdc, 10n * PRICE);
    await f.fund(bob, f.weth, 10n * ONE_WETH);
  });

  /** Bob sells, Alice buys, each with the given flags. */
  async function pair(sellFlags: number, buyFlags: number): Promise<[SignedOrder, SignedOrder]> {
    return [
      await f.sign(bob, f.order(bob.account.address, { side: Side.SELL, flags: sellFlags })),
      await f.sign(alice, f.order(alice.account.address, { side: Side.BUY, flags: buyFlags })),
    ];
  }

  const asSettler = (orders: SignedOrder[], order: Order, id = 1n, fill: Partial<Fill> = {}) =>
    f.exchange.write.settle([buildBatch(id, orders, [fullFill(order, fill)])], { account: auctionSettler.account });

  it("reverts OrderRequiresAuctionProof when the operator settles an auction-only order directly", async () => {
    const [sell, buy] = await pair(OrderFlags.AUCTION_ONLY, OrderFlags.AUCTION_ONLY);
    await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "OrderRequiresAuctionProof", [
      0n,
      f.hash(sell.order),
    ]);
    assert.equal(await f.balanceOf(alice, f.weth), 0n);
  });

  it("names the first auction-only order when the others of the batch carry no flag", async () => {
    const [sell, buy] = await pair(0, OrderFlags.AUCTION_ONLY);
    await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "OrderRequiresAuctionProof", [
      1n,
      f.hash(buy.order),
    ]);
  });

  it("settles auction-only orders when the caller holds AUCTION_SETTLER_ROLE", async () => {
    const [sell, buy] = await pair(OrderFlags.AUCTION_ONLY, OrderFlags.AUCTION_ONLY);
    await asSettler([sell, buy], sell.order);
    assert.equal(await f.balanceOf(alice, f.weth), ONE_WETH);
    assert.equal(await f.balanceOf(bob, f.usdc), PRICE);
  });

  it("settles unflagged orders from either the operator or the auction settler, as before", async () => {
    const [sell, buy] = await pair(0, 0);
    const half = { baseAmount: ONE_WETH / 2n, quoteAmount: PRICE / 2n };
    await f.settle([sell, buy], [fullFill(sell.order, half)]);
    await asSettler([sell, buy], sell.order, 2n, half);
    assert.equal(await f.balanceOf(alice, f.weth), ONE_WETH);
  });

  it("accepts post-only and auction-only together as valid terms, and still refuses an unknown flag bit", async () => {
    const [sell, buy] = await pair(OrderFlags.POST_ONLY | OrderFlags.AUCTION_ONLY, OrderFlags.AUCTION_ONLY);
    await asSettler([sell, buy], sell.order);
    assert.equal(await f.balanceOf(alice, f.weth), ONE_WETH);

    const [badSell, badBuy] = await pair(4, 0);
    await expectError(asSettler([badSell, badBuy], badSell.order, 2n), f.exchange, "InvalidOrder", [
      f.hash(badSell.order),
    ]);
  });

  it("refuses a caller with neither role as it did: AccessControlUnauthorizedAccount for OPERATOR_ROLE", async () => {
    const [sell, buy] = await pair(0, 0);
    await expectError(
      f.exchange.write.settle([buildBatch(1n, [sell, buy], [fullFill(sell.order)])], { account: carol.account }),
      f.exchange,
      "AccessControlUnauthorizedAccount",
      [carol.account.address, await f.exchange.read.OPERATOR_ROLE()],
    );
  });

  it("gives the auction settler no other operator power: it cannot execute a withdrawal", async () => {
    const w = f.withdrawal(bob.account.address, f.weth.address, ONE_WETH);
    const signature = await f.signWithdrawal(bob, w);
    await expectError(
      f.exchange.write.withdraw([w, signature], { account: auctionSettler.account }),
      f.exchange,
      "AccessControlUnauthorizedAccount",
      [auctionSettler.account.address, await f.exchange.read.OPERATOR_ROLE()],
    );
  });
});
