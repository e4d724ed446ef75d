// Reconciliation: what is final on both sides. The ledger's settled balance (`deposited`) moves only with what is
// final on-chain (batches and withdrawals at N confirmations, deposits credited at N confirmations), so it is
// compared with each account's internal balance at the newest block with N confirmations, not at the head: a
// withdrawal or deposit in a younger block is in neither. One gap remains, the time between a withdrawal becoming
// final on-chain and its withdrawal-settled record: such a withdrawal is taken off the ledger's side (`settledAt`).
// Batches are not corrected this way; the settler does not reconcile while one is submitted or included. A
// difference then means the chain and the ledger disagree (a final deposit the watcher has not credited yet, or a
// real fault).
import type { Address } from "viem";

export interface BalanceDifference {
  readonly account: Address;
  readonly token: Address;
  readonly onChain: bigint;
  readonly ledger: bigint;
}

export interface LedgerBalance {
  readonly account: string;
  readonly token: string;
  readonly deposited: bigint;
}

/** A withdrawal the ledger holds open (requested, not settled) whose transaction is in block `blockNumber`. */
export interface ExecutedWithdrawal {
  readonly account: string;
  readonly token: string;
  readonly amount: bigint;
  readonly blockNumber: bigint;
}

/**
 * The ledger's settled balances as the chain must show them at block `final`: `deposited`, less every open
 * withdrawal executed at or before `final` (final on-chain, its withdrawal-settled record not applied yet).
 */
export function settledAt(
  balances: readonly LedgerBalance[],
  executed: readonly ExecutedWithdrawal[],
  final: bigint,
): LedgerBalance[] {
  const key = (account: string, token: string) => `${account.toLowerCase()} ${token.toLowerCase()}`;
  const out = new Map<string, bigint>();
  for (const w of executed)
    if (w.blockNumber <= final) out.set(key(w.account, w.token), (out.get(key(w.account, w.token)) ?? 0n) + w.amount);
  return balances.map((b) => ({
    account: b.account,
    token: b.token,
    deposited: b.deposited - (out.get(key(b.account, b.token)) ?? 0n),
  }));
}

/** Reads every listed balance on-chain (a few at a time) and returns those that differ, in the input's order. */
export async function balanceDifferences(
  balances: readonly LedgerBalance[],
  onChain: (account: Address, token: Address) => Promise<bigint>,
  concurrency = 8,
): Promise<BalanceDifference[]> {
  const results: (BalanceDifference | null)[] = new Array(balances.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < balances.length) {
      const i = next++;
      const { account, token, deposited } = balances[i];
      const chain = await onChain(account as Address, token as Address);
      if (chain !== deposited)
        results[i] = { account: account as Address, token: token as Address, onChain: chain, ledger: deposited };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, balances.length) }, worker));
  return results.filter((r): r is BalanceDifference => r !== null);
}
