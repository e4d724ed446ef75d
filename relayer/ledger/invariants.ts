// The ledger's internal invariants, checked from scratch: used by the tests after every step and by restore to
// refuse a snapshot that does not describe a consistent ledger.
//
//   every field ≥ 0 and available ≥ 0
//   locked(a, t)      = Σ lots × unitPerLot over a's open orders locking t
//   withdrawing(a, t) = Σ amount over a's open withdrawals of t
//   pendingOut(a, t)  = Σ over pending fills of what a pays in t
//   pendingIn(a, t)   = Σ over pending fills of what a receives in t (net of fee; fees for the recipient)
import { availableOf, BALANCE_FIELDS, zeroBalance, type Balance } from "./balance.js";
import type { Ledger } from "./ledger.js";

export function ledgerProblem(ledger: Ledger): string | null {
  const s = ledger.state();
  const expected = new Map<string, Balance>();
  const at = (account: string, token: string) => {
    const k = `${account} ${token}`;
    let b = expected.get(k);
    if (b === undefined) expected.set(k, (b = zeroBalance()));
    return b;
  };
  for (const [order, lock] of s.orders) {
    if (!(lock.lots > 0) || lock.unitPerLot <= 0n) return `order ${order} has an empty lock`;
    at(lock.account, lock.token).locked += BigInt(lock.lots) * lock.unitPerLot;
  }
  for (const w of s.withdrawals.values()) at(w.account, w.token).withdrawing += w.amount;
  for (const [id, f] of s.fills) {
    if (id >= s.nextFillId) return `fill ${id} is not below the next fill id ${s.nextFillId}`;
    at(f.buyer, f.quoteToken).pendingOut += f.quote;
    at(f.buyer, f.baseToken).pendingIn += f.base - f.buyerFee;
    at(f.seller, f.baseToken).pendingOut += f.base;
    at(f.seller, f.quoteToken).pendingIn += f.quote - f.sellerFee;
    at(f.feeRecipient, f.baseToken).pendingIn += f.buyerFee;
    at(f.feeRecipient, f.quoteToken).pendingIn += f.sellerFee;
  }
  const seen = new Set<string>();
  for (const [account, byToken] of s.balances) {
    for (const [token, b] of byToken) {
      const k = `${account} ${token}`;
      seen.add(k);
      for (const f of BALANCE_FIELDS) if (b[f] < 0n) return `${f} of ${k} is negative`;
      if (availableOf(b) < 0n) return `available of ${k} is negative`;
      const e = expected.get(k) ?? zeroBalance();
      for (const f of ["locked", "withdrawing", "pendingIn", "pendingOut"] as const) {
        if (b[f] !== e[f]) return `${f} of ${k} is ${b[f]}, its orders/withdrawals/fills add up to ${e[f]}`;
      }
    }
  }
  for (const [k, e] of expected) {
    if (!seen.has(k) && BALANCE_FIELDS.some((f) => e[f] !== 0n))
      return `${k} has open orders, withdrawals or fills but no balance`;
  }
  return null;
}
