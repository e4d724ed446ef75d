/** The engine with the ledger's risk hook: what an order locks, when the engine refuses it, and how its events move funds. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { canonicalParse, canonicalStringify } from "../../../relayer/sequencer/canonical-json.js";
import { OrderKind, TimeInForce } from "../../../engine/index.js";
import { ledgerProblem, LedgerEngineMismatchError, LedgerSnapshotError } from "../../../relayer/ledger/index.js";
import { TradingMachine, type MachineSnapshot } from "../../../relayer/machine/index.js";
import { ALICE, BASE, BOB, FEES, funds, QUOTE, zero } from "./fixtures.js";
import { ledgerMarkets, place, record } from "./markets.js";

/** Alice is owner 1, Bob owner 2; Alice holds `quote` quote units, Bob `base` base units. */
function machine(quote = 100_000n, base = 100_000n) {
  const m = TradingMachine.create({ markets: ledgerMarkets(), feeRecipient: FEES });
  let seq = 0;
  const run = (c: Parameters<typeof m.execute>[0]) => m.execute({ ...c, seq: ++seq });
  run(record(0, { type: "register-owner", owner: 1, address: ALICE }));
  run(record(0, { type: "register-owner", owner: 2, address: BOB }));
  if (quote > 0n)
    run(record(0, { type: "deposit-credited", depositId: "q", account: ALICE, token: QUOTE, amount: quote }));
  if (base > 0n) run(record(0, { type: "deposit-credited", depositId: "b", account: BOB, token: BASE, amount: base }));
  return { m, run };
}

const types = (events: { type: string }[]) => events.map((e) => e.type);

describe("ledger bridge: the engine's risk hook and events", () => {
  it("accepts a buy only with size × limit × tickSize of quote available, and locks exactly that", () => {
    const { m, run } = machine(6_999n);
    // 10 lots at 100 ticks: 10 × 100 × 7 = 7,000 quote. Fees are paid in base, so nothing more is needed.
    const refused = run(place(0, { id: 1, owner: 1, side: 0, price: 100, size: 10 }));
    assert.deepEqual(refused.events, [{ type: "rejected", market: 1, id: 1, reason: "risk-rejected" }]);
    run(record(0, { type: "deposit-credited", depositId: "q2", account: ALICE, token: QUOTE, amount: 1n }));
    assert.equal(types(run(place(0, { id: 1, owner: 1, side: 0, price: 100, size: 10 })).events)[0], "accepted");
    assert.deepEqual(funds(m.ledger, ALICE, QUOTE), { ...zero, deposited: 7_000n, locked: 7_000n });
  });

  it("accepts a sell only with size × lotSize of base available", () => {
    const { m, run } = machine(0n, 5_000n);
    assert.equal(run(place(0, { id: 1, owner: 2, side: 1, price: 1, size: 6 })).events[0].type, "rejected");
    assert.equal(run(place(0, { id: 2, owner: 2, side: 1, price: 1, size: 5 })).events[0].type, "accepted");
    assert.equal(m.ledger.balance(BOB, BASE).locked, 5_000n);
  });

  it("refuses an order from an owner no record registered", () => {
    const { run } = machine();
    assert.deepEqual(run(place(0, { id: 1, owner: 9, side: 0, price: 100, size: 1 })).events, [
      { type: "rejected", market: 1, id: 1, reason: "risk-rejected" },
    ]);
  });

  it("locks a market buy at its protective worst price", () => {
    const { m, run } = machine();
    run(place(0, { id: 1, owner: 2, side: 1, price: 90, size: 2 }));
    const r = run(
      place(0, { id: 2, owner: 1, side: 0, price: 200, size: 5, kind: OrderKind.Market, tif: TimeInForce.IOC }),
    );
    assert.deepEqual(types(r.events), ["accepted", "fill", "level", "cancelled"]);
    // Locked 5 × 200 × 7 = 7,000 on acceptance; 2 lots filled at 90 (1,260 pending out), 3 cancelled: nothing stays locked.
    assert.deepEqual(funds(m.ledger, ALICE, QUOTE), {
      ...zero,
      deposited: 100_000n,
      pendingOut: 1_260n,
      available: 98_740n,
    });
  });

  it("turns a fill into pending amounts with the market's fees, and gives it a fill id", () => {
    const { m, run } = machine();
    run(place(0, { id: 1, owner: 2, side: 1, price: 90, size: 4 })); // Bob's sell rests: he is the maker
    const r = run(place(0, { id: 2, owner: 1, side: 0, price: 100, size: 10 }));
    assert.deepEqual(r.fillIds, [1]);
    // 4 lots at 90: base 4,000, quote 2,520; Alice (taker, buyer) pays 15 bps of 4,000 = 6 base, Bob (maker) 5 bps of 2,520 = 1 quote.
    assert.deepEqual(m.ledger.pendingFill(1), {
      buyer: ALICE,
      seller: BOB,
      feeRecipient: FEES,
      baseToken: BASE,
      quoteToken: QUOTE,
      base: 4_000n,
      quote: 2_520n,
      buyerFee: 6n,
      sellerFee: 1n,
    });
    assert.deepEqual(funds(m.ledger, ALICE, QUOTE), {
      ...zero,
      deposited: 100_000n,
      locked: 4_200n,
      pendingOut: 2_520n,
      available: 93_280n,
    });
    assert.deepEqual(funds(m.ledger, BOB, BASE), {
      ...zero,
      deposited: 100_000n,
      pendingOut: 4_000n,
      available: 96_000n,
    });
    assert.equal(m.ledger.balance(FEES, BASE).pendingIn, 6n);
    assert.equal(run(record(0, { type: "fills-settled", fillIds: [1] })).rejection, null);
    assert.equal(m.ledger.balance(ALICE, BASE).deposited, 3_994n);
    assert.equal(ledgerProblem(m.ledger), null);
  });

  it("frees the lock of lots that leave the book by cancel or expiry", () => {
    const { m, run } = machine(100_000n, 0n);
    run(place(0, { id: 1, owner: 1, side: 0, price: 100, size: 10 }));
    run(place(0, { id: 2, owner: 1, side: 0, price: 50, size: 10, expiry: 1_005 as never }));
    assert.equal(m.ledger.balance(ALICE, QUOTE).locked, 10_500n);
    assert.equal(
      run({ type: "cancel", seq: 0, time: 1_001 as never, market: 1 as never, id: 1 as never }).events[0].type,
      "cancelled",
    );
    assert.equal(m.ledger.balance(ALICE, QUOTE).locked, 3_500n);
    assert.deepEqual(types(run({ type: "expire", seq: 0, time: 1_010 as never }).events), ["expired", "level"]);
    assert.deepEqual(funds(m.ledger, ALICE, QUOTE), { ...zero, deposited: 100_000n, available: 100_000n });
    assert.equal(m.ledger.orderLock("1/2"), undefined);
  });

  it("locks a stop when it is accepted and keeps the lock while it waits, triggers and rests, until it fills", () => {
    const { m, run } = machine();
    run(place(0, { id: 1, owner: 2, side: 1, price: 100, size: 1 }));
    run(place(0, { id: 2, owner: 1, side: 0, price: 100, size: 1 })); // trade at 100: last price 100
    run(
      place(0, { id: 3, owner: 1, side: 0, price: 110, size: 2, kind: OrderKind.StopLimit, stopPrice: 105 as never }),
    );
    assert.deepEqual(m.ledger.orderLock("1/3"), { account: ALICE, token: QUOTE, unitPerLot: 770n, lots: 2 });
    run(place(0, { id: 4, owner: 2, side: 1, price: 106, size: 1 }));
    const trigger = run(place(0, { id: 5, owner: 1, side: 0, price: 106, size: 1 })); // trade at 106 triggers the stop
    assert.ok(types(trigger.events).includes("triggered"));
    assert.equal(m.ledger.orderLock("1/3")!.lots, 2, "the triggered stop rests at 110 with its lock");
    const fill = run(place(0, { id: 6, owner: 2, side: 1, price: 110, size: 2 }));
    assert.equal(fill.fillIds.length, 1);
    assert.equal(m.ledger.orderLock("1/3"), undefined);
    // Alice paid 100 × 7, 106 × 7 and 2 × 110 × 7 quote, all pending; nothing is locked any more.
    assert.deepEqual(funds(m.ledger, ALICE, QUOTE), {
      ...zero,
      deposited: 100_000n,
      pendingOut: 2_982n,
      available: 97_018n,
    });
    assert.equal(ledgerProblem(m.ledger), null);
  });

  it("returns a ledger record's refusal and changes nothing", () => {
    const { m, run } = machine();
    const before = canonicalStringify(m.snapshot().ledger);
    assert.deepEqual(
      run(
        record(0, { type: "withdrawal-requested", withdrawalId: "w", account: ALICE, token: QUOTE, amount: 100_001n }),
      ).rejection,
      {
        code: "insufficient-available",
        account: ALICE,
        token: QUOTE,
        needed: 100_001n,
        available: 100_000n,
      },
    );
    assert.deepEqual(run(record(0, { type: "register-owner", owner: 1, address: BOB })).rejection, {
      code: "duplicate-owner",
      owner: 1,
    });
    assert.deepEqual(run(record(0, { type: "fills-settled", fillIds: [1] })).rejection, {
      code: "unknown-fill",
      fillId: 1,
    });
    assert.equal(canonicalStringify(m.snapshot().ledger), before);
    assert.equal(m.lastSeq, 7, "a refused record still advances the machine's sequence number");
  });

  it("restores from a snapshot through canonical JSON to the same state hash, and refuses other markets or a tampered ledger", () => {
    const { m, run } = machine();
    run(place(0, { id: 1, owner: 2, side: 1, price: 90, size: 4 }));
    run(place(0, { id: 2, owner: 1, side: 0, price: 100, size: 10 }));
    const text = canonicalStringify(m.snapshot());
    const restored = TradingMachine.restore(canonicalParse(text) as MachineSnapshot, { markets: ledgerMarkets() });
    assert.equal(restored.stateHash(), m.stateHash());
    assert.throws(
      () => TradingMachine.restore(canonicalParse(text) as MachineSnapshot, { markets: ledgerMarkets().slice(0, 1) }),
      LedgerSnapshotError,
    );
    const tampered = canonicalParse(text) as MachineSnapshot;
    (tampered.ledger.balances[0] as { locked: bigint }).locked += 1n;
    assert.throws(() => TradingMachine.restore(tampered, { markets: ledgerMarkets() }), /inconsistent ledger snapshot/);
  });

  it("fails stop when the engine reports a fill the ledger cannot back", () => {
    const { m } = machine();
    const bridge = (m as unknown as { bridge: { fill: (...a: number[]) => void } }).bridge;
    assert.throws(() => bridge.fill(1, 1, 2, 1, 2, 0, 100, 1, 5, 15), LedgerEngineMismatchError);
  });
});
