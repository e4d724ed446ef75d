import assert from "node:assert/strict";
import { network } from "hardhat";
import { keccak256, toHex, zeroAddress } from "viem";
import { deployExchange, fullFill, ONE_USDC, ONE_WETH, type ExchangeFixture } from "./fixture.js";
import { buildBatch, OrderFlags, Side, toFillInput, type Order, type SignedOrder } from "../../protocol/index.js";
import { expectError } from "./expect-error.js";

const connection = await network.create();
const { networkHelpers } = connection;
const PRICE = 3000n * ONE_USDC;

describe("Exchange.settle", () => {
  let f: ExchangeFixture;
  let alice: ExchangeFixture["traders"][number];
  let bob: ExchangeFixture["traders"][number];
  const fixture = () => deployExchange(connection);

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    [alice, bob] = f.traders;
    await f.fund(alice, f.usdc, 10n * PRICE);
    await f.fund(bob, f.weth, 10n * ONE_WETH);
  });

  /** Bob sells, Alice buys: a signed pair of orders, Bob's resting. */
  async function pair(sell: Partial<Order> = {}, buy: Partial<Order> = {}): Promise<[SignedOrder, SignedOrder]> {
    return [
      await f.sign(bob, f.order(bob.account.address, { side: Side.SELL, ...sell })),
      await f.sign(alice, f.order(alice.account.address, { side: Side.BUY, ...buy })),
    ];
  }

  describe("moving funds", () => {
    it("moves internal balances and fees for a matched buy and sell", async () => {
      const [sell, buy] = await pair();
      await f.settle([sell, buy], [fullFill(sell.order, { makerFee: 3n * ONE_USDC, takerFee: ONE_WETH / 1000n })]);

      assert.equal(await f.balanceOf(alice, f.weth), ONE_WETH - ONE_WETH / 1000n);
      assert.equal(await f.balanceOf(alice, f.usdc), 9n * PRICE);
      assert.equal(await f.balanceOf(bob, f.usdc), PRICE - 3n * ONE_USDC);
      assert.equal(await f.balanceOf(bob, f.weth), 9n * ONE_WETH);
      assert.equal(await f.balanceOf(f.feeRecipient, f.usdc), 3n * ONE_USDC);
      assert.equal(await f.balanceOf(f.feeRecipient, f.weth), ONE_WETH / 1000n);
    });

    it("fills a buy below its limit, so the buyer pays less than it signed for", async () => {
      const [sell, buy] = await pair({ quoteAmount: 2900n * ONE_USDC });
      await f.settle([sell, buy], [fullFill(sell.order)]);
      assert.equal(await f.balanceOf(alice, f.usdc), 10n * PRICE - 2900n * ONE_USDC);
    });

    it("emits BatchSettled with the orders and fills an indexer rebuilds every trade from", async () => {
      const [sell, buy] = await pair();
      const fill = fullFill(sell.order, { makerFee: 1n, takerFee: 2n });
      const tx = f.settle([sell, buy], [fill], 77n);
      const sides = (maker: string, side: number) => BigInt(maker) | (BigInt(side) << 160n);
      await f.viem.assertions.emitWithArgs(tx, f.exchange, "BatchSettled", [
        77n,
        f.weth.address,
        f.usdc.address,
        [f.hash(sell.order), f.hash(buy.order)],
        [sides(bob.account.address, Side.SELL), sides(alice.account.address, Side.BUY)],
        [toFillInput(fill)],
        0n,
        f.feeRecipient.account.address,
      ]);
    });

    it("nets an order's fills against several takers into one balance change", async () => {
      const carol = f.traders[2];
      await f.fund(carol, f.usdc, PRICE);
      const sell = await f.sign(
        bob,
        f.order(bob.account.address, { side: Side.SELL, baseAmount: 2n * ONE_WETH, quoteAmount: 2n * PRICE }),
      );
      const buyA = await f.sign(alice, f.order(alice.account.address));
      const buyC = await f.sign(carol, f.order(carol.account.address));
      await f.settle([sell, buyA, buyC], [fullFill(buyA.order), fullFill(buyC.order, { takerIndex: 2 })]);
      assert.equal(await f.balanceOf(bob, f.usdc), 2n * PRICE);
      assert.equal(await f.balanceOf(bob, f.weth), 8n * ONE_WETH);
      assert.equal(await f.balanceOf(carol, f.weth), ONE_WETH);
    });

    it("tracks a partial fill across batches, then consumes the order's nonce when it completes", async () => {
      const [sell] = await pair({ baseAmount: 2n * ONE_WETH, quoteAmount: 2n * PRICE });
      const half = { baseAmount: ONE_WETH, quoteAmount: PRICE };
      const buy1 = await f.sign(alice, f.order(alice.account.address, { nonce: 1n }));
      const buy2 = await f.sign(alice, f.order(alice.account.address, { nonce: 2n }));
      const buy3 = await f.sign(alice, f.order(alice.account.address, { nonce: 3n }));

      await f.settle([sell, buy1], [fullFill(sell.order, half)]);
      assert.equal(await f.exchange.read.partiallyFilled([f.hash(sell.order)]), ONE_WETH);
      assert.equal(await f.exchange.read.isNonceUsed([bob.account.address, f.usdc.address, 1n]), false);

      await f.settle([sell, buy2], [fullFill(sell.order, half)]);
      assert.equal(await f.exchange.read.partiallyFilled([f.hash(sell.order)]), 0n);
      assert.equal(await f.exchange.read.isNonceUsed([bob.account.address, f.usdc.address, 1n]), true);

      await expectError(f.settle([sell, buy3], [fullFill(sell.order, half)]), f.exchange, "OrderNonceUsed", [
        f.hash(sell.order),
        1n,
      ]);
    });

    it("refuses a second order with a nonce that another order completed earlier in the same batch", async () => {
      const [first, buy] = await pair({ nonce: 7n }, { baseAmount: 2n * ONE_WETH, quoteAmount: 2n * PRICE });
      const replacement = await f.sign(
        bob,
        f.order(bob.account.address, { side: Side.SELL, nonce: 7n, quoteAmount: PRICE - 1n }),
      );
      await expectError(
        f.settle(
          [first, replacement, buy],
          [fullFill(first.order, { takerIndex: 2 }), fullFill(first.order, { makerIndex: 1, takerIndex: 2 })],
        ),
        f.exchange,
        "OrderNonceUsed",
        [(hash: string) => hash === f.hash(first.order) || hash === f.hash(replacement.order), 7n],
      );
      for (const nonce of [200n, 2n ** 40n]) {
        const [a, b] = await pair({ nonce }, { nonce: nonce + 1n, baseAmount: 2n * ONE_WETH, quoteAmount: 2n * PRICE });
        const twin = await f.sign(
          bob,
          f.order(bob.account.address, { side: Side.SELL, nonce, quoteAmount: PRICE - 1n }),
        );
        await expectError(
          f.settle(
            [a, twin, b],
            [fullFill(a.order, { takerIndex: 2 }), fullFill(a.order, { makerIndex: 1, takerIndex: 2 })],
          ),
          f.exchange,
          "OrderNonceUsed",
          [() => true, nonce],
        );
      }
    });

    it("records completed nonces beyond the inline 64 in their own word", async () => {
      const [sell, buy] = await pair({ nonce: 1000n }, { nonce: 2n ** 64n - 1n });
      await f.settle([sell, buy], [fullFill(sell.order)]);
      assert.equal(await f.exchange.read.isNonceUsed([bob.account.address, f.usdc.address, 1000n]), true);
      assert.equal(await f.exchange.read.isNonceUsed([bob.account.address, f.usdc.address, 999n]), false);
      assert.equal(await f.exchange.read.isNonceUsed([alice.account.address, f.usdc.address, 2n ** 64n - 1n]), true);
      await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "OrderNonceUsed", [
        f.hash(sell.order),
        1000n,
      ]);
    });
  });

  describe("batch rules", () => {
    it("reverts BatchAlreadySettled when a batch id comes again", async () => {
      const [sell, buy] = await pair({ baseAmount: 2n * ONE_WETH, quoteAmount: 2n * PRICE });
      const half = { baseAmount: ONE_WETH, quoteAmount: PRICE };
      await f.settle([sell, buy], [fullFill(sell.order, half)], 5n);
      assert.equal(await f.exchange.read.isBatchSettled([5n]), true);
      await expectError(f.settle([sell, buy], [fullFill(sell.order, half)], 5n), f.exchange, "BatchAlreadySettled", [
        5n,
      ]);
    });

    it("reverts EmptyBatch for a batch without fills", async () => {
      const [sell, buy] = await pair();
      await expectError(f.settle([sell, buy], []), f.exchange, "EmptyBatch", []);
    });

    it("reverts InvalidMarket when base and quote are the same token", async () => {
      const [sell, buy] = await pair({ quoteToken: f.weth.address }, { quoteToken: f.weth.address });
      await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "InvalidMarket", [
        f.weth.address,
        f.weth.address,
      ]);
    });

    it("adds up the fills of an order listed twice as if it were listed once", async () => {
      const [sell] = await pair({ baseAmount: 2n * ONE_WETH, quoteAmount: 2n * PRICE });
      const buy = await f.sign(
        alice,
        f.order(alice.account.address, { baseAmount: 2n * ONE_WETH, quoteAmount: 2n * PRICE }),
      );
      const half = { baseAmount: ONE_WETH, quoteAmount: PRICE };
      await f.settle([sell, buy, sell], [fullFill(sell.order, half), fullFill(sell.order, { ...half, makerIndex: 2 })]);
      assert.equal(await f.exchange.read.isNonceUsed([bob.account.address, f.usdc.address, 1n]), true);
      assert.equal(await f.balanceOf(alice, f.weth), 2n * ONE_WETH);
    });

    it("reverts Overfill when an order listed twice would fill beyond its size", async () => {
      const [sell] = await pair({ baseAmount: 2n * ONE_WETH, quoteAmount: 2n * PRICE });
      const buy = await f.sign(
        alice,
        f.order(alice.account.address, { baseAmount: 3n * ONE_WETH, quoteAmount: 3n * PRICE }),
      );
      const oneAndHalf = { baseAmount: (3n * ONE_WETH) / 2n, quoteAmount: (3n * PRICE) / 2n };
      const fills = [
        fullFill(sell.order, oneAndHalf),
        fullFill(sell.order, { makerIndex: 2, baseAmount: ONE_WETH, quoteAmount: PRICE }),
      ];
      await expectError(f.settle([sell, buy, sell], fills), f.exchange, "Overfill", [
        f.hash(sell.order),
        (5n * ONE_WETH) / 2n,
        2n * ONE_WETH,
      ]);
    });

    it("refuses anyone but the operator", async () => {
      const [sell, buy] = await pair();
      const batch = buildBatch(1n, [sell, buy], [fullFill(sell.order)]);
      await expectError(
        f.exchange.write.settle([batch], { account: alice.account }),
        f.exchange,
        "AccessControlUnauthorizedAccount",
        [alice.account.address, keccak256(toHex("OPERATOR_ROLE"))],
      );
    });

    it("refuses to settle while paused", async () => {
      const [sell, buy] = await pair();
      await f.exchange.write.pause();
      await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "EnforcedPause", []);
    });
  });

  describe("order checks", () => {
    for (const [field, value] of [
      ["side", 2],
      ["timeInForce", 3],
      ["flags", 4],
      ["selfTradePrevention", 4],
      ["maxFeeBps", 10_001],
      ["baseAmount", 0n],
      ["quoteAmount", 0n],
    ] as const) {
      it(`reverts InvalidOrder for ${field} = ${value}`, async () => {
        const [sell, buy] = await pair({ [field]: value });
        await expectError(
          f.settle([sell, buy], [fullFill(buy.order, { makerIndex: 1, takerIndex: 0 })]),
          f.exchange,
          "InvalidOrder",
          [f.hash(sell.order)],
        );
      });
    }

    it("reverts InvalidOrder when packed terms carry unused bits", async () => {
      const [sell, buy] = await pair();
      const batch = buildBatch(1n, [sell, buy], [fullFill(sell.order)]);
      batch.orders[0].terms |= 1n << 200n;
      await expectError(f.asOperator.write.settle([batch]), f.exchange, "InvalidOrder", [
        (h: string) => typeof h === "string",
      ]);
    });

    it("reverts InvalidSignature for an order signed by someone other than its maker", async () => {
      const forged = await f.sign(alice, f.order(bob.account.address, { side: Side.SELL }));
      const buy = await f.sign(alice, f.order(alice.account.address, { nonce: 9n }));
      await expectError(f.settle([forged, buy], [fullFill(forged.order)]), f.exchange, "InvalidSignature", [
        f.hash(forged.order),
        bob.account.address,
      ]);
    });

    it("reverts InvalidSignature for an order whose maker is the zero address", async () => {
      const [, buy] = await pair();
      const zero = { order: f.order(zeroAddress, { side: Side.SELL }), signature: (await pair())[0].signature };
      await expectError(f.settle([zero, buy], [fullFill(zero.order)]), f.exchange, "InvalidSignature", [
        f.hash(zero.order),
        zeroAddress,
      ]);
    });

    it("reverts OrderExpired at the expiry second, and fills one second before", async () => {
      const now = BigInt(await networkHelpers.time.latest());
      const [sell, buy] = await pair({ expiry: now + 100n });
      await networkHelpers.time.setNextBlockTimestamp(now + 100n);
      await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "OrderExpired", [
        f.hash(sell.order),
        Number(now + 100n),
      ]);
      const [sell2, buy2] = await pair({ expiry: now + 200n, nonce: 2n }, { nonce: 2n });
      await networkHelpers.time.setNextBlockTimestamp(now + 199n);
      await f.settle([sell2, buy2], [fullFill(sell2.order)]);
    });
  });

  describe("fill checks", () => {
    it("reverts InvalidFillOrders for an index outside the batch or a fill of an order with itself", async () => {
      const [sell, buy] = await pair();
      await expectError(
        f.settle([sell, buy], [fullFill(sell.order, { takerIndex: 2 })]),
        f.exchange,
        "InvalidFillOrders",
        [0n],
      );
      await expectError(
        f.settle([sell, buy], [fullFill(sell.order, { takerIndex: 0 })]),
        f.exchange,
        "InvalidFillOrders",
        [0n],
      );
    });

    it("reverts ZeroFill for a fill that moves nothing", async () => {
      const [sell, buy] = await pair();
      await expectError(f.settle([sell, buy], [fullFill(sell.order, { baseAmount: 0n })]), f.exchange, "ZeroFill", [
        0n,
      ]);
    });

    it("reverts SameSide for two buys", async () => {
      const [, buy] = await pair();
      const carol = f.traders[2];
      const other = await f.sign(carol, f.order(carol.account.address));
      await expectError(f.settle([other, buy], [fullFill(buy.order)]), f.exchange, "SameSide", [0n]);
    });

    it("reverts SelfTrade when both orders are the same maker's", async () => {
      const sell = await f.sign(alice, f.order(alice.account.address, { side: Side.SELL, nonce: 5n }));
      const [, buy] = await pair();
      await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "SelfTrade", [
        0n,
        alice.account.address,
      ]);
    });

    it("reverts PostOnlyTaker when a post-only order takes", async () => {
      const [sell, buy] = await pair({}, { flags: OrderFlags.POST_ONLY });
      await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "PostOnlyTaker", [
        f.hash(buy.order),
      ]);
      // The same post-only order may rest and be taken.
      await f.settle([sell, buy], [fullFill(sell.order, { makerIndex: 1, takerIndex: 0 })]);
    });

    it("reverts LimitPriceViolated when the buyer would pay one unit more than its limit", async () => {
      const [sell, buy] = await pair({ quoteAmount: PRICE }, { quoteAmount: PRICE });
      await expectError(
        f.settle([sell, buy], [fullFill(sell.order, { quoteAmount: PRICE + 1n })]),
        f.exchange,
        "LimitPriceViolated",
        [f.hash(buy.order), ONE_WETH, PRICE + 1n],
      );
    });

    it("reverts LimitPriceViolated when the seller would receive one unit less than its limit", async () => {
      const [sell, buy] = await pair();
      await expectError(
        f.settle([sell, buy], [fullFill(sell.order, { quoteAmount: PRICE - 1n })]),
        f.exchange,
        "LimitPriceViolated",
        [f.hash(sell.order), ONE_WETH, PRICE - 1n],
      );
    });

    it("reverts LimitPriceViolated when rounding a partial fill would favour the counterparty", async () => {
      // 3 units of base for 10 quote is a price of 3.33…; one unit of base must fetch at least 4 quote from the buyer.
      const [sell, buy] = await pair({ baseAmount: 3n, quoteAmount: 10n }, { baseAmount: 3n, quoteAmount: 12n });
      await expectError(
        f.settle([sell, buy], [fullFill(sell.order, { baseAmount: 1n, quoteAmount: 3n })]),
        f.exchange,
        "LimitPriceViolated",
        [f.hash(sell.order), 1n, 3n],
      );
      await f.settle([sell, buy], [fullFill(sell.order, { baseAmount: 1n, quoteAmount: 4n })]);
    });

    it("reverts FeeAboveCap when a fee exceeds the signed cap by one unit", async () => {
      const [sell, buy] = await pair({ maxFeeBps: 10 });
      const cap = (PRICE * 10n) / 10_000n;
      await expectError(
        f.settle([sell, buy], [fullFill(sell.order, { makerFee: cap + 1n })]),
        f.exchange,
        "FeeAboveCap",
        [f.hash(sell.order), cap + 1n, PRICE],
      );
      await f.settle([sell, buy], [fullFill(sell.order, { makerFee: cap })]);
    });

    it("reverts Overfill when fills exceed an order's size", async () => {
      const [sell, buy] = await pair({}, { baseAmount: 2n * ONE_WETH, quoteAmount: 2n * PRICE });
      await expectError(
        f.settle([sell, buy], [fullFill(buy.order, { makerIndex: 1, takerIndex: 0 })]),
        f.exchange,
        "Overfill",
        [f.hash(sell.order), 2n * ONE_WETH, ONE_WETH],
      );
    });

    it("reverts InsufficientBalance when a buyer cannot pay", async () => {
      const carol = f.traders[2];
      const [sell] = await pair();
      const buy = await f.sign(carol, f.order(carol.account.address));
      await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "InsufficientBalance", [
        carol.account.address,
        f.usdc.address,
        0n,
        PRICE,
      ]);
    });
  });

  describe("skipped fills", () => {
    it("skips the fills of an account that has requested exit and settles the others", async () => {
      const carol = f.traders[2];
      await f.fund(carol, f.usdc, PRICE);
      const sell = await f.sign(
        bob,
        f.order(bob.account.address, { side: Side.SELL, baseAmount: 2n * ONE_WETH, quoteAmount: 2n * PRICE }),
      );
      const buyA = await f.sign(alice, f.order(alice.account.address));
      const buyC = await f.sign(carol, f.order(carol.account.address));
      await f.exchange.write.requestExit([], { account: alice.account });

      const tx = f.settle([sell, buyA, buyC], [fullFill(buyA.order), fullFill(buyC.order, { takerIndex: 2 })], 9n);
      await f.viem.assertions.emitWithArgs(tx, f.exchange, "FillSkipped", [9n, 0n, alice.account.address, 1]);
      assert.equal(await f.balanceOf(alice, f.weth), 0n);
      assert.equal(await f.balanceOf(carol, f.weth), ONE_WETH);
      assert.equal(await f.exchange.read.partiallyFilled([f.hash(sell.order)]), ONE_WETH);
    });

    it("skips the fills of a contract wallet that no longer accepts its order, and settles the honest ones", async () => {
      const carol = f.traders[2];
      await f.fund(carol, f.usdc, PRICE);
      const wallet = await f.viem.deployContract("ToggleWallet", [true]);
      await f.weth.write.mint([f.admin.account.address, ONE_WETH]);
      await f.weth.write.approve([f.exchange.address, ONE_WETH]);
      await f.exchange.write.depositTo([f.weth.address, ONE_WETH, wallet.address]);
      const [sell, buy] = await pair();
      const walletSell = { order: f.order(wallet.address, { side: Side.SELL }), signature: "0x" as const };
      const carolBuy = await f.sign(carol, f.order(carol.account.address));

      // Matched while the wallet accepted; it changes its mind before the settlement lands.
      await wallet.write.setAccepting([false]);
      const tx = f.settle(
        [sell, buy, walletSell, carolBuy],
        [fullFill(sell.order), fullFill(walletSell.order, { makerIndex: 2, takerIndex: 3 })],
        11n,
      );
      await f.viem.assertions.emitWithArgs(tx, f.exchange, "FillSkipped", [11n, 1n, wallet.address, 2]);
      assert.equal(await f.balanceOf(alice, f.weth), ONE_WETH);
      assert.equal(await f.balanceOf(carol, f.weth), 0n);
      assert.equal(await f.balanceOf(wallet.address, f.weth), ONE_WETH);
    });

    it("settles the account's orders again once it cancels its exit", async () => {
      const [sell, buy] = await pair();
      await f.exchange.write.requestExit([], { account: alice.account });
      await f.exchange.write.cancelExit([], { account: alice.account });
      await f.settle([sell, buy], [fullFill(sell.order)]);
      assert.equal(await f.balanceOf(alice, f.weth), ONE_WETH);
    });
  });
});
