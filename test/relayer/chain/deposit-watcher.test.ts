// The chain watcher's deposit path on a real Hardhat chain and a real sequencer: credits after N confirmations,
// exactly once across restarts, reversals on a reorg, amounts from the event.
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { network } from "hardhat";
import { ONE_WETH } from "../../contracts/fixture.js";
import { signal } from "../../support/signal.js";
import { deployWatched, deposit, FEE_BPS, Harness, type Watched } from "./helpers.js";

const connection = await network.create();
const { networkHelpers } = connection;
const fixture = () => deployWatched(connection);

describe("ChainWatcher: deposits", () => {
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

  it("does not credit a deposit before N confirmations and credits it exactly once after", async () => {
    const watcher = await h.watcher(f, 3);
    const [alice] = f.traders;
    const d = await deposit(f, alice, f.weth, 5n * ONE_WETH);

    assert.deepEqual((await watcher.pollOnce()).credited, []); // 1 confirmation
    await networkHelpers.mine(1);
    assert.deepEqual((await watcher.pollOnce()).credited, []); // 2 confirmations
    assert.equal(h.deposited(d.account, d.token), 0n);

    await networkHelpers.mine(1);
    const third = await watcher.pollOnce(); // 3 confirmations
    assert.deepEqual(third.credited, [d.id]);
    assert.equal(third.cursor, d.blockNumber);
    assert.equal(h.deposited(d.account, d.token), 5n * ONE_WETH);

    await networkHelpers.mine(5);
    const later = await watcher.pollOnce();
    assert.deepEqual([later.credited, later.alreadyCredited], [[], []]);
    assert.deepEqual(h.depositIds(), [d.id]);
    assert.equal(h.deposited(d.account, d.token), 5n * ONE_WETH);
  });

  it("credits several deposits in block and log order", async () => {
    const watcher = await h.watcher(f, 1);
    const [alice, bob] = f.traders;
    const a = await deposit(f, alice, f.weth, ONE_WETH);
    const b = await deposit(f, bob, f.weth, 2n * ONE_WETH);
    const c = await deposit(f, alice, f.usdc, 7n);
    assert.deepEqual((await watcher.pollOnce()).credited, [a.id, b.id, c.id]);
    assert.equal(h.deposited(alice.account.address, f.weth.address), ONE_WETH);
    assert.equal(h.deposited(bob.account.address, f.weth.address), 2n * ONE_WETH);
    assert.equal(h.deposited(alice.account.address, f.usdc.address), 7n);
  });

  it("does not credit twice after a restart of the watcher and the sequencer on the same data directory", async () => {
    const [alice] = f.traders;
    const d = await deposit(f, alice, f.weth, ONE_WETH);
    const first = await h.watcher(f, 2);
    await networkHelpers.mine(1);
    assert.deepEqual((await first.pollOnce()).credited, [d.id]);
    await first.close();
    await h.sequencer.close();

    await h.openSequencer();
    await networkHelpers.mine(3);
    const second = await h.watcher(f, 2);
    const again = await second.pollOnce();
    assert.deepEqual([again.credited, again.alreadyCredited], [[], []]);
    assert.equal(h.deposited(d.account, d.token), ONE_WETH);
  });

  it("treats the ledger's refusal of a repeated id as already done when its cursor is lost", async () => {
    const [alice] = f.traders;
    const d = await deposit(f, alice, f.weth, ONE_WETH);
    const first = await h.watcher(f, 1);
    assert.deepEqual((await first.pollOnce()).credited, [d.id]);
    await first.close();
    // As if the process died after the credit was logged and before the cursor was written.
    await rm(join(h.dir, "chain-watcher"), { recursive: true, force: true });

    const second = await h.watcher(f, 1);
    const again = await second.pollOnce();
    assert.deepEqual([again.credited, again.alreadyCredited], [[], [d.id]]);
    assert.equal(h.deposited(d.account, d.token), ONE_WETH);
  });

  it("credits what the contract credited for a fee-on-transfer token, from the event", async () => {
    const watcher = await h.watcher(f, 1);
    const [alice] = f.traders;
    const sent = 1_000_000n;
    const d = await deposit(f, alice, f.feeToken, sent);
    const received = sent - (sent * FEE_BPS) / 10_000n;
    assert.equal(d.amount, received);
    assert.deepEqual((await watcher.pollOnce()).credited, [d.id]);
    assert.equal(h.deposited(d.account, d.token), received);
    assert.equal(h.deposited(d.account, d.token), await f.exchange.read.balanceOf([d.account, d.token]));
  });

  it("polls on its own after start() and stops cleanly", async () => {
    const credited = signal();
    const watcher = await h.watcher(f, 1, {
      pollIntervalMs: 5,
      // The test waits for the watcher's own poll to submit the credit, not for a time it hopes is long enough.
      submit: async (record) => {
        const ack = await h.sequencer.submit(record);
        if (record.type === "deposit-credited") credited.resolve();
        return ack;
      },
    });
    const [alice] = f.traders;
    const d = await deposit(f, alice, f.weth, ONE_WETH);
    watcher.start();
    await credited.promise;
    await watcher.stop();
    assert.equal(h.deposited(d.account, d.token), ONE_WETH);
  });
});
