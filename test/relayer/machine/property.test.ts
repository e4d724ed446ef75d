/**
 * The engine (with the ledger's risk hook) and the ledger driven together by random streams of deposits, reorgs,
 * orders of every kind, cancels, expiries, auction batches, settlements, reverted fills and withdrawals. After every
 * record: money is conserved, nothing is negative, every lock matches what the engine still holds, and every order
 * the engine accepted was paid for at its limit out of available funds. A snapshot taken anywhere, stored as
 * canonical JSON and restored, then fed the rest of the stream, ends in the same state hash as the straight run.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import type { Command } from "../../../engine/index.js";
import { ledgerProblem, orderKey, orderRequirement } from "../../../relayer/ledger/index.js";
import {
  TradingMachine,
  type MachineCommand,
  type MachineResult,
  type MachineSnapshot,
} from "../../../relayer/machine/index.js";
import { canonicalParse, canonicalStringify } from "../../../relayer/sequencer/canonical-json.js";
import { placeCommand, placeStep, propertySettings, type PlaceStep } from "../../support/command-stream.js";
import { ALICE, BASE, BASE2, BOB, CAROL, QUOTE } from "../ledger/fixtures.js";
import { ledgerMarkets } from "../ledger/markets.js";

const DAVE = `0x${"d".repeat(40)}`;
/** Owners 1–4; owner 5 is never registered. Dave (owner 4) is also the fee recipient, so fees land on a trader. */
const OWNERS = [ALICE, BOB, CAROL, DAVE];
const TOKENS = [BASE, BASE2, QUOTE];

type Step =
  | { op: "deposit"; owner: number; token: number; amount: number }
  | { op: "reverse"; pick: number }
  | PlaceStep
  | { op: "cancel"; market: number; pick: number }
  | { op: "cancel-all"; owner: number }
  | { op: "expire" }
  | { op: "close-batch" }
  | { op: "settle"; mask: number; revert: boolean }
  | { op: "withdraw"; owner: number; token: number; amount: number }
  | { op: "withdrawal-done"; pick: number; ok: boolean };

const owner = fc.integer({ min: 1, max: 5 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("deposit" as const),
      owner: fc.integer({ min: 1, max: 4 }),
      token: fc.integer({ min: 0, max: 2 }),
      amount: fc.integer({ min: 1, max: 30_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("reverse" as const), pick: fc.nat() }) },
  // The engine streams' orders on fewer prices, owner 5 (never registered) among their owners, all offering 30 bps.
  {
    weight: 20,
    arbitrary: placeStep({
      prices: [97, 103],
      tifs: [0, 0, 0, 0, 1, 2, 3],
      ttls: [0, 0, 0, 0, 5, 30],
      owners: [1, 5],
      maxFeeBps: [30],
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("cancel" as const), market: fc.constantFrom(1, 1, 2), pick: fc.nat() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("cancel-all" as const), owner }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("expire" as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("close-batch" as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("settle" as const), mask: fc.nat(), revert: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("withdraw" as const),
      owner: fc.integer({ min: 1, max: 4 }),
      token: fc.integer({ min: 0, max: 2 }),
      amount: fc.integer({ min: 1, max: 20_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("withdrawal-done" as const), pick: fc.nat(), ok: fc.boolean() }),
  },
);

const newMachine = () => TradingMachine.create({ markets: ledgerMarkets(), feeRecipient: DAVE });

/** Turns a step into a record, reading the machine's state (pending fills, open withdrawals, live ids) as a relayer would. */
function toRecord(
  m: TradingMachine,
  s: Step,
  seq: number,
  time: number,
  ids: number[],
  nextId: () => number,
): MachineCommand {
  const at = { seq, time: time as never };
  switch (s.op) {
    case "deposit":
      return {
        ...at,
        type: "deposit-credited",
        depositId: `dep-${seq}`,
        account: OWNERS[s.owner - 1],
        token: TOKENS[s.token],
        amount: BigInt(s.amount),
      };
    case "reverse": {
      const deposits = m.ledger.depositIds();
      return {
        ...at,
        type: "deposit-reversed",
        depositId: deposits.length === 0 ? "none" : deposits[s.pick % deposits.length],
      };
    }
    case "place": {
      const id = nextId(); // never reused: the ledger's order keys stay unique over the stream
      ids.push(id);
      return placeCommand(s, seq, time, id);
    }
    case "cancel":
      return {
        ...at,
        type: "cancel",
        market: s.market as never,
        id: (ids.length === 0 ? 999_999 : ids[s.pick % ids.length]) as never,
      };
    case "cancel-all":
      return { ...at, type: "cancel-all", owner: s.owner as never };
    case "expire":
      return { ...at, type: "expire" };
    case "close-batch":
      return { ...at, type: "close-batch", market: 2 as never };
    case "settle": {
      const pending = m.ledger.pendingFillIds();
      const chosen = pending.filter((_, i) => (s.mask >> i) % 2 === 1 || pending.length > 20);
      // Now and then name a fill that is not pending: the record is refused and changes nothing.
      const fillIds = chosen.length === 0 ? [m.ledger.nextFillId] : chosen;
      return { ...at, type: s.revert ? "fills-reverted" : "fills-settled", fillIds };
    }
    case "withdraw":
      return {
        ...at,
        type: "withdrawal-requested",
        withdrawalId: `w-${seq}`,
        account: OWNERS[s.owner - 1],
        token: TOKENS[s.token],
        amount: BigInt(s.amount),
      };
    case "withdrawal-done": {
      const open = m.ledger.openWithdrawalIds();
      const withdrawalId = open.length === 0 ? "none" : open[s.pick % open.length];
      return { ...at, type: s.ok ? "withdrawal-settled" : "withdrawal-failed", withdrawalId };
    }
  }
}

interface Totals {
  net: Map<string, bigint>;
}

/** Runs the steps on a fresh machine, checking every invariant after every record; returns the records and results. */
function straightRun(steps: Step[]) {
  const m = newMachine();
  // Registration, then an opening deposit of 40,000 units of every token for every owner.
  const records: MachineCommand[] = OWNERS.map((address, i) => ({
    type: "register-owner",
    seq: i + 1,
    time: 1_000 as never,
    owner: i + 1,
    address,
  }));
  for (const account of OWNERS) {
    for (const token of TOKENS) {
      records.push({
        type: "deposit-credited",
        seq: records.length + 1,
        time: 1_000 as never,
        depositId: `open-${account}-${token}`,
        account,
        token,
        amount: 40_000n,
      });
    }
  }
  const results: MachineResult[] = records.map((r) => m.execute(r));
  const totals: Totals = { net: new Map(TOKENS.map((t) => [t, BigInt(OWNERS.length) * 40_000n])) };
  const ids: number[] = [];
  let id = 0;
  let time = 1_000;
  steps.forEach((s, i) => {
    time += s.op === "expire" ? 5 : i % 3 === 0 ? 1 : 0;
    const record = toRecord(m, s, records.length + 1, time, ids, () => ++id);
    const before = riskView(m, record);
    const deposit = record.type === "deposit-reversed" ? m.ledger.state().deposits.get(record.depositId) : undefined;
    const withdrawal =
      record.type === "withdrawal-settled" ? m.ledger.state().withdrawals.get(record.withdrawalId) : undefined;
    const result = m.execute(record);
    records.push(record);
    results.push(result);
    if (result.rejection === null) {
      if (record.type === "deposit-credited")
        totals.net.set(record.token, totals.net.get(record.token)! + record.amount);
      if (deposit !== undefined) totals.net.set(deposit.token, totals.net.get(deposit.token)! - deposit.amount);
      if (withdrawal !== undefined)
        totals.net.set(withdrawal.token, totals.net.get(withdrawal.token)! - withdrawal.amount);
    }
    check(m, totals, record, result, before);
  });
  return { m, records, results, totals };
}

/** Before a place: what the order needs and what its owner has available. */
function riskView(m: TradingMachine, r: MachineCommand) {
  if (r.type !== "place") return null;
  const market = ledgerMarkets().find((x) => x.id === r.market)!;
  const need = orderRequirement(market, r.side, r.price, r.size);
  const account = m.registry.address(r.owner);
  return { need: need.amount, available: account === undefined ? -1n : m.ledger.available(account, need.token) };
}

function check(
  m: TradingMachine,
  totals: Totals,
  record: MachineCommand,
  result: MachineResult,
  before: ReturnType<typeof riskView>,
): void {
  const where = `after ${JSON.stringify(record, (_k, v) => (typeof v === "bigint" ? `${v}` : v))}`;
  assert.equal(ledgerProblem(m.ledger), null, where); // nothing negative; locks, withdrawals, pending add up
  assert.equal(m.view.checkInvariants(), null, where);
  // Conservation: Σ over accounts of deposited + pendingIn − pendingOut = deposits credited − reversed − withdrawn.
  for (const token of TOKENS) {
    let sum = 0n;
    for (const a of OWNERS) sum += m.ledger.balance(a, token).total;
    assert.equal(sum, totals.net.get(token), `conservation of ${token} ${where}`);
  }
  // Risk: an order is accepted only if its owner could pay for it at its limit, and refused for risk only if not.
  if (record.type === "place") {
    const accepted = result.events.some((e) => e.type === "accepted" && e.id === record.id);
    if (accepted) assert.ok(before!.available >= before!.need, `accepted without funds ${where}`);
    if (result.events.some((e) => e.type === "rejected" && e.reason === "risk-rejected"))
      assert.ok(before!.available < before!.need, where);
  }
  // Every live order (resting, in a batch, or a waiting stop) holds a lock for exactly its remaining lots, and no other lock exists.
  const live = new Map<string, number>();
  for (const mk of m.view.snapshot().markets) {
    for (const o of mk.orders) live.set(orderKey(mk.config.id, o.id), o.remaining);
    for (const st of mk.stops) live.set(orderKey(mk.config.id, st.id), st.size);
  }
  assert.equal(m.ledger.state().orders.size, live.size, `locks vs live orders ${where}`);
  for (const [key, remaining] of live)
    assert.equal(m.ledger.orderLock(key)?.lots, remaining, `lock of ${key} ${where}`);
}

describe("ledger with the engine: random streams", () => {
  it("conserves every token, never goes negative, and never accepts an order its owner cannot pay at its limit", function () {
    this.timeout(20_000);
    let fills = 0;
    let refusals = 0;
    let riskRejected = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 20, maxLength: 150, size: "max" }), (steps) => {
        const { m, records, results, totals } = straightRun(steps);
        fills += results.reduce((n, r) => n + r.fillIds.length, 0);
        refusals += results.filter((r) => r.rejection !== null).length;
        riskRejected += results.filter((r) =>
          r.events.some((e) => e.type === "rejected" && e.reason === "risk-rejected"),
        ).length;
        // Wind down: everyone cancels, every pending fill settles, then deposited alone carries every token.
        let seq = records.length;
        for (let o = 1; o <= 5; o++)
          check(
            m,
            totals,
            { type: "cancel-all", seq: ++seq, time: 9_999 as never, owner: o as never } as Command,
            m.execute({ type: "cancel-all", seq, time: 9_999 as never, owner: o as never }),
            null,
          );
        const pending = m.ledger.pendingFillIds();
        if (pending.length > 0)
          assert.equal(
            m.execute({ type: "fills-settled", seq: ++seq, time: 9_999 as never, fillIds: pending }).rejection,
            null,
          );
        for (const token of TOKENS) {
          let sum = 0n;
          for (const a of OWNERS) {
            const b = m.ledger.balance(a, token);
            assert.equal(b.locked + b.pendingIn + b.pendingOut, 0n);
            sum += b.deposited;
          }
          assert.equal(sum, totals.net.get(token));
        }
      }),
      propertySettings(150),
    );
    // The streams must actually exercise the interesting paths.
    assert.ok(
      fills > 500 && refusals > 300 && riskRejected > 300,
      `fills ${fills}, refusals ${refusals}, risk rejections ${riskRejected}`,
    );
  });

  it("snapshot → canonical JSON → restore → the rest of the stream gives the same events and state hash as a straight run", function () {
    this.timeout(20_000);
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 100, size: "max" }), fc.nat(), (steps, cut) => {
        const { m, records, results } = straightRun(steps);
        const at = cut % (records.length + 1);
        const first = newMachine();
        for (const r of records.slice(0, at)) first.execute(r);
        const stored = canonicalStringify(first.snapshot());
        const second = TradingMachine.restore(canonicalParse(stored) as MachineSnapshot, { markets: ledgerMarkets() });
        assert.equal(second.stateHash(), first.stateHash());
        for (const [i, r] of records.slice(at).entries())
          assert.deepEqual(second.execute(r), results[at + i], `record ${r.seq}`);
        assert.equal(second.stateHash(), m.stateHash());
        assert.equal(second.lastSeq, m.lastSeq);
      }),
      propertySettings(80),
    );
  });
});
