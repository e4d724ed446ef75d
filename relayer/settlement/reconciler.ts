// Reconciliation: each account's on-chain internal balance against what the ledger says is settled (`deposited`).
// They agree whenever nothing is in flight: the ledger's `deposited` moves only with final batches, credited
// deposits and settled withdrawals. So the settler runs it only while no batch is submitted or included; a
// difference then means the chain and the ledger disagree (a deposit not credited yet, or a real fault).
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
      if (chain !== deposited) results[i] = { account: account as Address, token: token as Address, onChain: chain, ledger: deposited };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, balances.length) }, worker));
  return results.filter((r): r is BalanceDifference => r !== null);
}
