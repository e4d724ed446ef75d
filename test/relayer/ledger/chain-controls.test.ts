/** The chain's order controls in the TradingMachine: exits, on-chain cancels and nonce floors cancel and refuse orders. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { EngineEvent } from "../../../engine/index.js";
import { TradingMachine, type MachineCommand, type MachineResult } from "../../../relayer/machine/index.js";
import { ALICE, BASE, BOB, FEES, QUOTE } from "./fixtures.js";
import { ledgerMarkets, place } from "./markets.js";

const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

/** A machine where Alice (owner 1) and Bob (owner 2) are registered and funded. */
function funded(): {
  machine: TradingMachine;
  log: MachineCommand[];
  run: (cmd: Omit<MachineCommand, "seq" | "time">) => MachineResult;
} {
  const machine = TradingMachine.create({ markets: ledgerMarkets(), feeRecipient: FEES });
  const log: MachineCommand[] = [];
  const run = (cmd: Omit<MachineCommand, "seq" | "time">) => {
    const full = { ...cmd, seq: log.length + 1, time: 1_000 } as MachineCommand;
    log.push(full);
    return machine.execute(full);
  };
  run({ type: "register-owner", owner: 1, address: ALICE } as never);
  run({ type: "register-owner", owner: 2, address: BOB } as never);
  run({ type: "deposit-credited", depositId: "d1", account: ALICE, token: QUOTE, amount: 1_000_000n } as never);
  run({ type: "deposit-credited", depositId: "d2", account: ALICE, token: BASE, amount: 1_000_000n } as never);
  run({ type: "deposit-credited", depositId: "d3", account: BOB, token: BASE, amount: 1_000_000n } as never);
  return { machine, log, run };
}

/** Alice's buy of 5 lots at 50 ticks, with a hash and nonce. */
const buy = (id: number, nonce: bigint, orderHash = hash(id)) => {
  const { seq: _s, time: _t, ...fields } = place(0, { id, owner: 1, side: 0, price: 50, size: 5 });
  return { ...fields, orderHash, nonce } as Omit<MachineCommand, "seq" | "time">;
};

const cancelledIds = (events: readonly EngineEvent[]) =>
  events.filter((e) => e.type === "cancelled" && e.remaining === 0).map((e) => (e as { id: number }).id);

describe("TradingMachine: the chain's order controls", () => {
  it("cancels every open order of an account that requests exit, and refuses its new orders until the exit is cancelled", () => {
    const { machine, run } = funded();
    run(buy(1, 1n));
    run(buy(2, 2n));
    const exit = run({ type: "account-exit-requested", eventId: "0xaa:0", account: ALICE } as never);
    assert.equal(exit.rejection, null);
    assert.deepEqual(cancelledIds(exit.events), [1, 2]);
    assert.equal(machine.view.hasOrder(1 as never, 1 as never), false);
    assert.equal(machine.ledger.balance(ALICE, QUOTE).locked, 0n, "the cancelled orders' locks are freed");

    const refused = run(buy(3, 3n));
    assert.deepEqual(refused, { events: [], fillIds: [], rejection: { code: "account-exiting", account: ALICE } });
    assert.equal(machine.view.hasOrder(1 as never, 3 as never), false);

    assert.equal(run({ type: "account-exit-cancelled", eventId: "0xab:0", account: ALICE } as never).rejection, null);
    assert.equal(run(buy(4, 4n)).events[0]?.type, "accepted");
  });

  it("cancels an open order cancelled on-chain and refuses it when it is submitted later", () => {
    const { machine, run } = funded();
    run(buy(1, 1n));
    run(buy(2, 2n));
    const r = run({
      type: "onchain-order-cancelled",
      eventId: "0xaa:1",
      maker: ALICE,
      orderHash: hash(2).toUpperCase().replace("0X", "0x"),
    } as never);
    assert.deepEqual(cancelledIds(r.events), [2]);
    assert.equal(machine.view.hasOrder(1 as never, 1 as never), true, "the maker's other order stays");

    const later = run(buy(7, 7n, hash(9)));
    assert.equal(later.rejection, null);
    run({ type: "onchain-order-cancelled", eventId: "0xaa:2", maker: ALICE, orderHash: hash(10) } as never);
    assert.deepEqual(run(buy(10, 10n)).rejection, {
      code: "order-cancelled-onchain",
      maker: ALICE,
      orderHash: hash(10),
    });
  });

  it("does not cancel another maker's order with the cancelled hash", () => {
    const { machine, run } = funded();
    run(buy(1, 1n));
    const r = run({ type: "onchain-order-cancelled", eventId: "0xaa:1", maker: BOB, orderHash: hash(1) } as never);
    assert.deepEqual(r.events, []);
    assert.equal(machine.view.hasOrder(1 as never, 1 as never), true);
  });

  it("cancels the maker's open orders below a nonce floor and refuses them later; the floor never goes down", () => {
    const { machine, run } = funded();
    for (const [id, nonce] of [
      [1, 3n],
      [2, 5n],
      [3, 4n],
    ] as const)
      run(buy(id, nonce));
    const r = run({ type: "onchain-nonce-floor", eventId: "0xaa:3", maker: ALICE, floor: 5n } as never);
    assert.deepEqual(cancelledIds(r.events), [1, 3], "cancelled in id order");
    assert.equal(machine.view.hasOrder(1 as never, 2 as never), true, "nonce 5 is not below the floor");
    assert.deepEqual(run(buy(4, 4n)).rejection, { code: "nonce-below-floor", maker: ALICE, nonce: 4n, floor: 5n });
    run({ type: "onchain-nonce-floor", eventId: "0xaa:4", maker: ALICE, floor: 2n } as never);
    assert.equal(machine.controls.nonceFloor(ALICE), 5n);
  });

  it("refuses a chain event applied twice, changing nothing", () => {
    const { machine, run } = funded();
    run({ type: "account-exit-requested", eventId: "0xaa:0", account: ALICE } as never);
    run({ type: "account-exit-cancelled", eventId: "0xaa:1", account: ALICE } as never);
    run(buy(1, 1n));
    const before = { ...machine.snapshot(), lastSeq: 0 };
    const again = run({ type: "account-exit-requested", eventId: "0xaa:0", account: ALICE } as never);
    assert.deepEqual(again.rejection, { code: "duplicate-chain-event", eventId: "0xaa:0" });
    assert.equal(
      machine.view.hasOrder(1 as never, 1 as never),
      true,
      "the order placed after the exit was cancelled stays",
    );
    assert.deepEqual({ ...machine.snapshot(), lastSeq: 0 }, before, "the refusal changed nothing");
  });

  it("refuses malformed control records as data", () => {
    const { run } = funded();
    assert.deepEqual(
      run({ type: "onchain-order-cancelled", eventId: "e", maker: ALICE, orderHash: "0x12" } as never).rejection,
      { code: "invalid-id", id: "0x12" },
    );
    assert.deepEqual(run({ type: "account-exit-requested", eventId: "e", account: "nope" } as never).rejection, {
      code: "invalid-address",
      address: "nope",
    });
    assert.deepEqual(
      run({ type: "onchain-nonce-floor", eventId: "e", maker: ALICE, floor: 1n << 64n } as never).rejection,
      { code: "invalid-amount", amount: 1n << 64n },
    );
  });

  it("forgets the identity of an order once it has left the book", () => {
    const { machine, run } = funded();
    run(buy(1, 1n));
    const { seq: _s, time: _t, ...sell } = place(0, { id: 2, owner: 2, side: 1, price: 50, size: 5 });
    run(sell as never);
    assert.deepEqual(machine.controls.snapshot().orders, [], "the buy filled completely");
  });

  it("replays the same records to the same state hash, and restores it from a snapshot", () => {
    const { machine, log, run } = funded();
    run(buy(1, 1n));
    run(buy(2, 6n));
    run({ type: "onchain-nonce-floor", eventId: "0xaa:3", maker: ALICE, floor: 5n } as never);
    run(buy(3, 7n, hash(30)));
    run({ type: "onchain-order-cancelled", eventId: "0xaa:4", maker: ALICE, orderHash: hash(30) } as never);
    run({ type: "account-exit-requested", eventId: "0xaa:5", account: BOB } as never);

    const replayed = TradingMachine.create({ markets: ledgerMarkets(), feeRecipient: FEES });
    for (const cmd of log) replayed.execute(cmd);
    assert.equal(replayed.stateHash(), machine.stateHash());

    const restored = TradingMachine.restore(machine.snapshot(), { markets: ledgerMarkets() });
    assert.equal(restored.stateHash(), machine.stateHash());
    assert.equal(restored.controls.isExiting(BOB), true);
    assert.equal(restored.controls.isCancelled(ALICE, hash(30)), true);
  });

  it("restores a version 1 snapshot (from before the controls) with none in force", () => {
    const { machine, run } = funded();
    run(buy(1, 1n));
    const { controls: _none, ...old } = { ...machine.snapshot(), version: 1 };
    const restored = TradingMachine.restore(old, { markets: ledgerMarkets() });
    assert.deepEqual(restored.controls.snapshot(), { exiting: [], cancelled: [], floors: [], events: [], orders: [] });
    assert.equal(restored.view.hasOrder(1 as never, 1 as never), true);
  });
});
