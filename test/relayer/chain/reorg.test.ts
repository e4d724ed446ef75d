// Reorgs on a real Hardhat chain: evm_snapshot/evm_revert (takeSnapshot/restore) and then mining other blocks
// replaces processed blocks, as a reorg would. The watcher reverses what it credited from them, newest first,
// and re-scans the new chain.
import assert from "node:assert/strict";
import { network } from "hardhat";
import { ChainWatcherError } from "../../../relayer/chain/index.js";
import { ONE_WETH } from "../../contracts/fixture.js";
import { deployWatched, deposit, Harness, type Watched } from "./helpers.js";

const connection = await network.create();
const { networkHelpers } = connection;
const fixture = () => deployWatched(connection);

describe("ChainWatcher on a reorg", () => {
  let f: Watched;
  let h: Harness;

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    h = await Harness.create();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined as unknown as Harness;
  });

  it("reverses a deposit whose block the new chain replaced, and credits it again under its id in the new chain", async () => {
    const watcher = await h.watcher(f, 2);
    const [alice] = f.traders;
    const fork = await networkHelpers.takeSnapshot();
    const d = await deposit(f, alice, f.weth, 3n * ONE_WETH);
    await networkHelpers.mine(1);
    assert.deepEqual((await watcher.pollOnce()).credited, [d.id]);

    await fork.restore();
    await networkHelpers.mine(8); // a longer chain of other blocks
    const reorg = await watcher.pollOnce();
    assert.deepEqual(reorg.reversed, [d.id]);
    assert.deepEqual(reorg.credited, []);
    assert.equal(h.deposited(d.account, d.token), 0n);
    assert.deepEqual(h.depositIds(), []);

    const again = await deposit(f, alice, f.weth, 3n * ONE_WETH);
    await networkHelpers.mine(1);
    assert.deepEqual((await watcher.pollOnce()).credited, [again.id]);
    assert.deepEqual(h.depositIds(), [again.id]);
    assert.equal(h.deposited(d.account, d.token), 3n * ONE_WETH);
  });

  it("reverses a deposit whose block disappeared (the new chain is shorter)", async () => {
    const watcher = await h.watcher(f, 1);
    const [alice] = f.traders;
    const fork = await networkHelpers.takeSnapshot();
    const d = await deposit(f, alice, f.weth, ONE_WETH);
    assert.deepEqual((await watcher.pollOnce()).credited, [d.id]);

    await fork.restore();
    const reorg = await watcher.pollOnce();
    assert.deepEqual([reorg.reversed, reorg.credited], [[d.id], []]);
    assert.equal(reorg.cursor, f.fromBlock);
    assert.equal(h.deposited(d.account, d.token), 0n);
  });

  it("reverses only the deposits of the orphaned blocks, newest first, and keeps the rest", async () => {
    const watcher = await h.watcher(f, 1);
    const [alice, bob, carol] = f.traders;
    const kept = await deposit(f, alice, f.weth, ONE_WETH);
    const fork = await networkHelpers.takeSnapshot();
    const a = await deposit(f, bob, f.weth, 2n * ONE_WETH);
    const b = await deposit(f, carol, f.usdc, 5n);
    assert.deepEqual((await watcher.pollOnce()).credited, [kept.id, a.id, b.id]);

    await fork.restore();
    await networkHelpers.mine(20);
    const reorg = await watcher.pollOnce();
    assert.deepEqual(reorg.reversed, [b.id, a.id]);
    assert.deepEqual(h.depositIds(), [kept.id]);
    assert.equal(h.deposited(alice.account.address, f.weth.address), ONE_WETH);
    assert.equal(h.deposited(bob.account.address, f.weth.address), 0n);
    assert.equal(h.deposited(carol.account.address, f.usdc.address), 0n);
  });

  it("finds a reorg that happened while it was down (new instance, same data directory)", async () => {
    const first = await h.watcher(f, 1);
    const [alice] = f.traders;
    const fork = await networkHelpers.takeSnapshot();
    const d = await deposit(f, alice, f.weth, ONE_WETH);
    assert.deepEqual((await first.pollOnce()).credited, [d.id]);
    await first.close();

    await fork.restore();
    await networkHelpers.mine(4);
    const second = await h.watcher(f, 1);
    assert.deepEqual((await second.pollOnce()).reversed, [d.id]);
    assert.equal(h.deposited(d.account, d.token), 0n);
  });

  it("stops with REORG_TOO_DEEP when no remembered block is left on the chain", async () => {
    const watcher = await h.watcher(f, 1, { window: 2 });
    const [alice] = f.traders;
    const fork = await networkHelpers.takeSnapshot();
    await networkHelpers.mine(5);
    await deposit(f, alice, f.weth, ONE_WETH);
    await watcher.pollOnce();

    await fork.restore();
    await networkHelpers.mine(12);
    await assert.rejects(
      watcher.pollOnce(),
      (e: unknown) => e instanceof ChainWatcherError && e.code === "REORG_TOO_DEEP",
    );
  });
});
