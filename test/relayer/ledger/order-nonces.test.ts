/** Nonce reuse in the TradingMachine: a maker's nonce carried by a live order or by an order that traded is refused. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { TradingMachine, type MachineCommand, type MachineResult } from "../../../relayer/machine/index.js";
import { ALICE, BASE, BOB, FEES, QUOTE } from "./fixtures.js";
import { ledgerMarkets, place } from "./markets.js";

const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

/** A machine where Alice (owner 1) and Bob (owner 2) are registered and funded in both tokens. */
function funded() {
  const machine = TradingMachine.create({ markets: ledgerMarkets(), feeRecipient: FEES });
  const log: MachineCommand[] = [];
  const run = (cmd: Omit<MachineCommand, "seq" | "time">): MachineResult => {
    const full = { ...cmd, seq: log.length + 1, time: 1_000 } as MachineCommand;
    log.push(full);
    return machine.execute(full);
  };
  run({ type: "register-owner", owner: 1, address: ALICE } as never);
  run({ type: "register-owner", owner: 2, address: BOB } as never);
  for (const [i, account] of [ALICE, BOB].entries()) {
    run({ type: "deposit-credited", depositId: `q${i}`, account, token: QUOTE, amount: 1_000_000n } as never);
    run({ type: "deposit-credited", depositId: `b${i}`, account, token: BASE, amount: 1_000_000n } as never);
  }
  return { machine, log, run };
}

/** An order of `owner` with a hash and nonce; `side` 0 buys, 1 sells, 5 lots at 50 ticks unless told otherwise. */
const order = (
  id: number,
  owner: number,
  side: 0 | 1,
  nonce: bigint,
  extra: { size?: number; market?: number; tif?: number } = {},
) => {
  const {
    seq: _s,
    time: _t,
    ...fields
  } = place(0, {
    id,
    owner,
    side,
    price: 50,
    size: extra.size ?? 5,
    ...(extra.market ? { market: extra.market } : {}),
    ...(extra.tif !== undefined ? { tif: extra.tif } : {}),
  } as never);
  return { ...fields, orderHash: hash(1000 + id), nonce } as Omit<MachineCommand, "seq" | "time">;
};

const accepted = (r: MachineResult) => r.rejection === null && r.events.some((e) => e.type === "accepted");

describe("TradingMachine: order nonces", () => {
  it("refuses a sell that reuses the nonce of the maker's completed sell, and matches nothing (the stalled-settlement attack)", () => {
    const { machine, run } = funded();
    assert.ok(accepted(run(order(1, 1, 1, 7n, { size: 3 }))));
    const firstFill = run(order(2, 2, 0, 1n, { size: 3 }));
    assert.equal(firstFill.events.filter((e) => e.type === "fill").length, 1, "Bob's buy completes Alice's sell");

    const locked = machine.ledger.balance(ALICE, BASE).locked;
    const reuse = run(order(3, 1, 1, 7n, { size: 2 }));
    assert.deepEqual(reuse, {
      events: [],
      fillIds: [],
      rejection: { code: "nonce-used", maker: ALICE, nonce: 7n, by: "traded-order" },
    });
    assert.equal(machine.view.hasOrder(1 as never, 3 as never), false);
    assert.equal(machine.ledger.balance(ALICE, BASE).locked, locked, "nothing is locked for the refused sell");
    assert.equal(machine.ledger.nextFillId, 2, "and nothing can match it");
  });

  it("refuses an order whose nonce a live order of the same maker carries (its on-chain twin), in any market", () => {
    const { run } = funded();
    assert.ok(accepted(run(order(1, 1, 0, 9n))));
    assert.deepEqual(run(order(2, 1, 0, 9n)).rejection, {
      code: "nonce-used",
      maker: ALICE,
      nonce: 9n,
      by: "live-order",
    });
    assert.deepEqual(run(order(3, 1, 1, 9n, { market: 2 })).rejection, {
      code: "nonce-used",
      maker: ALICE,
      nonce: 9n,
      by: "live-order",
    });
    assert.equal(run(order(4, 2, 0, 9n)).rejection, null, "another maker's nonces are its own");
  });

  it("refuses a nonce once an order that carried it traded, even partly and then cancelled", () => {
    const { run } = funded();
    run(order(1, 1, 1, 4n, { size: 5 }));
    run(order(2, 2, 0, 1n, { size: 2 })); // Alice's sell is partly filled
    run({ type: "cancel", market: 1, id: 1, owner: 1 } as never);
    assert.deepEqual(run(order(3, 1, 1, 4n)).rejection, {
      code: "nonce-used",
      maker: ALICE,
      nonce: 4n,
      by: "traded-order",
    });
  });

  it("marks the nonce of a taker filled on arrival as traded", () => {
    const { run } = funded();
    run(order(1, 2, 1, 1n, { size: 5 }));
    run(order(2, 1, 0, 3n, { size: 5 })); // Alice's buy takes all at once: never resting
    assert.deepEqual(run(order(3, 1, 0, 3n)).rejection, {
      code: "nonce-used",
      maker: ALICE,
      nonce: 3n,
      by: "traded-order",
    });
  });

  it("frees a nonce whose order left the book without trading", () => {
    const { run } = funded();
    run(order(1, 1, 0, 5n));
    run({ type: "cancel", market: 1, id: 1, owner: 1 } as never);
    assert.ok(accepted(run(order(2, 1, 0, 5n))));
  });

  it("forgets the chain identity of a taker filled on arrival (it never rests)", () => {
    const { machine, run } = funded();
    run(order(1, 2, 1, 1n, { size: 5 }));
    run(order(2, 1, 0, 3n, { size: 5 }));
    assert.deepEqual(machine.controls.snapshot().orders, []);
  });

  it("replays the same records to the same refusals and state hash, and restores the nonces from a snapshot", () => {
    const { machine, log, run } = funded();
    run(order(1, 1, 1, 7n, { size: 3 }));
    run(order(2, 2, 0, 1n, { size: 3 }));
    run(order(3, 1, 0, 8n));
    run(order(4, 1, 1, 7n));

    const replayed = TradingMachine.create({ markets: ledgerMarkets(), feeRecipient: FEES });
    const refusals = log.map((cmd) => replayed.execute(cmd).rejection?.code ?? null);
    assert.deepEqual(refusals.slice(-4), [null, null, null, "nonce-used"]);
    assert.equal(replayed.stateHash(), machine.stateHash());

    const restored = TradingMachine.restore(machine.snapshot(), { markets: ledgerMarkets() });
    assert.equal(restored.stateHash(), machine.stateHash());
    const next = { ...order(5, 1, 0, 8n), seq: 100, time: 1_000 } as MachineCommand;
    assert.equal(restored.execute(next).rejection?.code, "nonce-used", "the live order's nonce survives the snapshot");
    const traded = { ...order(6, 1, 1, 7n), seq: 101, time: 1_000 } as MachineCommand;
    assert.equal(restored.execute(traded).rejection?.code, "nonce-used", "the traded nonce survives the snapshot");
  });
});
