// One account's funds in one token, in token units. Every field is a non-negative bigint, and so is `available`:
//
//   available = deposited − locked − withdrawing − pendingOut
//   total     = deposited + pendingIn − pendingOut        (what the account will hold once every pending fill is final)
//
// `pendingIn` is not spendable: a fill can still be skipped on-chain, and funds that may vanish must not back an
// order or a withdrawal.

export interface Balance {
  /** The on-chain internal balance as the relayer last knows it: deposits credited, final fills, settled withdrawals. */
  deposited: bigint;
  /** Reserved by open orders (their remaining size at their limit). */
  locked: bigint;
  /** Reserved by withdrawals requested and not yet settled or failed. */
  withdrawing: bigint;
  /** Matched fills not yet final: what the account will receive (net of its fee, or the fees it collects). */
  pendingIn: bigint;
  /** Matched fills not yet final: what the account will pay. */
  pendingOut: bigint;
}

export interface BalanceView extends Readonly<Balance> {
  readonly available: bigint;
  readonly total: bigint;
}

export const BALANCE_FIELDS = ["deposited", "locked", "withdrawing", "pendingIn", "pendingOut"] as const;

export function zeroBalance(): Balance {
  return { deposited: 0n, locked: 0n, withdrawing: 0n, pendingIn: 0n, pendingOut: 0n };
}

export function availableOf(b: Readonly<Balance>): bigint {
  return b.deposited - b.locked - b.withdrawing - b.pendingOut;
}

export function viewOf(b: Readonly<Balance>): BalanceView {
  return { ...b, available: availableOf(b), total: b.deposited + b.pendingIn - b.pendingOut };
}

export function isZero(b: Readonly<Balance>): boolean {
  return BALANCE_FIELDS.every((f) => b[f] === 0n);
}
