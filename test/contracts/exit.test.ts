import assert from "node:assert/strict";
import { network } from "hardhat";
import { deployExchange, EXIT_DELAY, ONE_WETH, type ExchangeFixture } from "./fixture.js";
import { expectError } from "./expect-error.js";

const connection = await network.create();
const { networkHelpers } = connection;

describe("Exchange exit (escape hatch)", () => {
  let f: ExchangeFixture;
  let alice: ExchangeFixture["traders"][number];
  const fixture = () => deployExchange(connection);

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    [alice] = f.traders;
    await f.fund(alice, f.weth, ONE_WETH);
  });

  it("records the request and announces when the account may withdraw by itself", async () => {
    const tx = f.exchange.write.requestExit([], { account: alice.account });
    const now = BigInt(await networkHelpers.time.latest()) + 1n;
    await f.viem.assertions.emitWithArgs(tx, f.exchange, "ExitRequested", [alice.account.address, now + EXIT_DELAY]);
    assert.equal(await f.exchange.read.exitRequestedAt([alice.account.address]), now);
  });

  it("keeps the withdrawal time announced at the request when the admin later changes the exit delay", async () => {
    const tx = f.exchange.write.requestExit([], { account: alice.account });
    await tx;
    const announced = await f.exchange.read.exitWithdrawableAt([alice.account.address]);
    await f.exchange.write.setExitDelay([14n * 24n * 3600n]);
    await networkHelpers.time.increaseTo(announced as bigint);
    await f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account });
    assert.equal(await f.weth.read.balanceOf([alice.account.address]), ONE_WETH);
  });

  it("reverts ExitAlreadyRequested on a second request", async () => {
    await f.exchange.write.requestExit([], { account: alice.account });
    await expectError(
      f.exchange.write.requestExit([], { account: alice.account }),
      f.exchange,
      "ExitAlreadyRequested",
      [alice.account.address],
    );
  });

  it("cancels an exit request, and reverts ExitNotRequested when there is none", async () => {
    await expectError(f.exchange.write.cancelExit([], { account: alice.account }), f.exchange, "ExitNotRequested", [
      alice.account.address,
    ]);
    await f.exchange.write.requestExit([], { account: alice.account });
    await f.viem.assertions.emitWithArgs(
      f.exchange.write.cancelExit([], { account: alice.account }),
      f.exchange,
      "ExitCancelled",
      [alice.account.address],
    );
    assert.equal(await f.exchange.read.exitRequestedAt([alice.account.address]), 0n);
  });

  it("lets the account leave with its whole balance, without the operator, even while paused", async () => {
    await f.exchange.write.requestExit([], { account: alice.account });
    await f.exchange.write.pause();
    await networkHelpers.time.increase(EXIT_DELAY);
    await f.exchange.write.exitWithdraw([f.weth.address], { account: alice.account });
    assert.equal(await f.weth.read.balanceOf([alice.account.address]), ONE_WETH);
    assert.equal(await f.balanceOf(alice, f.weth), 0n);
  });
});
