// POST /v1/withdrawals as a service: a signed Withdrawal (the exchange's EIP-712 domain) → a durable
// `withdrawal-requested` ledger record that reserves the amount at once. Every refusal comes before the sequencer
// and changes nothing:
//   parse (400, naming the field; a zero recipient too: withdraw() reverts on it) → signature (401, the contract's
//   rules: ECDSA, then EIP-1271 for a contract account) → per-address gate (429) → expiry (422 EXPIRED: withdraw()
//   needs block.timestamp < expiry) → token listed in a market (422 UNKNOWN_TOKEN) → same hash requested before
//   (409 DUPLICATE_WITHDRAWAL) → available balance (422 INSUFFICIENT_BALANCE, read from the ledger; a concurrent
//   spend is caught by the ledger's own refusal, mapped the same way by relayer/errors/refusals.ts)
//   → stored (synced, WithdrawalStore) → submitted → 201.
// The status of a withdrawal comes from the ledger: requested while the ledger holds it open, then settled or failed
// as the settlement pipeline's records say (seen live through Trading.onLedgerAck, and in the replay at start).
import type { Address, Hex } from "viem";
import { exchangeDomain, hashWithdrawal, type ExchangeDomain, type Withdrawal } from "../../protocol/index.js";
import type { WalletAnswerSource } from "../admission/order-verifier.js";
import { ApiError, ledgerRejection } from "../errors/index.js";
import type { LedgerCommandInput } from "../sequencer/index.js";
import { parseSignedWithdrawal } from "../orders/index.js";
import type { MarketRegistry } from "../markets/index.js";
import { SequencerModuleError } from "../sequencer/index.js";
import type { AddressGate } from "./address-gate.js";
import { checkMessageSignature } from "./message-signature.js";
import type { Trading, TradingAck } from "../machine/trading.js";
import type { StoredWithdrawal, WithdrawalStatus, WithdrawalStore } from "./withdrawal-store.js";
import { defaultLogger, type Logger } from "../log/index.js";

export interface WithdrawalServiceOptions {
  chainId: number;
  exchange: Address;
  markets: MarketRegistry;
  trading: Trading;
  store: WithdrawalStore;
  /** Unix seconds. */
  clock: () => number;
  wallets?: WalletAnswerSource;
  /** Where a failed outcome write is logged; defaultLogger() if absent. */
  logger?: Logger;
}

export interface RequestedWithdrawal {
  withdrawalId: Hex;
  seq: number;
  status: "requested";
}

export interface WithdrawalView {
  withdrawalId: Hex;
  status: Exclude<WithdrawalStatus, "pending">;
  /** The seq of its withdrawal-requested record. */
  seq: number | null;
  withdrawal: StoredWithdrawal["withdrawal"];
}

const ZERO_ADDRESS = /^0x0{40}$/;

export class WithdrawalService {
  private readonly domain: ExchangeDomain;
  private readonly tokens: Set<string>;
  /**
   * The status of every id stored or being stored: the duplicate check (claimed synchronously, so two concurrent
   * posts cannot both pass) and what reads answer, at once (the store's copy is written after).
   */
  private readonly statuses = new Map<string, WithdrawalStatus>();
  /** Outcome writes in flight (outcomesSaved waits for them). */
  private readonly writes = new Set<Promise<unknown>>();

  private constructor(private readonly options: WithdrawalServiceOptions) {
    this.domain = exchangeDomain(options.chainId, options.exchange);
    this.tokens = new Set(
      options.markets.list().flatMap((m) => [m.base.address.toLowerCase(), m.quote.address.toLowerCase()]),
    );
    options.trading.onLedgerAck((record, ack) => this.onRecord(record, ack));
  }

  /**
   * Opens the service over `store` after the sequencer's recovery. `replayed` are the withdrawal records the replay
   * saw (with their refusals): entries still `pending` become `requested` if the ledger took them and are dropped
   * otherwise (their record never reached the log, or was refused); outcomes seen in the replay are stored.
   */
  static async open(
    options: WithdrawalServiceOptions,
    replayed: readonly { record: LedgerCommandInput; seq: number; refused: boolean }[],
  ): Promise<WithdrawalService> {
    const service = new WithdrawalService(options);
    const open = new Set(options.trading.ledgerView.ledger.openWithdrawalIds());
    const seen = new Map<string, { status: WithdrawalStatus; seq?: number }>();
    for (const { record, seq, refused } of replayed) {
      if (refused || !("withdrawalId" in record)) continue;
      if (record.type === "withdrawal-requested") seen.set(record.withdrawalId, { status: "requested", seq });
      else if (record.type === "withdrawal-settled")
        seen.set(record.withdrawalId, { status: "settled", seq: seen.get(record.withdrawalId)?.seq });
      else if (record.type === "withdrawal-failed")
        seen.set(record.withdrawalId, { status: "failed", seq: seen.get(record.withdrawalId)?.seq });
    }
    for (const stored of await options.store.all()) {
      const fate = seen.get(stored.id);
      let status = stored.status;
      if (open.has(stored.id)) status = "requested";
      else if (fate !== undefined) status = fate.status;
      else if (status === "pending") {
        await options.store.delete(stored);
        continue;
      }
      if (status !== stored.status) await options.store.update({ ...stored, status, seq: fate?.seq ?? stored.seq });
      service.statuses.set(stored.id, status);
    }
    return service;
  }

  async request(body: unknown, gate?: AddressGate): Promise<RequestedWithdrawal> {
    const { trading, store, clock, wallets } = this.options;
    const { message, signature } = parseSignedWithdrawal(body);
    if (ZERO_ADDRESS.test(message.recipient)) {
      throw new ApiError("INVALID_FIELD", "withdrawal.recipient must not be the zero address", {
        field: "withdrawal.recipient",
      });
    }
    const id = hashWithdrawal(this.domain, message);
    await checkMessageSignature(message.account, id, signature, "withdrawal.account", wallets);
    gate?.(message.account);
    if (message.expiry !== 0n && message.expiry <= BigInt(clock())) {
      throw new ApiError("EXPIRED", "The withdrawal has already expired.", { field: "withdrawal.expiry" });
    }
    if (!this.tokens.has(message.token)) {
      throw new ApiError("UNKNOWN_TOKEN", "No market lists this token.", { field: "withdrawal.token" });
    }
    if (this.statuses.has(id)) throw new ApiError("DUPLICATE_WITHDRAWAL", "This withdrawal was already requested.");
    if (trading.ledgerView.ledger.available(message.account, message.token) < message.amount) {
      throw new ApiError("INSUFFICIENT_BALANCE", "Insufficient available balance for this withdrawal.", {
        field: "withdrawal.amount",
      });
    }
    this.statuses.set(id, "pending");
    let stored: StoredWithdrawal;
    try {
      stored = await store.add({ id, withdrawal: toWire(message), signature, status: "pending", seq: null });
    } catch (error) {
      this.statuses.delete(id);
      throw error;
    }
    let ack: TradingAck;
    try {
      ack = await trading.submitLedger({
        type: "withdrawal-requested",
        withdrawalId: id,
        account: message.account,
        token: message.token,
        amount: message.amount,
      });
    } catch (error) {
      // Not acknowledged: the record may or may not be in the log; the entry stays pending and recovery decides.
      throw asUnavailable(error);
    }
    if (ack.rejection !== null) {
      await store.delete(stored);
      this.statuses.delete(id);
      throw ledgerRejection(ack.rejection, { prefix: "withdrawal." });
    }
    // A settlement record may already have moved it on (onRecord): only a pending one becomes requested.
    if (this.statuses.get(id) === "pending") this.statuses.set(id, "requested");
    await store.update({ ...stored, status: this.statuses.get(id) ?? "requested", seq: ack.seq });
    return { withdrawalId: id, seq: ack.seq, status: "requested" };
  }

  async get(id: string): Promise<WithdrawalView> {
    const stored = /^0x[0-9a-fA-F]{64}$/.test(id) ? await this.options.store.get(id.toLowerCase() as Hex) : undefined;
    if (stored === undefined || stored.status === "pending")
      throw new ApiError("WITHDRAWAL_NOT_FOUND", "No such withdrawal.");
    return this.view(stored);
  }

  async list(
    account: Address,
    before: number | null,
    limit: number,
  ): Promise<{ items: WithdrawalView[]; next: number | null }> {
    const page = await this.options.store.listByAccount(account, before, limit);
    const open = this.openIds();
    return { items: page.items.filter((w) => w.status !== "pending").map((w) => this.view(w, open)), next: page.next };
  }

  /** Resolves once every outcome seen so far is in the store. */
  async outcomesSaved(): Promise<void> {
    await Promise.all([...this.writes]);
  }

  private openIds(): Set<string> {
    return new Set(this.options.trading.ledgerView.ledger.openWithdrawalIds());
  }

  private view(stored: StoredWithdrawal, open = this.openIds()): WithdrawalView {
    // The ledger is the authority while it holds the withdrawal open.
    const known = this.statuses.get(stored.id) ?? stored.status;
    const status = open.has(stored.id) || known === "pending" ? "requested" : known;
    return { withdrawalId: stored.id, status, seq: stored.seq, withdrawal: stored.withdrawal };
  }

  /** A settlement record for one of ours: store its outcome. Best effort (logged): the replay at start repeats it. */
  private onRecord(record: LedgerCommandInput, ack: TradingAck): void {
    if (ack.rejection !== null || (record.type !== "withdrawal-settled" && record.type !== "withdrawal-failed")) return;
    const status = record.type === "withdrawal-settled" ? "settled" : "failed";
    const { store } = this.options;
    const id = record.withdrawalId;
    if (!this.statuses.has(id)) return; // not requested through this relayer's API
    this.statuses.set(id, status);
    const write = store
      .get(id as Hex)
      .then((stored) => (stored === undefined ? undefined : store.update({ ...stored, status })))
      .catch((error: unknown) =>
        (this.options.logger ?? defaultLogger()).error(
          { withdrawalId: id, err: error },
          "could not store the outcome of a withdrawal",
        ),
      )
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
  }
}

function toWire(w: Withdrawal): StoredWithdrawal["withdrawal"] {
  return {
    account: w.account,
    token: w.token,
    amount: w.amount.toString(),
    recipient: w.recipient,
    nonce: w.nonce.toString(),
    expiry: w.expiry.toString(),
  };
}

function asUnavailable(error: unknown): unknown {
  if (!(error instanceof SequencerModuleError)) return error;
  return new ApiError("SERVICE_UNAVAILABLE", "The sequencer is not taking commands.", { cause: error });
}
