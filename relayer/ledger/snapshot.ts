// The ledger's state as canonical plain data, and its hash. Only state is recorded (never the insertion order of
// maps, which the ledger never iterates while applying records): every list is sorted by its key, and all-zero
// balances are left out, so equal states give equal bytes whatever order the records arrived in.
// Bigints stay bigints; canonical JSON (relayer/sequencer/canonical-json.ts) writes them as {"$bigint": "…"}.
import { createHash } from "node:crypto";
import type { MarketConfig } from "../../engine/index.js";
import { canonicalStringify } from "../sequencer/canonical-json.js";
import { normalizeAddress } from "./address.js";
import { BALANCE_FIELDS, type Balance } from "./balance.js";
import { LedgerSnapshotError } from "./errors.js";
import { ledgerProblem } from "./invariants.js";
import { Ledger } from "./ledger.js";
import type { Deposit, OrderLock, PendingFill, Withdrawal } from "./ledger-entries.js";
import { Registry } from "./registry.js";

export const LEDGER_SNAPSHOT_VERSION = 1;

export interface LedgerSnapshot {
  readonly version: number;
  readonly feeRecipient: string;
  readonly nextFillId: number;
  /** [owner id, address], ascending id. */
  readonly owners: [number, string][];
  /** Non-zero balances, by account then token. */
  readonly balances: ({ account: string; token: string } & Balance)[];
  /** Open order locks, by order key. */
  readonly orders: ({ order: string } & OrderLock)[];
  /** Pending fills, ascending id. */
  readonly fills: ({ fillId: number } & PendingFill)[];
  /** Credited deposits, by id. */
  readonly deposits: ({ depositId: string } & Deposit)[];
  /** Open withdrawals, by id. */
  readonly withdrawals: ({ withdrawalId: string } & Withdrawal)[];
}

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export function snapshotLedger(ledger: Ledger, registry: Registry): LedgerSnapshot {
  const s = ledger.state();
  const balances: LedgerSnapshot["balances"] = [];
  for (const [account, byToken] of s.balances) {
    for (const [token, b] of byToken) balances.push({ account, token, ...b });
  }
  balances.sort(byKey((b) => `${b.account} ${b.token}`));
  return {
    version: LEDGER_SNAPSHOT_VERSION,
    feeRecipient: s.feeRecipient,
    nextFillId: s.nextFillId,
    owners: registry.ownerEntries(),
    balances,
    orders: [...s.orders].map(([order, l]) => ({ order, ...l })).sort(byKey((o) => o.order)),
    fills: [...s.fills].map(([fillId, f]) => ({ fillId, ...f })).sort((a, b) => a.fillId - b.fillId),
    deposits: [...s.deposits].map(([depositId, d]) => ({ depositId, ...d })).sort(byKey((d) => d.depositId)),
    withdrawals: [...s.withdrawals]
      .map(([withdrawalId, w]) => ({ withdrawalId, ...w }))
      .sort(byKey((w) => w.withdrawalId)),
  };
}

/** SHA-256 of the snapshot's canonical JSON: equal ledgers, equal hashes, on any machine. */
export function hashLedger(snapshot: LedgerSnapshot): string {
  return createHash("sha256").update(canonicalStringify(snapshot)).digest("hex");
}

/** A ledger and registry in the state of `snapshot`; refuses one that is not internally consistent. */
export function restoreLedger(
  snapshot: LedgerSnapshot,
  markets: readonly MarketConfig[],
): { ledger: Ledger; registry: Registry } {
  if (snapshot.version !== LEDGER_SNAPSHOT_VERSION)
    throw new LedgerSnapshotError(`unsupported ledger snapshot version ${snapshot.version}`);
  const registry = new Registry(markets);
  for (const [owner, address] of snapshot.owners) {
    const r = registry.registerOwner(owner, address);
    if (!r.ok) throw new LedgerSnapshotError(`owner ${owner}: ${r.rejection.code}`);
  }
  if (normalizeAddress(snapshot.feeRecipient) !== snapshot.feeRecipient)
    throw new LedgerSnapshotError("fee recipient is not a lower-case address");
  if (!Number.isSafeInteger(snapshot.nextFillId) || snapshot.nextFillId < 1)
    throw new LedgerSnapshotError("bad next fill id");
  const ledger = new Ledger(snapshot.feeRecipient);
  /** The record without its key field (the key becomes the map's key). */
  const pick = <T extends object, K extends keyof T>(x: T, drop: K): Omit<T, K> => {
    const { [drop]: _drop, ...rest } = x;
    return rest;
  };
  ledger.load({
    balances: snapshot.balances.map((b) => {
      const fields = Object.fromEntries(BALANCE_FIELDS.map((f) => [f, b[f]])) as unknown as Balance;
      return [b.account, b.token, fields];
    }),
    orders: snapshot.orders.map((o) => [o.order, pick(o, "order")]),
    fills: snapshot.fills.map((f) => [f.fillId, pick(f, "fillId")]),
    deposits: snapshot.deposits.map((d) => [d.depositId, pick(d, "depositId")]),
    withdrawals: snapshot.withdrawals.map((w) => [w.withdrawalId, pick(w, "withdrawalId")]),
    nextFillId: snapshot.nextFillId,
  });
  const problem = ledgerProblem(ledger);
  if (problem !== null) throw new LedgerSnapshotError(`inconsistent ledger snapshot: ${problem}`);
  return { ledger, registry };
}
