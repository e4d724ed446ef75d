// The publisher of the private channel: from each acknowledgement (Trading.onAck, in seq order) it derives, per
// account that has a logged-in session (`watch`), the messages of relayer/ws/private-messages.ts:
//   order    every order of the account the command touched, in its state after the command
//   fill     every fill of the account's orders, from its own side (with the ledger's fill id)
//   balance  the tokens of the account whose balance changed (diffed against what it was last sent), checked once
//            per run of acks (a group commit), labelled with the last seq of the run
// and `publishSettlement`, the hook through which the settlement pipeline tells makers about their fills.
//
// Order state is kept here, not read from the order index: the index is updated by each submitter after its ack's
// listeners have run (and with group commit, after later acks' listeners too), so at listener time it may lag. An
// order is tracked from its first event until it leaves the book; an order first seen here takes its state from
// the index, which is then exact (nothing changed it since start-up that this feed did not see first).
import type { Address, Hex } from "viem";
import { Side, type EngineEvent, type FillEvent } from "../../engine/index.js";
import { engineRejectionCode } from "../errors/index.js";
import { fromFill, type MarketRegistry, type RelayerMarket } from "../orders/index.js";
import type { LedgerView } from "../sequencer/index.js";
import type { OrderIndex, OrderStatus } from "../services/order-index.js";
import type { TradingAck } from "../services/trading.js";
import type { BalanceEntry, BalanceUpdate, FillNotice, OrderUpdate, SettlementNotice, SettlementState } from "./private-messages.js";

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
  /** Registers the ack listener; returns its remover (Trading.onAck). */
  onAck: (listener: (ack: TradingAck) => void) => () => void;
  /** How many recent fills remember their accounts for settlement notices after the ledger forgot them. */
  recentFills?: number;
}

/** An acknowledgement as the sequencer gives it: the ledger's fill ids ride along (relayer/sequencer/sequencer.ts Ack). */
type AckWithFills = TradingAck & { readonly fillIds?: readonly number[] };

interface TrackedOrder {
  hash: Hex;
  market: RelayerMarket;
  owner: number;
  side: "buy" | "sell";
  status: OrderStatus;
  filled: number;
  remaining: number;
  reason?: string;
  code?: string;
}

interface Watched {
  sessions: number;
  /** token → the entry last sent (or given at login), JSON. */
  last: Map<string, string>;
}

const FINAL = new Set<OrderStatus>(["filled", "cancelled", "expired", "rejected"]);
/** Refusals of cancel commands name an order id too; they say nothing about the order. */
const CANCEL_REFUSALS = new Set(["unknown-order", "not-owner"]);

export class PrivateFeed {
  private readonly orders = new Map<number, TrackedOrder>();
  private readonly watched = new Map<Address, Watched>();
  private readonly fillAccounts = new Map<number, Address[]>();
  private readonly sinks = new Set<PrivateFeedSink>();
  private readonly stop: () => void;
  /** Accounts whose balances to check once the acks of this group commit are all published, and the last seq. */
  private readonly balancesDue = new Set<Address>();
  private balancesSeq = 0;

  constructor(private readonly options: PrivateFeedOptions) {
    this.stop = options.onAck((ack) => this.publish(ack));
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
      const accounts = pending === undefined ? this.fillAccounts.get(id) : ([pending.buyer, pending.seller] as Address[]);
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
  publish(ack: AckWithFills): void {
    const touched = new Map<number, TrackedOrder>();
    const fills: [Address, FillNotice][] = [];
    const accounts = new Set<Address>();
    const registry = this.options.ledger().registry;
    const addressOf = (owner: number) => registry.address(owner)?.toLowerCase() as Address | undefined;
    let n = 0;
    for (const e of ack.events) {
      if (e.type === "fill") {
        const fillId = ack.fillIds?.[n++] ?? null;
        const parties: Address[] = [];
        for (const [id, role] of [[e.makerId, "maker"], [e.takerId, "taker"]] as const) {
          const order = this.track(id);
          if (order === undefined) continue;
          order.filled += e.qty;
          order.remaining -= e.qty;
          order.status = order.remaining === 0 ? "filled" : "partially-filled";
          touched.set(id, order);
          const address = addressOf(order.owner);
          if (address === undefined) continue;
          parties.push(address);
          if (this.watched.has(address)) fills.push([address, this.fillNotice(ack.seq, fillId, order, role, e)]);
        }
        if (fillId !== null) this.remember(fillId, parties);
        for (const a of parties) accounts.add(a);
        accounts.add(this.options.ledger().ledger.feeRecipient.toLowerCase() as Address);
        continue;
      }
      if (e.type !== "accepted" && e.type !== "rejected" && e.type !== "cancelled" && e.type !== "expired") continue;
      if (e.type === "rejected" && CANCEL_REFUSALS.has(e.reason)) continue;
      const order = this.track(e.id, e.type === "accepted");
      if (order === undefined) continue;
      applyEvent(order, e);
      touched.set(e.id, order);
      const address = addressOf(order.owner);
      if (address !== undefined) accounts.add(address);
    }

    for (const [id, order] of touched) {
      const address = addressOf(order.owner);
      if (address !== undefined && this.watched.has(address)) this.emitOrder(address, ack.seq, order);
      if (FINAL.has(order.status)) this.orders.delete(id);
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

  /** The tracked state of order `id`; first seen → from the index (fresh: a place just accepted it). */
  private track(id: number, fresh = false): TrackedOrder | undefined {
    const known = this.orders.get(id);
    if (known !== undefined) return known;
    const entry = this.options.index.byOrderId(id);
    const market = entry === undefined ? undefined : this.options.markets.byEngineId(entry.market);
    if (entry === undefined || market === undefined) return undefined;
    const order: TrackedOrder = {
      hash: entry.hash,
      market,
      owner: entry.owner,
      side: entry.signed.order.side === Side.Buy ? "buy" : "sell",
      status: fresh ? "open" : entry.status,
      filled: fresh ? 0 : entry.filled,
      remaining: fresh ? entry.size : entry.remaining,
    };
    this.orders.set(id, order);
    return order;
  }

  private emitOrder(address: Address, seq: number, order: TrackedOrder): void {
    const lot = order.market.engine.lotSize;
    const update: OrderUpdate = {
      orderHash: order.hash,
      market: order.market.id,
      side: order.side,
      status: order.status as OrderUpdate["status"],
      filled: (BigInt(order.filled) * lot).toString(),
      remaining: (BigInt(order.remaining) * lot).toString(),
      seq,
    };
    if (order.reason !== undefined) update.reason = order.reason;
    if (order.code !== undefined) update.code = order.code;
    for (const sink of this.sinks) sink.order(address, update);
  }

  private fillNotice(seq: number, fillId: number | null, order: TrackedOrder, role: "maker" | "taker", fill: FillEvent): FillNotice {
    const amounts = fromFill(order.market, fill);
    return {
      fillId,
      seq,
      market: order.market.id,
      orderHash: order.hash,
      side: order.side,
      role,
      priceTicks: fill.price,
      lots: fill.qty,
      baseAmount: amounts.base.toString(),
      quoteAmount: amounts.quote.toString(),
      fee: (role === "maker" ? amounts.makerFee : amounts.takerFee).toString(),
      feeToken: (order.side === "buy" ? order.market.base.address : order.market.quote.address).toLowerCase(),
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
    return this.options.ledger().ledger.balancesOf(address).map(([token, b]) => ({
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

/** An order event on a tracked order: the order index's rules (relayer/services/order-index.ts), fills aside. */
function applyEvent(order: TrackedOrder, e: Exclude<EngineEvent, { type: "fill" | "level" | "cleared" | "triggered" }>): void {
  switch (e.type) {
    case "accepted":
      order.status = "open";
      order.owner = e.owner;
      break;
    case "rejected":
      order.status = "rejected";
      order.remaining = 0;
      order.code = engineRejectionCode(e.reason);
      break;
    case "cancelled":
      order.remaining = e.remaining;
      if (e.remaining === 0) {
        order.status = "cancelled";
        order.reason = e.reason;
      }
      break;
    case "expired":
      order.remaining = 0;
      order.status = "expired";
      break;
  }
}
