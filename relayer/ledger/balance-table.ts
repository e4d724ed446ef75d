// Every account's balances: account → token → Balance (balance.ts), and the one place a field changes once an
// operation's checks have passed. Entries that become all zero are dropped, so the table holds only live funds.
import type { Address } from "./address.js";
import { availableOf, isZero, zeroBalance, type Balance } from "./balance.js";
import { LedgerEngineMismatchError } from "./errors.js";
import { refuse } from "./rejections.js";

export class BalanceTable {
  private readonly byAccount = new Map<Address, Map<Address, Balance>>();

  /** The balance as it stands (all zero if the account holds none of the token); read-only, never stored. */
  peek(account: Address, token: Address): Readonly<Balance> {
    return this.byAccount.get(account)?.get(token) ?? zeroBalance();
  }

  /** Every non-zero balance of an account, by token (sorted). */
  ofAccount(account: Address): [Address, Readonly<Balance>][] {
    const byToken = this.byAccount.get(account);
    if (byToken === undefined) return [];
    return [...byToken.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  }

  /** The refusal of an operation that needs `needed` of the account's available funds, or null if they cover it. */
  shortfall(account: Address, token: Address, needed: bigint) {
    const available = availableOf(this.peek(account, token));
    return available < needed ? refuse({ code: "insufficient-available", account, token, needed, available }) : null;
  }

  /**
   * Adds `delta` to one field. Callers have proved the result non-negative; should a bug make it negative, this
   * throws instead of storing it (fail-stop, never a negative balance).
   */
  change(account: Address, token: Address, field: keyof Balance, delta: bigint): void {
    if (delta === 0n) return;
    const b = this.entry(account, token);
    const next = b[field] + delta;
    if (next < 0n) throw new LedgerEngineMismatchError(`${field} of ${account} in ${token} would become ${next}`);
    b[field] = next;
    if (availableOf(b) < 0n) {
      b[field] -= delta;
      throw new LedgerEngineMismatchError(`available of ${account} in ${token} would become negative`);
    }
    if (isZero(b)) {
      const byToken = this.byAccount.get(account)!;
      byToken.delete(token);
      if (byToken.size === 0) this.byAccount.delete(account);
    }
  }

  /** @internal The raw table, for the ledger's snapshot and invariants. */
  entries(): ReadonlyMap<Address, ReadonlyMap<Address, Balance>> {
    return this.byAccount;
  }

  /** @internal Sets a balance as a snapshot holds it (restore only). */
  load(account: Address, token: Address, balance: Balance): void {
    Object.assign(this.entry(account, token), balance);
  }

  private entry(account: Address, token: Address): Balance {
    let byToken = this.byAccount.get(account);
    if (byToken === undefined) this.byAccount.set(account, (byToken = new Map()));
    let b = byToken.get(token);
    if (b === undefined) byToken.set(token, (b = zeroBalance()));
    return b;
  }
}
