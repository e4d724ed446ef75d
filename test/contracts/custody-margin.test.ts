// The Exchange's margin hook (contracts/exchange/MarginCustody.sol): a module the admin grants moves an account's
// available quote balance into its margin pool and back, inside the Exchange's custody. The module here is a plain
// account holding the role: the hook's rules do not depend on what the module is.
import assert from "node:assert/strict";
import { keccak256, toHex } from "viem";
import { network } from "hardhat";
import { deployExchange, ONE_USDC, type ExchangeFixture } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const MARGIN_MODULE_ROLE = keccak256(toHex("MARGIN_MODULE_ROLE"));

type Wallet = ExchangeFixture["traders"][number];

describe("Exchange margin custody", () => {
  let f: ExchangeFixture;
  let alice: Wallet;
  let module: Wallet;
  let otherModule: Wallet;

  async function fixture() {
    const base = await deployExchange(connection);
    const [trader, moduleWallet, otherWallet] = base.traders;
    await base.fund(trader, base.usdc, 1_000n * ONE_USDC);
    for (const wallet of [moduleWallet, otherWallet])
      await base.exchange.write.grantRole([MARGIN_MODULE_ROLE, wallet.account.address], {
        account: base.admin.account,
      });
    return base;
  }

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    [alice, module, otherModule] = f.traders;
  });

  const toMargin = (amount: bigint, by: Wallet = module) =>
    f.exchange.write.moveToMargin([alice.account.address, f.usdc.address, amount], { account: by.account });
  const fromMargin = (amount: bigint, by: Wallet = module) =>
    f.exchange.write.moveFromMargin([alice.account.address, f.usdc.address, amount], { account: by.account });
  const pool = async (of: Wallet = module): Promise<bigint> =>
    f.exchange.read.marginPool([of.account.address, f.usdc.address]) as Promise<bigint>;
  const usdcBalance = () => f.balanceOf(alice, f.usdc);

  /** The custody invariant with margin: the Exchange holds at least every spot balance plus every margin pool. */
  async function assertCustodyCovers() {
    const held = (await f.usdc.read.balanceOf([f.exchange.address])) as bigint;
    let owed = (await pool(module)) + (await pool(otherModule));
    for (const wallet of [f.feeRecipient, ...f.traders]) owed += (await f.balanceOf(wallet, f.usdc)) as bigint;
    assert.ok(held >= owed, `custody ${held} < owed ${owed}`);
  }

  it("moves an account's available balance into the module's pool, keeping the tokens in custody", async () => {
    const held = await f.usdc.read.balanceOf([f.exchange.address]);
    await toMargin(400n * ONE_USDC);
    assert.equal(await usdcBalance(), 600n * ONE_USDC);
    assert.equal(await pool(), 400n * ONE_USDC);
    assert.equal(await f.usdc.read.balanceOf([f.exchange.address]), held);
    await assertCustodyCovers();
  });

  it("moves collateral back from the module's pool to the account's available balance", async () => {
    await toMargin(400n * ONE_USDC);
    await fromMargin(150n * ONE_USDC);
    assert.equal(await usdcBalance(), 750n * ONE_USDC);
    assert.equal(await pool(), 250n * ONE_USDC);
    await assertCustodyCovers();
  });

  it("emits MovedToMargin and MovedFromMargin with the module, the account, the token and the amount", async () => {
    const args = [module.account.address, alice.account.address, f.usdc.address, 5n * ONE_USDC] as const;
    await f.viem.assertions.emitWithArgs(toMargin(5n * ONE_USDC), f.exchange, "MovedToMargin", [...args]);
    await f.viem.assertions.emitWithArgs(fromMargin(5n * ONE_USDC), f.exchange, "MovedFromMargin", [...args]);
  });

  it("refuses to move more than the account's available balance, with InsufficientBalance", async () => {
    await f.viem.assertions.revertWithCustomErrorWithArgs(
      toMargin(1_001n * ONE_USDC),
      f.exchange,
      "InsufficientBalance",
      [alice.account.address, f.usdc.address, 1_000n * ONE_USDC, 1_001n * ONE_USDC],
    );
  });

  it("refuses to return more than the calling module's pool holds, with MarginPoolInsufficient", async () => {
    await toMargin(100n * ONE_USDC, otherModule);
    await toMargin(50n * ONE_USDC);
    await f.viem.assertions.revertWithCustomErrorWithArgs(
      fromMargin(51n * ONE_USDC),
      f.exchange,
      "MarginPoolInsufficient",
      [module.account.address, f.usdc.address, 50n * ONE_USDC, 51n * ONE_USDC],
    );
    assert.equal(await pool(otherModule), 100n * ONE_USDC);
  });

  it("refuses zero amounts with ZeroAmount and a zero recipient with ZeroAddress", async () => {
    await toMargin(10n * ONE_USDC);
    await f.viem.assertions.revertWithCustomErrorWithArgs(toMargin(0n), f.exchange, "ZeroAmount", []);
    await f.viem.assertions.revertWithCustomErrorWithArgs(fromMargin(0n), f.exchange, "ZeroAmount", []);
    await f.viem.assertions.revertWithCustomErrorWithArgs(
      f.exchange.write.moveFromMargin(["0x0000000000000000000000000000000000000000", f.usdc.address, 1n], {
        account: module.account,
      }),
      f.exchange,
      "ZeroAddress",
      [],
    );
  });

  it("refuses callers without MARGIN_MODULE_ROLE, including a module the admin revoked", async () => {
    await f.viem.assertions.revertWithCustomErrorWithArgs(
      toMargin(1n, alice),
      f.exchange,
      "AccessControlUnauthorizedAccount",
      [alice.account.address, MARGIN_MODULE_ROLE],
    );
    await toMargin(10n * ONE_USDC);
    await f.exchange.write.revokeRole([MARGIN_MODULE_ROLE, module.account.address], { account: f.admin.account });
    await f.viem.assertions.revertWithCustomErrorWithArgs(
      fromMargin(1n),
      f.exchange,
      "AccessControlUnauthorizedAccount",
      [module.account.address, MARGIN_MODULE_ROLE],
    );
  });

  it("keeps moving collateral in and out while the exchange is paused (deposits and exits are never paused)", async () => {
    await f.exchange.write.pause([], { account: f.admin.account });
    await toMargin(10n * ONE_USDC);
    await fromMargin(10n * ONE_USDC);
    assert.equal(await usdcBalance(), 1_000n * ONE_USDC);
  });
});
