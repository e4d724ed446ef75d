// GET /v1/balances/:address and the private channel's balance updates: one token's balances, decimal strings in
// token units. `available` is what new orders and withdrawals can use.

/** One token of an account, as the ledger has it. */
export interface BalanceEntry {
  token: string;
  deposited: string;
  available: string;
  locked: string;
  pendingIn: string;
  pendingOut: string;
}
