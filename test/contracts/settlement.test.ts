import assert from "node:assert/strict";
import { network } from "hardhat";
import { deployExchange, fullFill, ONE_USDC, ONE_WETH, type ExchangeFixture } from "./fixture.js";
import { Side } from "../../engine/protocol/index.js";

const connection = await network.create();
const { networkHelpers } = connection;

describe("Exchange.settle", () => {
  let f: ExchangeFixture;
  const fixture = () => deployExchange(connection);

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
  });

  it("moves internal balances and fees for a matched buy and sell", async () => {
    const [alice, bob] = f.traders;
    await f.fund(alice, f.usdc, 3000n * ONE_USDC);
    await f.fund(bob, f.weth, ONE_WETH);
    const sell = await f.sign(bob, f.order(bob.account.address, { side: Side.SELL }));
    const buy = await f.sign(alice, f.order(alice.account.address, { side: Side.BUY }));
    const fill = fullFill(sell.order, { makerFee: 3n * ONE_USDC, takerFee: ONE_WETH / 1000n });

    await f.settle([sell, buy], [fill]);

    const balance = (who: { account: { address: `0x${string}` } }, token: { address: `0x${string}` }) =>
      f.exchange.read.balanceOf([who.account.address, token.address]);
    assert.equal(await balance(alice, f.weth), ONE_WETH - ONE_WETH / 1000n);
    assert.equal(await balance(alice, f.usdc), 0n);
    assert.equal(await balance(bob, f.usdc), 2997n * ONE_USDC);
    assert.equal(await balance(bob, f.weth), 0n);
    assert.equal(await balance(f.feeRecipient, f.usdc), 3n * ONE_USDC);
    assert.equal(await balance(f.feeRecipient, f.weth), ONE_WETH / 1000n);
  });
});
