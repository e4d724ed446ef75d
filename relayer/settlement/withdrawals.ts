// Withdrawals in sequence: each `withdrawal-requested` record the ledger holds open is executed on-chain with the
// account's signed withdrawal (from a SignedWithdrawalSource), in the operator's one nonce sequence, after every
// batch already sent (the settler sends one only while no batch is in flight). It cannot take funds a pending fill
// needs: the request reserved them out of `available`, which excludes every amount owed to matched fills.
//
//   simulate → revert (expired, bad signature, mismatch with the request): failed → withdrawal-failed
//            → ok: sign, store, broadcast: submitted → included → N confirmations: final → withdrawal-settled
// A reverted receipt or a reorg sends it again (the contract executes a signed withdrawal at most once).
import type { Hex, PublicClient } from "viem";
import type { Withdrawal } from "../../protocol/index.js";
import type { SettlerTrading } from "./settler.js";
import type { SettlementStore, SentTransaction, StoredWithdrawal } from "./settlement-store.js";
import type { Submitter } from "./submitter.js";
import { isConfirmed, outcomeOf, stillIncluded } from "./tracker.js";

export interface SignedWithdrawal {
  readonly withdrawal: Withdrawal;
  readonly signature: Hex;
}

/** Where the signed withdrawal of a `withdrawal-requested` record is kept (POST /v1/withdrawals stores it). */
export interface SignedWithdrawalSource {
  get(withdrawalId: string): Promise<SignedWithdrawal | undefined>;
}

export interface WithdrawalPipelineOptions {
  readonly client: PublicClient;
  readonly exchange: Hex;
  readonly submitter: Submitter;
  readonly store: SettlementStore;
  readonly trading: SettlerTrading;
  readonly source: SignedWithdrawalSource;
  readonly confirmations: number;
  readonly now: () => number;
  readonly onFailed: (withdrawalId: string, reason: string) => void;
  readonly onState?: (w: StoredWithdrawal) => void;
}

export class WithdrawalPipeline {
  private readonly byId = new Map<string, StoredWithdrawal>();

  constructor(private readonly options: WithdrawalPipelineOptions, stored: readonly StoredWithdrawal[]) {
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
    return ![...this.byId.values()].some((w) => w.state === "pending" || w.state === "submitted" || w.state === "included") && this.openIds().every((id) => this.byId.has(id));
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
  private async send(id: string, earlier: SentTransaction[]): Promise<void> {
    const { submitter, source, trading } = this.options;
    const signed = await source.get(id);
    if (signed === undefined) return; // not stored yet: the next step asks again
    const requested = trading.ledgerView.snapshot().withdrawals.find((w) => w.withdrawalId === id);
    const { withdrawal, signature } = signed;
    const matches =
      requested !== undefined &&
      requested.account.toLowerCase() === withdrawal.account.toLowerCase() &&
      requested.token.toLowerCase() === withdrawal.token.toLowerCase() &&
      requested.amount === withdrawal.amount;
    const simulation = matches ? await submitter.simulateWithdrawal(withdrawal, signature) : ({ ok: false, reason: "the signed withdrawal does not match the request" } as const);
    const calldata = submitter.withdrawCalldata(withdrawal, signature);
    if (!simulation.ok) {
      await this.fail({ id, state: "failed", calldata, txs: earlier, inclusion: null, reason: simulation.reason, updatedAt: this.options.now() });
      return;
    }
    const tx = await submitter.sign(calldata, simulation.gas);
    const w: StoredWithdrawal = { id, state: "submitted", calldata, txs: [...earlier, tx], inclusion: null, reason: null, updatedAt: this.options.now() };
    await this.save(w);
    await submitter.broadcast(tx);
    await this.follow(w, await this.options.client.getBlockNumber({ cacheTime: 0 }), false);
  }

  private async follow(w: StoredWithdrawal, head: bigint, restarted: boolean): Promise<void> {
    const outcome = await outcomeOf(this.options.client, this.options.exchange, 0n, w.txs.map((t) => t.hash));
    if (outcome.kind === "included") {
      w.inclusion = outcome.inclusion;
      w.state = "included";
      await this.save(w);
      return this.track(w, head);
    }
    if (outcome.kind === "reverted") return this.forget(w);
    const latest = w.txs[w.txs.length - 1] as SentTransaction;
    if (restarted) {
      if ((await this.options.submitter.broadcast(latest)) === "nonce-used") await this.forget(w);
      else this.options.submitter.noteUsed(latest.nonce);
    }
  }

  private async track(w: StoredWithdrawal, head: bigint): Promise<void> {
    if (!(await stillIncluded(this.options.client, w.inclusion!))) return this.forget(w);
    if (!isConfirmed(w.inclusion!, head, this.options.confirmations)) return;
    if (this.openIds().includes(w.id)) {
      const { rejection } = await this.options.trading.submitLedger({ type: "withdrawal-settled", withdrawalId: w.id });
      if (rejection !== null) this.options.onFailed(w.id, `the ledger refused withdrawal-settled: ${rejection.code}`);
    }
    w.state = "final";
    await this.save(w);
  }

  /** Reverted in its block, or dropped by a reorg: pending again, so a later step simulates and sends it again. */
  private async forget(w: StoredWithdrawal): Promise<void> {
    w.state = "pending";
    w.inclusion = null;
    await this.save(w);
    await this.options.submitter.resync();
  }

  private async fail(w: StoredWithdrawal): Promise<void> {
    await this.save(w);
    if (this.openIds().includes(w.id)) {
      const { rejection } = await this.options.trading.submitLedger({ type: "withdrawal-failed", withdrawalId: w.id });
      if (rejection !== null) this.options.onFailed(w.id, `the ledger refused withdrawal-failed: ${rejection.code}`);
    }
    this.options.onFailed(w.id, w.reason ?? "failed");
  }

  private async save(w: StoredWithdrawal): Promise<void> {
    w.updatedAt = this.options.now();
    await this.options.store.putWithdrawal(w);
    this.byId.set(w.id, w);
    this.options.onState?.(w);
  }
}
