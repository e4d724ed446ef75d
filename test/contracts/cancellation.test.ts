import assert from "node:assert/strict";
import { network } from "hardhat";
import { CANCEL_DELAY, deployExchange, fullFill, ONE_USDC, ONE_WETH, type ExchangeFixture } from "./fixture.js";
import { Side } from "../../protocol/index.js";
import { expectError } from "./expect-error.js";

const connection = await network.create();
const { networkHelpers } = connection;

describe("Exchange on-chain cancellation", () => {
  let f: ExchangeFixture;
  let alice: ExchangeFixture["traders"][number];
  let bob: ExchangeFixture["traders"][number];
  const fixture = () => deployExchange(connection);

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    [alice, bob] = f.traders;
    await f.fund(alice, f.usdc, 10_000n * ONE_USDC);
    await f.fund(bob, f.weth, 3n * ONE_WETH);
  });

  async function signedPair(nonce: bigint) {
    const sell = await f.sign(bob, f.order(bob.account.address, { side: Side.SELL, nonce }));
    const buy = await f.sign(alice, f.order(alice.account.address, { nonce }));
    return [sell, buy] as const;
  }

  describe("cancelOrder", () => {
    it("binds settlement only once the cancel delay has passed", async () => {
      const [sell, buy] = await signedPair(1n);
      const [sell2, buy2] = await signedPair(2n);
      const tx = f.exchange.write.cancelOrder([f.hash(sell.order)], { account: bob.account });
      const now = BigInt(await networkHelpers.time.latest()) + 1n;
      await f.viem.assertions.emitWithArgs(tx, f.exchange, "OrderCancelRequested", [
        bob.account.address,
        f.hash(sell.order),
        now + CANCEL_DELAY,
      ]);
      assert.equal(await f.exchange.read.cancelledAt([bob.account.address, f.hash(sell.order)]), now + CANCEL_DELAY);

      // Within the delay a matched batch still settles: the relayer saw the cancel first.
      await f.settle([sell2, buy2], [fullFill(sell2.order)]);
      await networkHelpers.time.setNextBlockTimestamp(now + CANCEL_DELAY);
      await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "OrderCancelled", [
        f.hash(sell.order),
      ]);
    });

    it("lets a maker cancel only its own orders: another account's cancel does not bind them", async () => {
      const [sell, buy] = await signedPair(1n);
      await f.exchange.write.cancelOrder([f.hash(sell.order)], { account: alice.account });
      await networkHelpers.time.increase(CANCEL_DELAY);
      await f.settle([sell, buy], [fullFill(sell.order)]);
      assert.equal(await f.balanceOf(bob, f.usdc), 3000n * ONE_USDC);
    });

    it("reverts OrderAlreadyCancelled on a second cancel of the same order", async () => {
      const [sell] = await signedPair(1n);
      await f.exchange.write.cancelOrder([f.hash(sell.order)], { account: bob.account });
      await expectError(
        f.exchange.write.cancelOrder([f.hash(sell.order)], { account: bob.account }),
        f.exchange,
        "OrderAlreadyCancelled",
        [f.hash(sell.order)],
      );
    });

    it("works while the exchange is paused", async () => {
      const [sell] = await signedPair(1n);
      await f.exchange.write.pause();
      await f.exchange.write.cancelOrder([f.hash(sell.order)], { account: bob.account });
    });
  });

  describe("cancelUpToNonce", () => {
    it("cancels every order below the floor once the delay has passed, and none at or above it", async () => {
      const [sell1, buy1] = await signedPair(1n);
      const [sell5, buy5] = await signedPair(5n);
      const tx = f.exchange.write.cancelUpToNonce([5n], { account: bob.account });
      const now = BigInt(await networkHelpers.time.latest()) + 1n;
      await f.viem.assertions.emitWithArgs(tx, f.exchange, "NonceFloorRequested", [
        bob.account.address,
        5n,
        now + CANCEL_DELAY,
      ]);
      assert.equal(await f.exchange.read.nonceFloor([bob.account.address]), 0n);

      await networkHelpers.time.increaseTo(now + CANCEL_DELAY);
      await expectError(f.settle([sell1, buy1], [fullFill(sell1.order)]), f.exchange, "OrderCancelled", [
        f.hash(sell1.order),
      ]);
      assert.equal(await f.exchange.read.nonceFloor([bob.account.address]), 5n);
      await f.settle([sell5, buy5], [fullFill(sell5.order)]);
    });

    it("keeps the floor in force while a higher one is pending", async () => {
      await f.exchange.write.cancelUpToNonce([5n], { account: bob.account });
      await networkHelpers.time.increase(CANCEL_DELAY);
      await f.exchange.write.cancelUpToNonce([10n], { account: bob.account });
      assert.equal(await f.exchange.read.nonceFloor([bob.account.address]), 5n);
      const [sell, buy] = await signedPair(4n);
      await expectError(f.settle([sell, buy], [fullFill(sell.order)]), f.exchange, "OrderCancelled", [
        f.hash(sell.order),
      ]);
      await networkHelpers.time.increase(CANCEL_DELAY);
      assert.equal(await f.exchange.read.nonceFloor([bob.account.address]), 10n);
    });

    it("reverts NonceFloorNotIncreasing for a floor not above the current or pending one", async () => {
      await f.exchange.write.cancelUpToNonce([5n], { account: bob.account });
      await expectError(
        f.exchange.write.cancelUpToNonce([5n], { account: bob.account }),
        f.exchange,
        "NonceFloorNotIncreasing",
        [5n, 5n],
      );
      await expectError(
        f.exchange.write.cancelUpToNonce([3n], { account: bob.account }),
        f.exchange,
        "NonceFloorNotIncreasing",
        [3n, 5n],
      );
    });
  });
});
