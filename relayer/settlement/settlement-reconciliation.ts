// The settler's reconciliation of on-chain balances with the ledger (reconciler.ts says what is compared, and why at
// the newest block with N confirmations). Nothing is checked while a batch is submitted or included, or a withdrawal
// submitted: where its transaction lands is not known yet.
import type { Address, PublicClient } from "viem";
import { getBlockNumber, readContract } from "viem/actions";
import { SETTLEMENT_ABI } from "./exchange-abi.js";
import type { SettlementLedger } from "./fill-records.js";
import { balanceDifferences, settledAt, type BalanceDifference } from "./reconciler.js";
import type { StoredBatch } from "./settlement-store.js";
import type { WithdrawalPipeline } from "./withdrawals.js";

export interface SettlementReconciliationOptions {
  readonly client: PublicClient;
  readonly exchange: Address;
  readonly confirmations: number;
  readonly trading: SettlementLedger;
  readonly withdrawals: Pick<WithdrawalPipeline, "inFlight" | "get"> | null;
}

export class SettlementReconciliation {
  constructor(private readonly options: SettlementReconciliationOptions) {}

  /** The on-chain internal balance of `account` in `token`, at `blockNumber` (default: the head). */
  balanceOnChain(account: Address, token: Address, blockNumber?: bigint): Promise<bigint> {
    return readContract(this.options.client, {
      address: this.options.exchange,
      abi: SETTLEMENT_ABI,
      functionName: "balanceOf",
      args: [account, token],
      blockNumber,
    });
  }

  /** Every non-zero ledger balance whose settled amount differs on-chain; null (nothing checked) while `open` or a withdrawal is in flight. */
  async differences(open: readonly StoredBatch[]): Promise<BalanceDifference[] | null> {
    const { client, confirmations, trading, withdrawals } = this.options;
    if (open.some((b) => b.state === "submitted" || b.state === "included")) return null;
    if (withdrawals?.inFlight) return null;
    // The ledger first, then the head: everything the ledger holds as final was final at a block at or below the one read.
    const ledger = trading.ledgerView.snapshot();
    const executed = ledger.withdrawals.flatMap((w) => {
      const inclusion = withdrawals?.get(w.withdrawalId)?.inclusion;
      return inclusion ? [{ ...w, blockNumber: BigInt(inclusion.blockNumber) }] : [];
    });
    const head = await getBlockNumber(client, { cacheTime: 0 });
    const final = head >= BigInt(confirmations - 1) ? head - BigInt(confirmations - 1) : 0n;
    const expected = settledAt(ledger.balances, executed, final);
    return balanceDifferences(expected, (a, t) => this.balanceOnChain(a, t, final));
  }
}
