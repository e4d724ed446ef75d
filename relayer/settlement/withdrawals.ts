// Withdrawals in sequence: each `withdrawal-requested` record the ledger holds open is executed on-chain with the
// account's signed withdrawal (from a SignedWithdrawalSource), in the operator's one nonce sequence, after every
// batch already sent (the settler sends one only while no batch is in flight). It cannot take funds a pending fill
// needs: the request reserved them out of `available`, which excludes every amount owed to matched fills.
//
//   simulate → revert (expired, bad signature, mismatch with the request): failed → withdrawal-failed
//            → ok: sign, store, broadcast: submitted → included → N confirmations: final → withdrawal-settled
// A reverted receipt or a reorg sends it again (the contract executes a signed withdrawal at most once). The
// transaction's way to the chain (rebroadcast after a restart, replacement when stuck) is transaction-lifecycle.ts.
import type { Hex } from "viem";
import type { Withdrawal } from "../../protocol/index.js";
import type { SettlementLedger } from "./fill-records.js";
import { withLatest, type SentTransaction, type SettlementStore, type StoredWithdrawal } from "./settlement-store.js";
import type { TransactionLifecycle } from "./transaction-lifecycle.js";

export interface SignedWithdrawal {
  readonly withdrawal: Withdrawal;
  readonly signature: Hex;
}

/** Where the signed withdrawal of a `withdrawal-requested` record is kept (POST /v1/withdrawals stores it). */
export interface SignedWithdrawalSource {
  get(withdrawalId: string): Promise<SignedWithdrawal | undefined>;
}

export interface WithdrawalPipelineOptions {
  /** The settler's: withdrawals share the operator's nonces with its batches. */
  readonly lifecycle: TransactionLifecycle;
  readonly store: SettlementStore;
  readonly trading: SettlementLedger;
  readonly source: SignedWithdrawalSource;
  readonly now: () => number;
  readonly onFailed: (withdrawalId: string, reason: string) => void;
  readonly onState?: (w: StoredWithdrawal) => void;
}

/** A withdrawal in state S (or one of them). */
type In<S extends StoredWithdrawal["state"]> = StoredWithdrawal & { readonly state: S };

export class WithdrawalPipeline {
  private readonly byId = new Map<string, StoredWithdrawal>();

  constructor(
    private readonly options: WithdrawalPipelineOptions,
    stored: readonly StoredWithdrawal[],
  ) {
    for (const w of stored) this.byId.set(w.id, w);
  }

  get(id: string): StoredWithdrawal | undefined {
    return this.byId.get(id);
  }

  /** Whether a withdrawal transaction is sent and not in a block (batches wait for it, as it waits for them). */
  get inFlight(): boolean {
    return [...this.byId.values()].some((w) => w.state === "submitted");
  }

  get idle(): boolean {
    return (
      ![...this.byId.values()].some(
        (w) => w.state === "pending" || w.state === "submitted" || w.state === "included",
      ) && this.openIds().every((id) => this.byId.has(id))
    );
  }

  /** Follows what is in flight; sends the next requested withdrawal when `maySend` (no batch in flight). */
  async step(head: bigint, maySend: boolean, restarted: boolean): Promise<void> {
    for (const w of [...this.byId.values()]) {
      if (w.state === "included") await this.track(w, head);
      else if (w.state === "submitted") await this.follow(w, head, restarted);
    }
    if (!maySend || this.inFlight) return;
    const resend = [...this.byId.values()].find((w) => w.state === "pending");
    if (resend !== undefined) return this.send(resend.id, resend.txs);
    const next = this.openIds().find((id) => !this.byId.has(id));
    if (next !== undefined) await this.send(next, []);
  }

  private openIds(): string[] {
    return this.options.trading.ledgerView.ledger.openWithdrawalIds();
  }

  /** Simulates and sends; `earlier` are transactions sent for it before (a reorg or a revert dropped them). */
  private async send(id: string, earlier: readonly SentTransaction[]): Promise<void> {
    const { lifecycle, source, trading, now } = this.options;
    const signed = await source.get(id);
    if (signed === undefined) return; // not stored yet: the next step asks again
    const requested = trading.ledgerView.snapshot().withdrawals.find((w) => w.withdrawalId === id);
    const { withdrawal, signature } = signed;
    const matches =
      requested !== undefined &&
      requested.account.toLowerCase() === withdrawal.account.toLowerCase() &&
      requested.token.toLowerCase() === withdrawal.token.toLowerCase() &&
      requested.amount === withdrawal.amount;
    const simulation = matches
      ? await lifecycle.submitter.simulateWithdrawal(withdrawal, signature)
      : ({ ok: false, reason: "the signed withdrawal does not match the request" } as const);
    const calldata = lifecycle.submitter.withdrawCalldata(withdrawal, signature);
    if (!simulation.ok) {
      await this.fail({
        id,
        state: "failed",
        calldata,
        txs: earlier,
        inclusion: null,
        reason: simulation.reason,
        updatedAt: now(),
      });
      return;
    }
    const w = await lifecycle.send(calldata, simulation.gas, (tx) =>
      this.save<In<"submitted">>({
        id,
        state: "submitted",
        calldata,
        txs: withLatest(earlier, tx),
        inclusion: null,
        reason: null,
        updatedAt: now(),
      }),
    );
    await this.follow(w, await lifecycle.head(), false);
  }

  private async follow(w: In<"submitted">, head: bigint, restarted: boolean): Promise<void> {
    const followed = await this.options.lifecycle.follow(0n, w.txs, w.calldata, head, restarted, (txs) =>
      this.save({ ...w, txs }),
    );
    const { txs } = followed;
    if (followed.kind === "included") {
      const included = await this.save<In<"included">>({ ...w, txs, state: "included", inclusion: followed.inclusion });
      return this.track(included, head);
    }
    // Reverted in its block, or its nonce went to another transaction: pending again, simulated and sent again.
    if (followed.kind === "reverted" || followed.kind === "lost")
      await this.save({ ...w, txs, state: "pending", inclusion: null });
  }

  private async track(w: In<"included">, head: bigint): Promise<void> {
    const confirmation = await this.options.lifecycle.confirm(0n, w.inclusion, w.txs, head);
    if (confirmation.kind === "reorged") await this.save({ ...w, state: "pending", inclusion: null });
    else if (confirmation.kind === "moved") await this.save({ ...w, inclusion: confirmation.inclusion });
    else if (confirmation.kind === "final") {
      if (this.openIds().includes(w.id)) {
        const { rejection } = await this.options.trading.submitLedger({
          type: "withdrawal-settled",
          withdrawalId: w.id,
        });
        if (rejection !== null) this.options.onFailed(w.id, `the ledger refused withdrawal-settled: ${rejection.code}`);
      }
      await this.save({ ...w, state: "final" });
    }
  }

  private async fail(w: In<"failed">): Promise<void> {
    await this.save(w);
    if (this.openIds().includes(w.id)) {
      const { rejection } = await this.options.trading.submitLedger({ type: "withdrawal-failed", withdrawalId: w.id });
      if (rejection !== null) this.options.onFailed(w.id, `the ledger refused withdrawal-failed: ${rejection.code}`);
    }
    this.options.onFailed(w.id, w.reason ?? "failed");
  }

  private async save<W extends StoredWithdrawal>(w: W): Promise<W> {
    const saved = { ...w, updatedAt: this.options.now() };
    await this.options.store.putWithdrawal(saved);
    this.byId.set(saved.id, saved);
    this.options.onState?.(saved);
    return saved;
  }
}
