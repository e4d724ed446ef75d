/** Shared addresses and helpers for the ledger tests. */
import assert from "node:assert/strict";
import {
  Ledger,
  Registry,
  hashLedger,
  snapshotLedger,
  type LedgerRejection,
  type LedgerResult,
} from "../../../relayer/ledger/index.js";

const addr = (c: string) => `0x${c.repeat(40)}`;
export const ALICE = addr("a");
export const BOB = addr("b");
export const CAROL = addr("c");
export const FEES = addr("f");
export const BASE = addr("1");
export const QUOTE = addr("2");
export const BASE2 = addr("3");

export function newLedger(): Ledger {
  return new Ledger(FEES);
}

export function ok<T>(r: LedgerResult<T>): T {
  if (!r.ok)
    assert.fail(
      `expected success, got ${JSON.stringify(r.rejection, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))}`,
    );
  return r.value;
}

/** Runs `op`, asserts it was refused with exactly `rejection`, and that the ledger did not change. */
export function refused(ledger: Ledger, op: () => LedgerResult<unknown>, rejection: LedgerRejection): void {
  const registry = new Registry([]);
  const before = hashLedger(snapshotLedger(ledger, registry));
  const r = op();
  assert.deepEqual(r, { ok: false, rejection });
  assert.equal(hashLedger(snapshotLedger(ledger, registry)), before, "a refused operation changed the ledger");
}

/** The fields of a balance that tests usually look at. */
export function funds(ledger: Ledger, account: string, token: string) {
  const b = ledger.balance(account, token);
  return {
    deposited: b.deposited,
    locked: b.locked,
    withdrawing: b.withdrawing,
    pendingIn: b.pendingIn,
    pendingOut: b.pendingOut,
    available: b.available,
  };
}

export const zero = { deposited: 0n, locked: 0n, withdrawing: 0n, pendingIn: 0n, pendingOut: 0n, available: 0n };
