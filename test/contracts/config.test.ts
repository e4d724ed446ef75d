// ExchangeConfig: constructor checks, bounded parameters, pause, and the roles that gate them.
import assert from "node:assert/strict";
import { network } from "hardhat";
import { getAddress, parseEventLogs, stringToHex, type Address, type Hex } from "viem";
import { buildBatch, Side } from "../../protocol/index.js";
import {
  CANCEL_DELAY,
  deployExchange,
  EXIT_DELAY,
  fullFill,
  ONE_USDC,
  ONE_WETH,
  type ExchangeFixture,
} from "./fixture.js";
import { expectError } from "./expect-error.js";

const connection = await network.create();
const { networkHelpers } = connection;

const ZERO_ADDRESS: Address = "0x0000000000000000000000000000000000000000";
const DEFAULT_ADMIN_ROLE: Hex = `0x${"00".repeat(32)}`;
const CANCEL_DELAY_NAME = stringToHex("cancelDelay", { size: 32 });
const EXIT_DELAY_NAME = stringToHex("exitDelay", { size: 32 });

type Wallet = ExchangeFixture["traders"][number];
interface ConstructorOverrides {
  admin?: Address;
  operator?: Address;
  feeRecipient?: Address;
  cancelDelay?: bigint;
  exitDelay?: bigint;
}

describe("ExchangeConfig", () => {
  const fixture = () => deployExchange(connection);
  let f: ExchangeFixture;
  let alice: Wallet;
  let bob: Wallet;
  let carol: Wallet;
  let operatorRole: Hex;
  let maxCancelDelay: bigint;
  let minExitDelay: bigint;
  let maxExitDelay: bigint;

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    [alice, bob, carol] = f.traders;
    operatorRole = (await f.exchange.read.OPERATOR_ROLE()) as Hex;
    maxCancelDelay = (await f.exchange.read.MAX_CANCEL_DELAY()) as bigint;
    minExitDelay = (await f.exchange.read.MIN_EXIT_DELAY()) as bigint;
    maxExitDelay = (await f.exchange.read.MAX_EXIT_DELAY()) as bigint;
  });

  /** The fee recipient, checksummed like wallet addresses are not. */
  async function feeRecipient(): Promise<Address> {
    return getAddress((await f.exchange.read.feeRecipient()) as Address);
  }

  /** The constructor arguments of the fixture's exchange, with some replaced. */
  function constructorArgs(overrides: ConstructorOverrides = {}) {
    return [
      overrides.admin ?? f.admin.account.address,
      overrides.operator ?? f.operator.account.address,
      overrides.feeRecipient ?? f.feeRecipient.account.address,
      overrides.cancelDelay ?? CANCEL_DELAY,
      overrides.exitDelay ?? EXIT_DELAY,
    ] as const;
  }

  /** Deploys another exchange; a promise the revert assertions can take. */
  function deploy(overrides: ConstructorOverrides) {
    return f.viem.deployContract("Exchange", [...constructorArgs(overrides)]);
  }

  /** Bob sells one WETH to alice for 3000 USDC; bob pays 3 USDC, alice 0.001 WETH. Returns the batch. */
  async function matchedBatch(id: bigint) {
    await f.fund(alice, f.usdc, 3000n * ONE_USDC);
    await f.fund(bob, f.weth, ONE_WETH);
    const sell = await f.sign(bob, f.order(bob.account.address, { side: Side.SELL }));
    const buy = await f.sign(alice, f.order(alice.account.address, { side: Side.BUY }));
    return buildBatch(id, [sell, buy], [fullFill(sell.order, { makerFee: 3n * ONE_USDC, takerFee: ONE_WETH / 1000n })]);
  }

  describe("constructor", () => {
    it("grants the admin and operator roles and sets the fee recipient and delays", async () => {
      assert.equal(await f.exchange.read.hasRole([DEFAULT_ADMIN_ROLE, f.admin.account.address]), true);
      assert.equal(await f.exchange.read.hasRole([operatorRole, f.operator.account.address]), true);
      assert.equal(await f.exchange.read.hasRole([operatorRole, f.admin.account.address]), false);
      assert.equal(await f.exchange.read.hasRole([DEFAULT_ADMIN_ROLE, f.operator.account.address]), false);
      assert.equal(await feeRecipient(), getAddress(f.feeRecipient.account.address));
      assert.equal(await f.exchange.read.cancelDelay(), CANCEL_DELAY);
      assert.equal(await f.exchange.read.exitDelay(), EXIT_DELAY);
      assert.equal(await f.exchange.read.paused(), false);
    });

    it("emits FeeRecipientSet, CancelDelaySet and ExitDelaySet from their zero values", async () => {
      const { contract, deploymentTransaction } = await f.viem.sendDeploymentTransaction("Exchange", [
        ...constructorArgs(),
      ]);
      const deployment = deploymentTransaction.hash;

      await f.viem.assertions.emitWithArgs(deployment, contract, "FeeRecipientSet", [
        ZERO_ADDRESS,
        f.feeRecipient.account.address,
      ]);
      await f.viem.assertions.emitWithArgs(deployment, contract, "CancelDelaySet", [0n, CANCEL_DELAY]);
      await f.viem.assertions.emitWithArgs(deployment, contract, "ExitDelaySet", [0n, EXIT_DELAY]);
    });

    it("reverts with ZeroAddress for a zero admin", async () => {
      await expectError(deploy({ admin: ZERO_ADDRESS }), f.exchange, "ZeroAddress", []);
    });

    it("reverts with ZeroAddress for a zero operator", async () => {
      await expectError(deploy({ operator: ZERO_ADDRESS }), f.exchange, "ZeroAddress", []);
    });

    it("reverts with ZeroAddress for a zero fee recipient", async () => {
      await expectError(deploy({ feeRecipient: ZERO_ADDRESS }), f.exchange, "ZeroAddress", []);
    });

    it("reverts with ParameterOutOfRange for a cancel delay above MAX_CANCEL_DELAY", async () => {
      await expectError(deploy({ cancelDelay: maxCancelDelay + 1n }), f.exchange, "ParameterOutOfRange", [
        CANCEL_DELAY_NAME,
        maxCancelDelay + 1n,
        0n,
        maxCancelDelay,
      ]);
    });

    it("reverts with ParameterOutOfRange for an exit delay below MIN_EXIT_DELAY", async () => {
      await expectError(deploy({ exitDelay: minExitDelay - 1n }), f.exchange, "ParameterOutOfRange", [
        EXIT_DELAY_NAME,
        minExitDelay - 1n,
        minExitDelay,
        maxExitDelay,
      ]);
    });

    it("reverts with ParameterOutOfRange for an exit delay above MAX_EXIT_DELAY", async () => {
      await expectError(deploy({ exitDelay: maxExitDelay + 1n }), f.exchange, "ParameterOutOfRange", [
        EXIT_DELAY_NAME,
        maxExitDelay + 1n,
        minExitDelay,
        maxExitDelay,
      ]);
    });

    it("deploys with the delays at their bounds", async () => {
      const low = await deploy({ cancelDelay: 0n, exitDelay: minExitDelay });
      const high = await deploy({ cancelDelay: maxCancelDelay, exitDelay: maxExitDelay });

      assert.equal(await low.read.cancelDelay(), 0n);
      assert.equal(await low.read.exitDelay(), minExitDelay);
      assert.equal(await high.read.cancelDelay(), maxCancelDelay);
      assert.equal(await high.read.exitDelay(), maxExitDelay);
    });
  });

  describe("bounds", () => {
    it("are one day for the cancel delay and ten minutes to fourteen days for the exit delay", () => {
      assert.equal(maxCancelDelay, 24n * 3600n);
      assert.equal(minExitDelay, 10n * 60n);
      assert.equal(maxExitDelay, 14n * 24n * 3600n);
    });
  });

  describe("setCancelDelay", () => {
    it("sets the delay and emits CancelDelaySet with the previous and new values", async () => {
      await f.viem.assertions.emitWithArgs(f.exchange.write.setCancelDelay([120n]), f.exchange, "CancelDelaySet", [
        CANCEL_DELAY,
        120n,
      ]);
      assert.equal(await f.exchange.read.cancelDelay(), 120n);
    });

    it("accepts zero and MAX_CANCEL_DELAY", async () => {
      await f.exchange.write.setCancelDelay([0n]);
      assert.equal(await f.exchange.read.cancelDelay(), 0n);

      await f.exchange.write.setCancelDelay([maxCancelDelay]);
      assert.equal(await f.exchange.read.cancelDelay(), maxCancelDelay);
    });

    it("reverts with ParameterOutOfRange one second above MAX_CANCEL_DELAY", async () => {
      await expectError(f.exchange.write.setCancelDelay([maxCancelDelay + 1n]), f.exchange, "ParameterOutOfRange", [
        CANCEL_DELAY_NAME,
        maxCancelDelay + 1n,
        0n,
        maxCancelDelay,
      ]);
      assert.equal(await f.exchange.read.cancelDelay(), CANCEL_DELAY);
    });

    it("reverts with ParameterOutOfRange for a value that would not fit 32 bits", async () => {
      await expectError(f.exchange.write.setCancelDelay([2n ** 32n]), f.exchange, "ParameterOutOfRange", [
        CANCEL_DELAY_NAME,
        2n ** 32n,
        0n,
        maxCancelDelay,
      ]);
    });

    it("reverts with AccessControlUnauthorizedAccount when the operator calls it", async () => {
      await expectError(
        f.exchange.write.setCancelDelay([120n], { account: f.operator.account }),
        f.exchange,
        "AccessControlUnauthorizedAccount",
        [f.operator.account.address, DEFAULT_ADMIN_ROLE],
      );
    });

    it("applies the new delay to cancels requested after it", async () => {
      await f.exchange.write.setCancelDelay([600n]);
      const hash = f.hash(f.order(alice.account.address));

      await f.exchange.write.cancelOrder([hash], { account: alice.account });

      const requestedAt = BigInt(await networkHelpers.time.latest());
      assert.equal(await f.exchange.read.cancelledAt([alice.account.address, hash]), requestedAt + 600n);
    });
  });

  describe("setExitDelay", () => {
    it("sets the delay and emits ExitDelaySet with the previous and new values", async () => {
      await f.viem.assertions.emitWithArgs(f.exchange.write.setExitDelay([7200n]), f.exchange, "ExitDelaySet", [
        EXIT_DELAY,
        7200n,
      ]);
      assert.equal(await f.exchange.read.exitDelay(), 7200n);
    });

    it("accepts MIN_EXIT_DELAY and MAX_EXIT_DELAY", async () => {
      await f.exchange.write.setExitDelay([minExitDelay]);
      assert.equal(await f.exchange.read.exitDelay(), minExitDelay);

      await f.exchange.write.setExitDelay([maxExitDelay]);
      assert.equal(await f.exchange.read.exitDelay(), maxExitDelay);
    });

    it("reverts with ParameterOutOfRange one second below MIN_EXIT_DELAY", async () => {
      await expectError(f.exchange.write.setExitDelay([minExitDelay - 1n]), f.exchange, "ParameterOutOfRange", [
        EXIT_DELAY_NAME,
        minExitDelay - 1n,
        minExitDelay,
        maxExitDelay,
      ]);
      assert.equal(await f.exchange.read.exitDelay(), EXIT_DELAY);
    });

    it("reverts with ParameterOutOfRange for zero", async () => {
      await expectError(f.exchange.write.setExitDelay([0n]), f.exchange, "ParameterOutOfRange", [
        EXIT_DELAY_NAME,
        0n,
        minExitDelay,
        maxExitDelay,
      ]);
    });

    it("reverts with ParameterOutOfRange one second above MAX_EXIT_DELAY", async () => {
      await expectError(f.exchange.write.setExitDelay([maxExitDelay + 1n]), f.exchange, "ParameterOutOfRange", [
        EXIT_DELAY_NAME,
        maxExitDelay + 1n,
        minExitDelay,
        maxExitDelay,
      ]);
      assert.equal(await f.exchange.read.exitDelay(), EXIT_DELAY);
    });

    it("reverts with AccessControlUnauthorizedAccount when a trader calls it", async () => {
      await expectError(
        f.exchange.write.setExitDelay([7200n], { account: alice.account }),
        f.exchange,
        "AccessControlUnauthorizedAccount",
        [alice.account.address, DEFAULT_ADMIN_ROLE],
      );
    });

    it("announces the new delay to exits requested after it", async () => {
      await f.exchange.write.setExitDelay([7200n]);
      const next = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(next);

      await f.viem.assertions.emitWithArgs(
        f.exchange.write.requestExit([], { account: alice.account }),
        f.exchange,
        "ExitRequested",
        [alice.account.address, next + 7200n],
      );
    });
  });

  describe("setFeeRecipient", () => {
    it("sets the recipient and emits FeeRecipientSet with the previous and new accounts", async () => {
      await f.viem.assertions.emitWithArgs(
        f.exchange.write.setFeeRecipient([carol.account.address]),
        f.exchange,
        "FeeRecipientSet",
        [f.feeRecipient.account.address, carol.account.address],
      );
      assert.equal(await feeRecipient(), getAddress(carol.account.address));
    });

    it("reverts with ZeroAddress for the zero address", async () => {
      await expectError(f.exchange.write.setFeeRecipient([ZERO_ADDRESS]), f.exchange, "ZeroAddress", []);
      assert.equal(await feeRecipient(), getAddress(f.feeRecipient.account.address));
    });

    it("reverts with AccessControlUnauthorizedAccount when the fee recipient itself calls it", async () => {
      await expectError(
        f.exchange.write.setFeeRecipient([carol.account.address], { account: f.feeRecipient.account }),
        f.exchange,
        "AccessControlUnauthorizedAccount",
        [f.feeRecipient.account.address, DEFAULT_ADMIN_ROLE],
      );
    });

    it("sends the fees of later settlements to the new recipient, and none to the previous one", async () => {
      const batch = await matchedBatch(1n);
      await f.exchange.write.setFeeRecipient([carol.account.address]);

      const receipt = await f.publicClient.waitForTransactionReceipt({
        hash: await f.asOperator.write.settle([batch]),
      });

      const [settled] = parseEventLogs({ abi: f.exchange.abi, logs: receipt.logs, eventName: "BatchSettled" });
      assert.equal(
        getAddress((settled.args as { feeRecipient: Address }).feeRecipient),
        getAddress(carol.account.address),
      );
      assert.equal(await f.balanceOf(carol, f.usdc), 3n * ONE_USDC);
      assert.equal(await f.balanceOf(carol, f.weth), ONE_WETH / 1000n);
      assert.equal(await f.balanceOf(f.feeRecipient, f.usdc), 0n);
      assert.equal(await f.balanceOf(f.feeRecipient, f.weth), 0n);
    });
  });

  describe("pause and unpause", () => {
    it("pauses for the admin, emitting Paused", async () => {
      await f.viem.assertions.emitWithArgs(
        f.exchange.write.pause([], { account: f.admin.account }),
        f.exchange,
        "Paused",
        [f.admin.account.address],
      );
      assert.equal(await f.exchange.read.paused(), true);
    });

    it("unpauses for the admin, emitting Unpaused", async () => {
      await f.exchange.write.pause([], { account: f.admin.account });

      await f.viem.assertions.emitWithArgs(
        f.exchange.write.unpause([], { account: f.admin.account }),
        f.exchange,
        "Unpaused",
        [f.admin.account.address],
      );
      assert.equal(await f.exchange.read.paused(), false);
    });

    it("reverts pause with AccessControlUnauthorizedAccount for the operator", async () => {
      await expectError(
        f.exchange.write.pause([], { account: f.operator.account }),
        f.exchange,
        "AccessControlUnauthorizedAccount",
        [f.operator.account.address, DEFAULT_ADMIN_ROLE],
      );
    });

    it("reverts unpause with AccessControlUnauthorizedAccount for the operator", async () => {
      await f.exchange.write.pause([], { account: f.admin.account });

      await expectError(
        f.exchange.write.unpause([], { account: f.operator.account }),
        f.exchange,
        "AccessControlUnauthorizedAccount",
        [f.operator.account.address, DEFAULT_ADMIN_ROLE],
      );
      assert.equal(await f.exchange.read.paused(), true);
    });

    it("reverts pause with EnforcedPause when already paused", async () => {
      await f.exchange.write.pause([], { account: f.admin.account });

      await expectError(f.exchange.write.pause([], { account: f.admin.account }), f.exchange, "EnforcedPause", []);
    });

    it("reverts unpause with ExpectedPause when not paused", async () => {
      await expectError(f.exchange.write.unpause([], { account: f.admin.account }), f.exchange, "ExpectedPause", []);
    });

    it("stops settlement while paused, and the same batch settles after unpause", async () => {
      const batch = await matchedBatch(1n);
      await f.exchange.write.pause([], { account: f.admin.account });

      await expectError(f.asOperator.write.settle([batch]), f.exchange, "EnforcedPause", []);

      await f.exchange.write.unpause([], { account: f.admin.account });
      await f.asOperator.write.settle([batch]);
      assert.equal(await f.exchange.read.isBatchSettled([1n]), true);
    });

    it("lets parameters change while paused", async () => {
      await f.exchange.write.pause([], { account: f.admin.account });

      await f.exchange.write.setCancelDelay([0n]);
      await f.exchange.write.setExitDelay([minExitDelay]);
      await f.exchange.write.setFeeRecipient([carol.account.address]);

      assert.equal(await f.exchange.read.cancelDelay(), 0n);
      assert.equal(await f.exchange.read.exitDelay(), minExitDelay);
      assert.equal(await feeRecipient(), getAddress(carol.account.address));
    });
  });

  describe("roles", () => {
    it("lets an operator the admin granted OPERATOR_ROLE settle a batch", async () => {
      const batch = await matchedBatch(1n);
      await f.viem.assertions.emitWithArgs(
        f.exchange.write.grantRole([operatorRole, carol.account.address]),
        f.exchange,
        "RoleGranted",
        [operatorRole, carol.account.address, f.admin.account.address],
      );

      await f.exchange.write.settle([batch], { account: carol.account });

      assert.equal(await f.exchange.read.isBatchSettled([1n]), true);
      assert.equal(await f.balanceOf(alice, f.weth), ONE_WETH - ONE_WETH / 1000n);
      assert.equal(await f.balanceOf(bob, f.usdc), 2997n * ONE_USDC);
    });

    it("refuses settlement by an account without OPERATOR_ROLE", async () => {
      const batch = await matchedBatch(1n);

      await expectError(
        f.exchange.write.settle([batch], { account: carol.account }),
        f.exchange,
        "AccessControlUnauthorizedAccount",
        [carol.account.address, operatorRole],
      );
    });

    it("refuses settlement by an operator whose role the admin revoked", async () => {
      const batch = await matchedBatch(1n);
      await f.exchange.write.grantRole([operatorRole, carol.account.address]);
      await f.exchange.write.revokeRole([operatorRole, carol.account.address]);

      await expectError(
        f.exchange.write.settle([batch], { account: carol.account }),
        f.exchange,
        "AccessControlUnauthorizedAccount",
        [carol.account.address, operatorRole],
      );
      assert.equal(await f.exchange.read.hasRole([operatorRole, carol.account.address]), false);
    });

    it("keeps the first operator working when a second is granted and revoked", async () => {
      const batch = await matchedBatch(1n);
      await f.exchange.write.grantRole([operatorRole, carol.account.address]);
      await f.exchange.write.revokeRole([operatorRole, carol.account.address]);

      await f.asOperator.write.settle([batch]);

      assert.equal(await f.exchange.read.isBatchSettled([1n]), true);
    });

    it("refuses settlement by the original operator once its role is revoked", async () => {
      const batch = await matchedBatch(1n);
      await f.exchange.write.revokeRole([operatorRole, f.operator.account.address]);

      await expectError(f.asOperator.write.settle([batch]), f.exchange, "AccessControlUnauthorizedAccount", [
        f.operator.account.address,
        operatorRole,
      ]);
    });

    it("reverts with AccessControlUnauthorizedAccount when the operator grants OPERATOR_ROLE", async () => {
      await expectError(
        f.exchange.write.grantRole([operatorRole, carol.account.address], { account: f.operator.account }),
        f.exchange,
        "AccessControlUnauthorizedAccount",
        [f.operator.account.address, DEFAULT_ADMIN_ROLE],
      );
    });

    it("lets a newly granted admin set parameters, and not the admin who renounced", async () => {
      await f.exchange.write.grantRole([DEFAULT_ADMIN_ROLE, carol.account.address]);
      await f.exchange.write.renounceRole([DEFAULT_ADMIN_ROLE, f.admin.account.address]);

      await f.exchange.write.setCancelDelay([5n], { account: carol.account });
      assert.equal(await f.exchange.read.cancelDelay(), 5n);
      await expectError(
        f.exchange.write.setCancelDelay([6n], { account: f.admin.account }),
        f.exchange,
        "AccessControlUnauthorizedAccount",
        [f.admin.account.address, DEFAULT_ADMIN_ROLE],
      );
    });
  });
});
