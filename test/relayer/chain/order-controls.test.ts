// The chain watcher's order controls on a real Hardhat chain and a real sequencer: on-chain cancels, nonce floors
// and exit requests cancel and refuse orders once they have N confirmations, a reorg before N changes nothing, and
// a restart (replay from the log) gives the same state hash.
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { network } from "hardhat";
import type { Address } from "viem";
import type { EngineCommandInput } from "../../../relayer/sequencer/index.js";
import { BASE, QUOTE } from "../ledger/fixtures.js";
import { place } from "../ledger/markets.js";
import { deployWatched, Harness, type Watched } from "./helpers.js";

const connection = await network.create();
const { networkHelpers } = connection;
const fixture = () => deployWatched(connection);

const N = 3;
const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;

describe("ChainWatcher: on-chain cancels, nonce floors and exits", () => {
  let f: Watched;
  let h: Harness;
  let alice: Watched["traders"][number];
  let maker: Address;

  /** Alice (owner 1) with quote to buy; her buy order `id` with hash(id) and `nonce`. */
  async function buy(id: number, nonce: bigint) {
    const { seq: _s, time: _t, ...fields } = place(0, { id, owner: 1, side: 0, price: 50, size: 5 });
    return h.sequencer.submit({ ...fields, orderHash: hash(id), nonce } as EngineCommandInput);
  }
  const live = (id: number) => h.sequencer.view.hasOrder(1 as never, id as never);
  const mined = async (write: Promise<`0x${string}`>) =>
    f.publicClient.waitForTransactionReceipt({ hash: await write });

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    h = await Harness.create();
    alice = f.traders[0];
    maker = alice.account.address;
    await h.sequencer.submit({ type: "register-owner", owner: 1, address: maker });
    await h.sequencer.submit({
      type: "deposit-credited",
      depositId: "seed",
      account: maker,
      token: QUOTE,
      amount: 10_000_000n,
    });
    await h.sequencer.submit({
      type: "deposit-credited",
      depositId: "seed2",
      account: maker,
      token: BASE,
      amount: 10_000_000n,
    });
  });
  afterEach(async () => {
    await h?.close();
    h = undefined as unknown as Harness;
  });

  it("cancels an order cancelled on-chain only at N confirmations, and refuses it when it is submitted again", async () => {
    const watcher = await h.watcher(f, N);
    await buy(1, 1n);
    await buy(2, 2n);
    await mined(f.exchange.write.cancelOrder([hash(1)], { account: alice.account }));

    assert.deepEqual((await watcher.pollOnce()).applied, [], "1 confirmation");
    await networkHelpers.mine(N - 2);
    await watcher.pollOnce();
    assert.equal(live(1), true, "N − 1 confirmations: still matched");

    await networkHelpers.mine(1);
    const poll = await watcher.pollOnce();
    assert.equal(poll.applied.length, 1);
    assert.equal(live(1), false);
    assert.equal(live(2), true);
    const again = await buy(1, 1n);
    assert.deepEqual(again.rejection, {
      code: "order-cancelled-onchain",
      maker: maker.toLowerCase(),
      orderHash: hash(1),
    });
  });

  it("cancels the maker's orders below an on-chain nonce floor and refuses them later", async () => {
    const watcher = await h.watcher(f, N);
    await buy(1, 3n);
    await buy(2, 8n);
    await mined(f.exchange.write.cancelUpToNonce([5n], { account: alice.account }));
    await networkHelpers.mine(N - 1);
    const poll = await watcher.pollOnce();
    assert.equal(poll.applied.length, 1);
    assert.deepEqual([live(1), live(2)], [false, true]);
    assert.deepEqual((await buy(3, 4n)).rejection, {
      code: "nonce-below-floor",
      maker: maker.toLowerCase(),
      nonce: 4n,
      floor: 5n,
    });
  });

  it("cancels all of an exiting account's orders and refuses its new ones until ExitCancelled", async () => {
    const watcher = await h.watcher(f, 1);
    await buy(1, 1n);
    await buy(2, 2n);
    await mined(f.exchange.write.requestExit([], { account: alice.account }));
    await watcher.pollOnce();
    assert.deepEqual([live(1), live(2)], [false, false]);
    assert.deepEqual((await buy(3, 3n)).rejection, { code: "account-exiting", account: maker.toLowerCase() });

    await mined(f.exchange.write.cancelExit([], { account: alice.account }));
    await watcher.pollOnce();
    const placed = await buy(4, 4n);
    assert.equal(placed.rejection, null);
    assert.equal(placed.events[0]?.type, "accepted");
  });

  it("applies controls in the chain's order within one poll: an exit and its cancellation leave the account trading", async () => {
    const watcher = await h.watcher(f, 1);
    await buy(1, 1n);
    await mined(f.exchange.write.requestExit([], { account: alice.account }));
    await mined(f.exchange.write.cancelExit([], { account: alice.account }));
    const poll = await watcher.pollOnce();
    assert.equal(poll.applied.length, 2);
    assert.equal(live(1), false, "the exit request cancelled the open order");
    assert.equal((await buy(2, 2n)).rejection, null);
  });

  it("changes nothing for a cancel or an exit reorged out before N confirmations", async () => {
    const watcher = await h.watcher(f, N);
    await buy(1, 1n);
    await watcher.pollOnce();
    const before = h.sequencer.stateHash();
    const fork = await networkHelpers.takeSnapshot();
    await mined(f.exchange.write.cancelOrder([hash(1)], { account: alice.account }));
    await mined(f.exchange.write.requestExit([], { account: alice.account }));
    assert.deepEqual((await watcher.pollOnce()).applied, [], "2 confirmations of the cancel");

    await fork.restore();
    await networkHelpers.mine(N + 4); // the new chain has neither transaction
    const poll = await watcher.pollOnce();
    assert.deepEqual([poll.applied, poll.reversed], [[], []]);
    assert.equal(live(1), true);
    assert.equal(h.sequencer.stateHash(), before, "nothing was submitted");
  });

  it("rebuilds the same state from the log after a restart, and does not apply an event twice when the cursor is lost", async () => {
    const watcher = await h.watcher(f, 1);
    await buy(1, 1n);
    await buy(2, 9n);
    await mined(f.exchange.write.cancelOrder([hash(2)], { account: alice.account }));
    await mined(f.exchange.write.cancelUpToNonce([2n], { account: alice.account }));
    await mined(f.exchange.write.requestExit([], { account: f.traders[1].account })); // Bob: no orders, exiting
    const first = await watcher.pollOnce();
    assert.equal(first.applied.length, 3);
    assert.deepEqual([live(1), live(2)], [false, false]);
    const hashBefore = h.sequencer.stateHash();

    await watcher.close();
    await h.sequencer.close();
    await h.openSequencer();
    assert.equal(h.sequencer.stateHash(), hashBefore, "replay from the log gives the same state hash");

    await rmCursor(h);
    const rescan = await (await h.watcher(f, 1)).pollOnce();
    assert.deepEqual([rescan.applied, rescan.alreadyApplied.length], [[], 3]);
    assert.deepEqual([live(1), live(2)], [false, false]);
    assert.equal((await buy(3, 5n)).rejection, null, "Alice still trades above her floor");
  });
});

/** Deletes the watcher's cursor store, as if it had been lost. */
async function rmCursor(h: Harness): Promise<void> {
  await rm(join(h.dir, "chain-watcher"), { recursive: true, force: true });
}
