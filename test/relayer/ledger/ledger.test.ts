/** The ledger's operations: each one's effect on the formulas, and each typed refusal (which changes nothing). */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { ledgerProblem, type Ledger } from "../../../relayer/ledger/index.js";
import { ALICE, BASE, BASE2, BOB, CAROL, FEES, funds, newLedger, ok, QUOTE, refused, zero } from "./fixtures.js";

/** Alice (buyer) has 10,000 quote and a buy of 10 lots at 700 quote per lot; Bob (seller) 10,000 base and a sell of 10 lots of 1,000. */
function booked(): Ledger {
  const l = newLedger();
  ok(l.creditDeposit("d1", ALICE, QUOTE, 10_000n));
  ok(l.creditDeposit("d2", BOB, BASE, 10_000n));
  ok(l.lockOrder({ order: "1/1", account: ALICE, token: QUOTE, lots: 10, unitPerLot: 700n }));
  ok(l.lockOrder({ order: "1/2", account: BOB, token: BASE, lots: 10, unitPerLot: 1_000n }));
  return l;
}

/** 4 lots at 90 ticks × 7: base 4,000, quote 2,520; buyer fee 15 bps of base = 6, seller fee 5 bps of quote = 1. */
const FILL = {
  buyOrder: "1/1",
  sellOrder: "1/2",
  lots: 4,
  baseToken: BASE,
  quoteToken: QUOTE,
  base: 4_000n,
  quote: 2_520n,
  buyerFee: 6n,
  sellerFee: 1n,
};

describe("ledger: deposits", () => {
  it("credits a deposit to deposited and available", () => {
    const l = newLedger();
    ok(l.creditDeposit("tx1:0", ALICE.toUpperCase().replace("0X", "0x"), QUOTE, 500n));
    assert.deepEqual(funds(l, ALICE, QUOTE), { ...zero, deposited: 500n, available: 500n });
  });

  it("refuses to credit the same deposit twice", () => {
    const l = newLedger();
    ok(l.creditDeposit("tx1:0", ALICE, QUOTE, 500n));
    refused(l, () => l.creditDeposit("tx1:0", ALICE, QUOTE, 500n), { code: "duplicate-deposit", depositId: "tx1:0" });
  });

  it("refuses a zero, negative or non-bigint amount, a malformed address and an empty id", () => {
    const l = newLedger();
    refused(l, () => l.creditDeposit("d", ALICE, QUOTE, 0n), { code: "invalid-amount", amount: 0n });
    refused(l, () => l.creditDeposit("d", ALICE, QUOTE, -1n), { code: "invalid-amount", amount: -1n });
    refused(l, () => l.creditDeposit("d", ALICE, QUOTE, 5 as never), { code: "invalid-amount", amount: 5 });
    refused(l, () => l.creditDeposit("d", "0x1234", QUOTE, 1n), { code: "invalid-address", address: "0x1234" });
    refused(l, () => l.creditDeposit("", ALICE, QUOTE, 1n), { code: "invalid-id", id: "" });
  });

  it("reverses a credited deposit on a reorg", () => {
    const l = newLedger();
    ok(l.creditDeposit("d1", ALICE, QUOTE, 500n));
    ok(l.creditDeposit("d2", ALICE, QUOTE, 200n));
    ok(l.reverseDeposit("d1"));
    assert.deepEqual(funds(l, ALICE, QUOTE), { ...zero, deposited: 200n, available: 200n });
    assert.deepEqual(l.depositIds(), ["d2"]);
  });

  it("refuses to reverse a deposit it never credited", () => {
    const l = newLedger();
    refused(l, () => l.reverseDeposit("nope"), { code: "unknown-deposit", depositId: "nope" });
  });

  it("refuses to reverse a deposit whose funds an order has locked", () => {
    const l = booked();
    refused(l, () => l.reverseDeposit("d1"), {
      code: "insufficient-available",
      account: ALICE,
      token: QUOTE,
      needed: 10_000n,
      available: 3_000n,
    });
  });
});

describe("ledger: order locks (the risk check)", () => {
  it("locks lots × unitPerLot out of available", () => {
    const l = booked();
    assert.deepEqual(funds(l, ALICE, QUOTE), { ...zero, deposited: 10_000n, locked: 7_000n, available: 3_000n });
    assert.deepEqual(l.orderLock("1/1"), { account: ALICE, token: QUOTE, unitPerLot: 700n, lots: 10 });
  });

  it("refuses a lock larger than available, saying how much is needed and how much is free", () => {
    const l = booked();
    refused(l, () => l.lockOrder({ order: "1/3", account: ALICE, token: QUOTE, lots: 5, unitPerLot: 700n }), {
      code: "insufficient-available",
      account: ALICE,
      token: QUOTE,
      needed: 3_500n,
      available: 3_000n,
    });
  });

  it("refuses a second lock under the same order key, zero lots and a zero unit", () => {
    const l = booked();
    refused(l, () => l.lockOrder({ order: "1/1", account: ALICE, token: QUOTE, lots: 1, unitPerLot: 1n }), {
      code: "duplicate-order",
      order: "1/1",
    });
    refused(l, () => l.lockOrder({ order: "1/9", account: ALICE, token: QUOTE, lots: 0, unitPerLot: 1n }), {
      code: "invalid-amount",
      amount: 0,
    });
    refused(l, () => l.lockOrder({ order: "1/9", account: ALICE, token: QUOTE, lots: 1, unitPerLot: 0n }), {
      code: "invalid-amount",
      amount: 0n,
    });
  });

  it("releases part of a lock on a partial cancel, then the rest, and forgets the order", () => {
    const l = booked();
    assert.deepEqual(ok(l.releaseOrder("1/1", 3)), { remainingLots: 7 });
    assert.equal(l.balance(ALICE, QUOTE).locked, 4_900n);
    assert.deepEqual(ok(l.releaseOrder("1/1", 7)), { remainingLots: 0 });
    assert.deepEqual(funds(l, ALICE, QUOTE), { ...zero, deposited: 10_000n, available: 10_000n });
    assert.equal(l.orderLock("1/1"), undefined);
  });

  it("refuses to release more lots than are locked, or an unknown order", () => {
    const l = booked();
    refused(l, () => l.releaseOrder("1/1", 11), { code: "exceeds-lock", order: "1/1", lots: 11, lockedLots: 10 });
    refused(l, () => l.releaseOrder("1/7", 1), { code: "unknown-order", order: "1/7" });
  });
});

describe("ledger: fills", () => {
  it("moves both orders' locks into pending: the buyer receives base less its fee, the seller quote less its fee, the fee recipient both fees", () => {
    const l = booked();
    assert.equal(ok(l.applyFill(FILL)), 1);
    // 4 lots leave the buy's lock (2,800); it pays 2,520 at 90 ticks, so 280 of price improvement is available again.
    assert.deepEqual(funds(l, ALICE, QUOTE), {
      ...zero,
      deposited: 10_000n,
      locked: 4_200n,
      pendingOut: 2_520n,
      available: 3_280n,
    });
    assert.deepEqual(funds(l, ALICE, BASE), { ...zero, pendingIn: 3_994n });
    assert.deepEqual(funds(l, BOB, BASE), { ...zero, deposited: 10_000n, locked: 6_000n, pendingOut: 4_000n });
    assert.deepEqual(funds(l, BOB, QUOTE), { ...zero, pendingIn: 2_519n });
    assert.deepEqual(funds(l, FEES, BASE), { ...zero, pendingIn: 6n });
    assert.deepEqual(funds(l, FEES, QUOTE), { ...zero, pendingIn: 1n });
    assert.equal(l.orderLock("1/1")!.lots, 6);
    assert.equal(ledgerProblem(l), null);
  });

  it("numbers fills 1, 2, 3 … and forgets an order whose lots are all filled", () => {
    const l = booked();
    assert.equal(ok(l.applyFill(FILL)), 1);
    assert.equal(ok(l.applyFill({ ...FILL, lots: 6, base: 6_000n, quote: 4_200n, buyerFee: 0n, sellerFee: 0n })), 2);
    assert.equal(l.orderLock("1/1"), undefined);
    assert.equal(l.orderLock("1/2"), undefined);
    assert.deepEqual(l.pendingFillIds(), [1, 2]);
  });

  it("refuses a fill of more lots than either order has locked", () => {
    const l = booked();
    ok(l.releaseOrder("1/2", 8));
    refused(l, () => l.applyFill(FILL), { code: "exceeds-lock", order: "1/2", lots: 4, lockedLots: 2 });
    refused(l, () => l.applyFill({ ...FILL, lots: 11 }), {
      code: "exceeds-lock",
      order: "1/1",
      lots: 11,
      lockedLots: 10,
    });
  });

  it("refuses a fill naming an unknown order, the wrong tokens, or a fee above what is received", () => {
    const l = booked();
    refused(l, () => l.applyFill({ ...FILL, sellOrder: "1/5" }), { code: "unknown-order", order: "1/5" });
    refused(l, () => l.applyFill({ ...FILL, baseToken: BASE2 }), {
      code: "fill-mismatch",
      reason: `the sell order locks ${BASE}, not the base token`,
    });
    refused(l, () => l.applyFill({ ...FILL, buyerFee: 4_001n }), {
      code: "fill-mismatch",
      reason: "the buyer's fee exceeds the base it receives",
    });
    refused(l, () => l.applyFill({ ...FILL, sellerFee: -1n }), { code: "invalid-amount", amount: -1n });
    refused(l, () => l.applyFill({ ...FILL, quote: 0n }), { code: "invalid-amount", amount: 0n });
  });

  it("refuses a fill above the buyer's limit when its free funds cannot pay the difference", () => {
    const l = booked();
    ok(l.lockOrder({ order: "1/3", account: ALICE, token: QUOTE, lots: 4, unitPerLot: 750n })); // available now 0
    refused(l, () => l.applyFill({ ...FILL, quote: 2_801n }), {
      code: "insufficient-available",
      account: ALICE,
      token: QUOTE,
      needed: 2_801n,
      available: 2_800n,
    });
  });

  it("settles final fills: pending becomes deposited, and each account's total is what it was", () => {
    const l = booked();
    ok(l.applyFill(FILL));
    const totals = [ALICE, BOB, FEES].flatMap((a) => [BASE, QUOTE].map((t) => l.balance(a, t).total));
    ok(l.settleFills([1]));
    assert.deepEqual(funds(l, ALICE, QUOTE), { ...zero, deposited: 7_480n, locked: 4_200n, available: 3_280n });
    assert.deepEqual(funds(l, ALICE, BASE), { ...zero, deposited: 3_994n, available: 3_994n });
    assert.deepEqual(funds(l, BOB, BASE), { ...zero, deposited: 6_000n, locked: 6_000n });
    assert.deepEqual(funds(l, BOB, QUOTE), { ...zero, deposited: 2_519n, available: 2_519n });
    assert.deepEqual(funds(l, FEES, BASE), { ...zero, deposited: 6n, available: 6n });
    assert.deepEqual(funds(l, FEES, QUOTE), { ...zero, deposited: 1n, available: 1n });
    assert.deepEqual(
      [ALICE, BOB, FEES].flatMap((a) => [BASE, QUOTE].map((t) => l.balance(a, t).total)),
      totals,
    );
    assert.deepEqual(l.pendingFillIds(), []);
  });

  it("reverts fills that will never settle: payers get their funds back as available, nothing is received, the orders' locks stay as they are", () => {
    const l = booked();
    ok(l.applyFill(FILL));
    ok(l.revertFills([1]));
    assert.deepEqual(funds(l, ALICE, QUOTE), { ...zero, deposited: 10_000n, locked: 4_200n, available: 5_800n });
    assert.deepEqual(funds(l, ALICE, BASE), zero);
    assert.deepEqual(funds(l, BOB, BASE), { ...zero, deposited: 10_000n, locked: 6_000n, available: 4_000n });
    assert.deepEqual(funds(l, BOB, QUOTE), zero);
    assert.deepEqual(funds(l, FEES, BASE), zero);
    assert.equal(ledgerProblem(l), null);
  });

  it("refuses to settle or revert an unknown fill, or one named twice, and changes nothing", () => {
    const l = booked();
    ok(l.applyFill(FILL));
    refused(l, () => l.settleFills([1, 2]), { code: "unknown-fill", fillId: 2 });
    refused(l, () => l.settleFills([1, 1]), { code: "unknown-fill", fillId: 1 });
    refused(l, () => l.revertFills([9]), { code: "unknown-fill", fillId: 9 });
    ok(l.settleFills([1]));
    refused(l, () => l.revertFills([1]), { code: "unknown-fill", fillId: 1 });
  });
});

describe("ledger: withdrawals", () => {
  it("reserves a requested withdrawal, and takes it out of deposited when it settles", () => {
    const l = newLedger();
    ok(l.creditDeposit("d", CAROL, QUOTE, 1_000n));
    ok(l.requestWithdrawal("w1", CAROL, QUOTE, 400n));
    assert.deepEqual(funds(l, CAROL, QUOTE), { ...zero, deposited: 1_000n, withdrawing: 400n, available: 600n });
    ok(l.settleWithdrawal("w1"));
    assert.deepEqual(funds(l, CAROL, QUOTE), { ...zero, deposited: 600n, available: 600n });
    assert.deepEqual(l.openWithdrawalIds(), []);
  });

  it("makes a failed withdrawal's amount available again", () => {
    const l = newLedger();
    ok(l.creditDeposit("d", CAROL, QUOTE, 1_000n));
    ok(l.requestWithdrawal("w1", CAROL, QUOTE, 400n));
    ok(l.failWithdrawal("w1"));
    assert.deepEqual(funds(l, CAROL, QUOTE), { ...zero, deposited: 1_000n, available: 1_000n });
  });

  it("refuses a withdrawal of funds a matched fill still needs", () => {
    const l = booked();
    ok(l.applyFill(FILL));
    ok(l.releaseOrder("1/2", 6)); // Bob's sell is cancelled: 6,000 free, 4,000 owed to the fill
    refused(l, () => l.requestWithdrawal("w", BOB, BASE, 6_001n), {
      code: "insufficient-available",
      account: BOB,
      token: BASE,
      needed: 6_001n,
      available: 6_000n,
    });
    ok(l.requestWithdrawal("w", BOB, BASE, 6_000n));
    ok(l.settleFills([1]));
    ok(l.settleWithdrawal("w"));
    assert.deepEqual(funds(l, BOB, BASE), zero);
  });

  it("refuses a second request under the same id, and settling or failing an unknown one", () => {
    const l = newLedger();
    ok(l.creditDeposit("d", CAROL, QUOTE, 1_000n));
    ok(l.requestWithdrawal("w1", CAROL, QUOTE, 1n));
    refused(l, () => l.requestWithdrawal("w1", CAROL, QUOTE, 1n), { code: "duplicate-withdrawal", withdrawalId: "w1" });
    refused(l, () => l.settleWithdrawal("w2"), { code: "unknown-withdrawal", withdrawalId: "w2" });
    refused(l, () => l.failWithdrawal("w2"), { code: "unknown-withdrawal", withdrawalId: "w2" });
    refused(l, () => l.requestWithdrawal("w3", CAROL, QUOTE, 0n), { code: "invalid-amount", amount: 0n });
  });
});

describe("ledger: fee recipient", () => {
  it("credits the fees of later fills to a new fee recipient, while pending fills keep theirs", () => {
    const l = booked();
    ok(l.applyFill(FILL));
    ok(l.setFeeRecipient(CAROL));
    ok(l.applyFill({ ...FILL, lots: 1, base: 1_000n, quote: 630n, buyerFee: 1n, sellerFee: 0n }));
    assert.equal(l.pendingFill(1)!.feeRecipient, FEES);
    assert.equal(l.pendingFill(2)!.feeRecipient, CAROL);
    assert.equal(l.balance(CAROL, BASE).pendingIn, 1n);
    refused(l, () => l.setFeeRecipient("nobody"), { code: "invalid-address", address: "nobody" });
  });
});
