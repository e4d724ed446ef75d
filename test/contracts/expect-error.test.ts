import assert from "node:assert/strict";
import { network } from "hardhat";
import { isAddressEqual, type Address } from "viem";
import { deployExchange, ONE_WETH, type ExchangeFixture } from "./fixture.js";
import { expectError } from "./expect-error.js";

const connection = await network.create();
const { networkHelpers } = connection;

describe("expectError (the contract tests' revert assertion)", () => {
  let f: ExchangeFixture;
  let alice: ExchangeFixture["traders"][number];
  const fixture = () => deployExchange(connection);
  const exit = () => f.exchange.write.cancelExit([], { account: alice.account });

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    [alice] = f.traders;
  });

  it("passes when the call reverts with the named error and exactly its values", async () => {
    await expectError(exit(), f.exchange, "ExitNotRequested", [alice.account.address]);
  });

  it("compares addresses without regard to checksum case", async () => {
    await expectError(exit(), f.exchange, "ExitNotRequested", [alice.account.address.toLowerCase()]);
  });

  it("accepts a predicate for a value the test cannot know in advance, and fails when the predicate refuses it", async () => {
    await expectError(exit(), f.exchange, "ExitNotRequested", [
      (account: string) => isAddressEqual(account as Address, alice.account.address),
    ]);
    await assert.rejects(expectError(exit(), f.exchange, "ExitNotRequested", [() => false]), assert.AssertionError);
  });

  it("fails when the call reverts with another error", async () => {
    await assert.rejects(
      expectError(exit(), f.exchange, "ExitAlreadyRequested", [alice.account.address]),
      /reverted with ExitNotRequested/,
    );
  });

  it("fails when a value differs", async () => {
    await assert.rejects(
      expectError(exit(), f.exchange, "ExitNotRequested", [f.traders[1].account.address]),
      /the values of ExitNotRequested/,
    );
  });

  it("fails when the call does not revert", async () => {
    await f.fund(alice, f.weth, ONE_WETH);
    await assert.rejects(
      expectError(f.exchange.write.requestExit([], { account: alice.account }), f.exchange, "ExitNotRequested", []),
      /did not revert/,
    );
  });

  it("fails when the revert is no error of the given contract", async () => {
    await assert.rejects(
      expectError(exit(), f.weth, "ExitNotRequested", [alice.account.address]),
      /no error of the given contract/,
    );
  });
});
