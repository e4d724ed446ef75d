// The publisher of the private channel: from each acknowledgement (ReadModels.onApplied, in seq order) it derives, per
// account that has a logged-in session (`watch`), the messages of relayer/wire/private-messages.ts:
//   order    every order of the account the command touched, in its state after the command
//   fill     every fill of the account's orders, from its own side (with the ledger's fill id)
//   balance  the tokens of the account whose balance changed (diffed against what it was last sent), checked once
//            per run of acks (a group commit), labelled with the last seq of the run
// and `publishSettlement`, the hook through which the settlement pipeline tells makers about their fills.
//
// Order state is not kept here: it is the order index's, read when the ack is published. The feed hears each ack
// through ReadModels.onApplied (relayer/read-models/read-models.ts), once the index shows that ack and no later one, so
// what a session is told is what GET /v1/orders/:hash answers then, and after a restart.
import type { Address, Hex } from "viem";
import { Side, type FillEvent } from "../../engine/index.js";
import { engineRejectionCode } from "../errors/index.js";
import { fromFill } from "../orders/index.js";
import type { MarketRegistry, RelayerMarket } from "../markets/index.js";
import type { LedgerView } from "../sequencer/index.js";
import { orderIdsOf, type OrderIndex, type OrderState } from "../read-models/order-index.js";
import type { TradingAck } from "../machine/trading.js";
import type {
  BalanceEntry,
  BalanceUpdate,
  FillNotice,
  OrderUpdate,
  SettlementNotice,
  SettlementState,
} from "../wire/private-messages.js";

export interface PrivateFeedSink {
  order(address: Address, update: OrderUpdate): void;
  fill(address: Address, notice: FillNotice): void;
  balance(address: Address, update: BalanceUpdate): void;
  settlement(address: Address, notice: SettlementNotice): void;
}

/** What the settlement pipeline hands to `publishSettlement`. */
export interface SettlementEvent {
  fillIds: readonly number[];
  state: SettlementState;
  txHash: Hex;
}

/** The settlement pipeline's end of the private channel (RunningRelayer.settlementNotices). */
export type SettlementPublisher = (event: SettlementEvent) => void;

export interface PrivateFeedOptions {
  markets: MarketRegistry;
  index: Pick<OrderIndex, "byOrderId">;
  /** The ledger as it is now (Trading.ledgerView). */
  ledger: () => LedgerView;
  /** Registers the ack listener, called once the index shows the ack; returns its remover (ReadModels.onApplied). */
  onApplied: (listener: (ack: TradingAck) => void) => () => void;
  /** How many recent fills remember their accounts for settlement notices after the ledger forgot them. */
  recentFills?: number;
}

/** What this ack says about an order beyond its state: why it left the book, or why it was refused. */
interface Touched {
  reason?: string;
  code?: string;
}

interface Watched {
  sessions: number;
  /** token → the entry last sent (or given at login), JSON. */
  last: Map<string, string>;
}

export class PrivateFeed {
  private readonly watched = new Map<Address, Watched>();
  private readonly fillAccounts = new Map<number, Address[]>();
  private readonly sinks = new Set<PrivateFeedSink>();
  private readonly stop: () => void;
  /** Accounts whose balances to check once the acks of this group commit are all published, and the last seq. */
  private readonly balancesDue = new Set<Address>();
  private balancesSeq = 0;

  constructor(private readonly options: PrivateFeedOptions) {
    this.stop = options.onApplied((ack) => this.publish(ack));
  }

  attach(sink: PrivateFeedSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** A session of `address` logged in: from now on its messages are published. Returns its balances now. */
  watch(address: Address): BalanceEntry[] {
    const key = address.toLowerCase() as Address;
    const balances = this.balancesOf(key);
    const watched = this.watched.get(key);
    if (watched !== undefined) watched.sessions++;
    else this.watched.set(key, { sessions: 1, last: new Map(balances.map((b) => [b.token, JSON.stringify(b)])) });
    return balances;
  }

  unwatch(address: Address): void {
    const key = address.toLowerCase() as Address;
    const watched = this.watched.get(key);
    if (watched !== undefined && --watched.sessions === 0) this.watched.delete(key);
  }

  /**
   * The settlement pipeline's hook: tells each account concerned (buyer and seller of each fill, if logged in)
   * which of its fills reached `state`, with the transaction. Fills are looked up in the ledger (pending fills) and
   * among the last `recentFills` fills published.
   */
  readonly publishSettlement: SettlementPublisher = ({ fillIds, state, txHash }) => {
    const byAccount = new Map<Address, number[]>();
    for (const id of fillIds) {
      const pending = this.options.ledger().ledger.pendingFill(id);
      const accounts =
        pending === undefined ? this.fillAccounts.get(id) : ([pending.buyer, pending.seller] as Address[]);
      for (const account of new Set(accounts ?? [])) {
        const list = byAccount.get(account);
        if (list === undefined) byAccount.set(account, [id]);
        else list.push(id);
      }
    }
    for (const [account, ids] of byAccount) {
      if (!this.watched.has(account)) continue;
      for (const sink of this.sinks) sink.settlement(account, { fillIds: ids, state, txHash });
    }
  };

  close(): void {
    this.stop();
    this.sinks.clear();
  }

  /** One acknowledgement → its accounts' order, fill and balance messages, in that order. */
  publish(ack: TradingAck): void {
    const touched = new Map<number, Touched>();
    const fills: [Address, FillNotice][] = [];
    const accounts = new Set<Address>();
    const registry = this.options.ledger().registry;
    const addressOf = (owner: number) => registry.address(owner)?.toLowerCase() as Address | undefined;
    let n = 0;
    for (const e of ack.events) {
      if (e.type !== "fill") {
        const [id] = orderIdsOf(e);
        if (id === undefined) continue;
        const order = this.options.index.byOrderId(id);
        // A refused cancel names an order too; the index did not take it as the order's refusal (advance), nor do we.
        if (e.type === "rejected" && order?.status !== "rejected") continue;
        const note = touched.get(id) ?? {};
        if (e.type === "cancelled" && e.remaining === 0) note.reason = e.reason;
        if (e.type === "rejected") note.code = engineRejectionCode(e.reason);
        touched.set(id, note);
        const address = order === undefined ? undefined : addressOf(order.owner);
        if (address !== undefined) accounts.add(address);
        continue;
      }
      const fillId = ack.fillIds?.[n++] ?? null;
      const parties: Address[] = [];
      for (const [id, role] of [
        [e.makerId, "maker"],
        [e.takerId, "taker"],
      ] as const) {
        if (!touched.has(id)) touched.set(id, {});
        const order = this.options.index.byOrderId(id);
        const market = order === undefined ? undefined : this.options.markets.byEngineId(order.market);
        const address = order === undefined ? undefined : addressOf(order.owner);
        if (order === undefined || market === undefined || address === undefined) continue;
        parties.push(address);
        if (this.watched.has(address)) fills.push([address, this.fillNotice(ack.seq, fillId, order, market, role, e)]);
      }
      if (fillId !== null) this.remember(fillId, parties);
      for (const a of parties) accounts.add(a);
      accounts.add(this.options.ledger().ledger.feeRecipient.toLowerCase() as Address);
    }

    for (const [id, note] of touched) {
      const order = this.options.index.byOrderId(id);
      // Pending: its place is not acknowledged; nothing to say yet.
      if (order === undefined || order.status === "pending") continue;
      const address = addressOf(order.owner);
      if (address !== undefined && this.watched.has(address)) this.emitOrder(address, ack.seq, order, note);
    }
    for (const [address, notice] of fills) for (const sink of this.sinks) sink.fill(address, notice);
    // A ledger record (deposit, withdrawal, settlement) has no events and names its accounts nowhere we can read:
    // every watched account is checked against what it was last sent.
    const check = ack.events.length === 0 ? this.watched.keys() : accounts.values();
    this.balancesAfter(check, ack.seq);
  }

  /**
   * Balances are checked once per run of acknowledgements, not per ack: the sequencer applies a whole group commit
   * before the first listener runs, so the ledger already shows the state after the group's last command, and each
   * ack's check would re-read the same state (the diff against what was sent then sends nothing). The check runs
   * in a microtask queued behind the group's ack listeners, and is labelled with the last seq published.
   */
  private balancesAfter(accounts: Iterable<Address>, seq: number): void {
    const first = this.balancesDue.size === 0;
    for (const address of accounts) this.balancesDue.add(address);
    this.balancesSeq = seq;
    if (!first || this.balancesDue.size === 0) return;
    queueMicrotask(() => {
      const due = [...this.balancesDue];
      this.balancesDue.clear();
      for (const address of due) this.emitBalances(address, this.balancesSeq);
    });
  }

  /** The order as the index shows it after this ack; `note` is what the ack says about why it left the book. */
  private emitOrder(address: Address, seq: number, order: OrderState, note: Touched): void {
    const market = this.options.markets.byEngineId(order.market);
    if (market === undefined) return;
    const lot = market.engine.lotSize;
    const update: OrderUpdate = {
      orderHash: order.hash,
      market: market.id,
      side: sideOf(order),
      status: order.status as OrderUpdate["status"],
      filled: (BigInt(order.filled) * lot).toString(),
      remaining: (BigInt(order.remaining) * lot).toString(),
      seq,
    };
    if (order.status === "cancelled" && note.reason !== undefined) update.reason = note.reason;
    if (order.status === "rejected" && note.code !== undefined) update.code = note.code;
    for (const sink of this.sinks) sink.order(address, update);
  }

  private fillNotice(
    seq: number,
    fillId: number | null,
    order: OrderState,
    market: RelayerMarket,
    role: "maker" | "taker",
    fill: FillEvent,
  ): FillNotice {
    const amounts = fromFill(market, fill);
    const side = sideOf(order);
    return {
      fillId,
      seq,
      market: market.id,
      orderHash: order.hash,
      side,
      role,
      priceTicks: fill.price,
      lots: fill.qty,
      baseAmount: amounts.base.toString(),
      quoteAmount: amounts.quote.toString(),
      fee: (role === "maker" ? amounts.makerFee : amounts.takerFee).toString(),
      feeToken: (side === "buy" ? market.base.address : market.quote.address).toLowerCase(),
    };
  }

  /** Sends the tokens of `address` whose entry differs from the one it was last sent (a token gone to zero: all "0"). */
  private emitBalances(address: Address, seq: number): void {
    const watched = this.watched.get(address);
    if (watched === undefined) return;
    const now = new Map(this.balancesOf(address).map((b) => [b.token, b]));
    const changed: BalanceEntry[] = [];
    for (const [token, entry] of now) {
      const json = JSON.stringify(entry);
      if (watched.last.get(token) === json) continue;
      watched.last.set(token, json);
      changed.push(entry);
    }
    for (const token of [...watched.last.keys()]) {
      if (now.has(token)) continue;
      watched.last.delete(token);
      changed.push({ token, deposited: "0", available: "0", locked: "0", pendingIn: "0", pendingOut: "0" });
    }
    if (changed.length === 0) return;
    for (const sink of this.sinks) sink.balance(address, { address, seq, balances: changed });
  }

  private balancesOf(address: Address): BalanceEntry[] {
    return this.options
      .ledger()
      .ledger.balancesOf(address)
      .map(([token, b]) => ({
        token: token.toLowerCase(),
        deposited: b.deposited.toString(),
        available: b.available.toString(),
        locked: b.locked.toString(),
        pendingIn: b.pendingIn.toString(),
        pendingOut: b.pendingOut.toString(),
      }));
  }

  private remember(fillId: number, accounts: Address[]): void {
    this.fillAccounts.set(fillId, accounts);
    const cap = this.options.recentFills ?? 100_000;
    while (this.fillAccounts.size > cap) this.fillAccounts.delete(this.fillAccounts.keys().next().value!);
  }
}

const sideOf = (order: OrderState): "buy" | "sell" => (order.signed.order.side === Side.Buy ? "buy" : "sell");
