// The relayer's deterministic view of every account's funds: a pure state machine over bigints. It is fed, in
// log order, by the engine's events (through `LedgerBridge`) and by ledger records (deposits, withdrawals,
// settlement outcomes), and the engine's risk hook reads it at apply time, so its answers follow from the log.
//
// Per (account, token), see balance.ts:  available = deposited − locked − withdrawing − pendingOut ≥ 0.
// Every operation checks first and then writes: a refused operation returns a rejection and changes nothing,
// and no field ever becomes negative.
import { normalizeAddress, type Address } from "./address.js";
import { availableOf, viewOf, type Balance, type BalanceView } from "./balance.js";
import { BalanceTable } from "./balance-table.js";
import type { Deposit, FillInput, LockOrderInput, OrderLock, PendingFill, Withdrawal } from "./ledger-entries.js";
import { done, refuse, type LedgerResult } from "./rejections.js";

const isPositive = (x: unknown): x is bigint => typeof x === "bigint" && x > 0n;
const isLots = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) > 0;
const isId = (x: unknown): x is string => typeof x === "string" && x.length > 0 && x.length <= 256;

export class Ledger {
  private readonly balances = new BalanceTable();
  private readonly orders = new Map<string, OrderLock>();
  private readonly fills = new Map<number, PendingFill>();
  private readonly deposits = new Map<string, Deposit>();
  private readonly withdrawals = new Map<string, Withdrawal>();
  /** Id of the next fill applied: fills are numbered 1, 2, 3 … in log order. */
  private nextFillIdValue = 1;
  private feeRecipientValue: Address;

  constructor(feeRecipient: string) {
    const address = normalizeAddress(feeRecipient);
    if (address === null) throw new TypeError(`fee recipient ${String(feeRecipient)} is not an address`);
    this.feeRecipientValue = address;
  }

  // ----- queries -----

  balance(account: string, token: string): BalanceView {
    return viewOf(this.balances.peek(normalizeAddress(account) ?? "", normalizeAddress(token) ?? ""));
  }

  available(account: string, token: string): bigint {
    return availableOf(this.balances.peek(normalizeAddress(account) ?? "", normalizeAddress(token) ?? ""));
  }

  /** Every non-zero balance of an account, by token (sorted): what `GET /v1/balances/:address` shows. */
  balancesOf(account: string): [Address, BalanceView][] {
    return this.balances.ofAccount(normalizeAddress(account) ?? "").map(([token, b]) => [token, viewOf(b)]);
  }

  orderLock(order: string): Readonly<OrderLock> | undefined {
    return this.orders.get(order);
  }

  pendingFill(fillId: number): PendingFill | undefined {
    return this.fills.get(fillId);
  }

  /** Ids of the fills not yet final, ascending. */
  pendingFillIds(): number[] {
    return [...this.fills.keys()].sort((a, b) => a - b);
  }

  /** Ids of the withdrawals requested and still open, sorted. */
  openWithdrawalIds(): string[] {
    return [...this.withdrawals.keys()].sort();
  }

  depositIds(): string[] {
    return [...this.deposits.keys()].sort();
  }

  get nextFillId(): number {
    return this.nextFillIdValue;
  }

  get feeRecipient(): Address {
    return this.feeRecipientValue;
  }

  // ----- deposits -----

  /** The chain watcher saw a deposit reach N confirmations: `deposited` grows. */
  creditDeposit(depositId: string, account: string, token: string, amount: bigint): LedgerResult {
    if (!isId(depositId)) return refuse({ code: "invalid-id", id: depositId });
    const who = normalizeAddress(account);
    if (who === null) return refuse({ code: "invalid-address", address: account });
    const what = normalizeAddress(token);
    if (what === null) return refuse({ code: "invalid-address", address: token });
    if (!isPositive(amount)) return refuse({ code: "invalid-amount", amount });
    if (this.deposits.has(depositId)) return refuse({ code: "duplicate-deposit", depositId });
    this.deposits.set(depositId, { account: who, token: what, amount });
    this.balances.change(who, what, "deposited", amount);
    return done(null);
  }

  /**
   * A reorg removed a credited deposit: `deposited` shrinks. Refused (`insufficient-available`) when the funds are
   * already locked, pending out or being withdrawn; the relayer must first free them (see docs/ledger.md).
   */
  reverseDeposit(depositId: string): LedgerResult {
    const deposit = this.deposits.get(depositId);
    if (deposit === undefined) return refuse({ code: "unknown-deposit", depositId });
    const short = this.balances.shortfall(deposit.account, deposit.token, deposit.amount);
    if (short !== null) return short;
    this.deposits.delete(depositId);
    this.balances.change(deposit.account, deposit.token, "deposited", -deposit.amount);
    return done(null);
  }

  // ----- orders -----

  /** Reserves `lots × unitPerLot` of the account's available funds for an order: the pre-trade risk check. */
  lockOrder(input: LockOrderInput): LedgerResult {
    const { order, lots, unitPerLot } = input;
    if (!isId(order)) return refuse({ code: "invalid-id", id: order });
    const account = normalizeAddress(input.account);
    if (account === null) return refuse({ code: "invalid-address", address: input.account });
    const token = normalizeAddress(input.token);
    if (token === null) return refuse({ code: "invalid-address", address: input.token });
    if (!isLots(lots)) return refuse({ code: "invalid-amount", amount: lots });
    if (!isPositive(unitPerLot)) return refuse({ code: "invalid-amount", amount: unitPerLot });
    if (this.orders.has(order)) return refuse({ code: "duplicate-order", order });
    const amount = BigInt(lots) * unitPerLot;
    const short = this.balances.shortfall(account, token, amount);
    if (short !== null) return short;
    this.orders.set(order, { account, token, unitPerLot, lots });
    this.balances.change(account, token, "locked", amount);
    return done(null);
  }

  /** Cancel, expiry, rejection, self-trade decrement: `lots` of the order leave the book; their lock is freed. */
  releaseOrder(order: string, lots: number): LedgerResult<{ remainingLots: number }> {
    const lock = this.orders.get(order);
    if (lock === undefined) return refuse({ code: "unknown-order", order });
    if (!isLots(lots)) return refuse({ code: "invalid-amount", amount: lots });
    if (lots > lock.lots) return refuse({ code: "exceeds-lock", order, lots, lockedLots: lock.lots });
    this.takeLots(order, lock, lots);
    return done({ remainingLots: lock.lots });
  }

  // ----- fills and settlement -----

  /**
   * A matched fill: both orders' locks for `lots` are freed; the buyer owes `quote` and will receive
   * `base − buyerFee`, the seller owes `base` and will receive `quote − sellerFee`, the fee recipient will
   * receive both fees. Returns the fill's id, which `settleFills` and `revertFills` name.
   */
  applyFill(input: FillInput): LedgerResult<number> {
    const { buyOrder, sellOrder, lots, base, quote, buyerFee, sellerFee } = input;
    const buy = this.orders.get(buyOrder);
    if (buy === undefined) return refuse({ code: "unknown-order", order: buyOrder });
    const sell = this.orders.get(sellOrder);
    if (sell === undefined) return refuse({ code: "unknown-order", order: sellOrder });
    if (buyOrder === sellOrder) return refuse({ code: "fill-mismatch", reason: "an order cannot fill against itself" });
    if (!isLots(lots)) return refuse({ code: "invalid-amount", amount: lots });
    if (lots > buy.lots) return refuse({ code: "exceeds-lock", order: buyOrder, lots, lockedLots: buy.lots });
    if (lots > sell.lots) return refuse({ code: "exceeds-lock", order: sellOrder, lots, lockedLots: sell.lots });
    if (!isPositive(base)) return refuse({ code: "invalid-amount", amount: base });
    if (!isPositive(quote)) return refuse({ code: "invalid-amount", amount: quote });
    for (const fee of [buyerFee, sellerFee])
      if (typeof fee !== "bigint" || fee < 0n) return refuse({ code: "invalid-amount", amount: fee });
    const baseToken = normalizeAddress(input.baseToken);
    const quoteToken = normalizeAddress(input.quoteToken);
    if (baseToken === null || quoteToken === null || baseToken === quoteToken) {
      return refuse({ code: "fill-mismatch", reason: "base and quote must be two different addresses" });
    }
    if (buy.token !== quoteToken)
      return refuse({ code: "fill-mismatch", reason: `the buy order locks ${buy.token}, not the quote token` });
    if (sell.token !== baseToken)
      return refuse({ code: "fill-mismatch", reason: `the sell order locks ${sell.token}, not the base token` });
    if (buyerFee > base)
      return refuse({ code: "fill-mismatch", reason: "the buyer's fee exceeds the base it receives" });
    if (sellerFee > quote)
      return refuse({ code: "fill-mismatch", reason: "the seller's fee exceeds the quote it receives" });
    // Each payer's available funds, once the lock for these lots is freed, must cover what it pays. For a fill at
    // or within the order's limit this always holds (quote ≤ lots × limit × tickSize; base = lots × lotSize).
    const buyRelease = BigInt(lots) * buy.unitPerLot;
    const sellRelease = BigInt(lots) * sell.unitPerLot;
    const buyerFree = availableOf(this.balances.peek(buy.account, quoteToken)) + buyRelease;
    if (buyerFree < quote)
      return refuse({
        code: "insufficient-available",
        account: buy.account,
        token: quoteToken,
        needed: quote,
        available: buyerFree,
      });
    const sellerFree = availableOf(this.balances.peek(sell.account, baseToken)) + sellRelease;
    if (sellerFree < base)
      return refuse({
        code: "insufficient-available",
        account: sell.account,
        token: baseToken,
        needed: base,
        available: sellerFree,
      });

    this.takeLots(buyOrder, buy, lots);
    this.takeLots(sellOrder, sell, lots);
    const fill: PendingFill = {
      buyer: buy.account,
      seller: sell.account,
      feeRecipient: this.feeRecipientValue,
      baseToken,
      quoteToken,
      base,
      quote,
      buyerFee,
      sellerFee,
    };
    this.movePending(fill, 1n);
    const fillId = this.nextFillIdValue++;
    this.fills.set(fillId, fill);
    return done(fillId);
  }

  /** The fills reached finality on-chain: what was pending becomes deposited (in for receivers, out for payers). */
  settleFills(fillIds: readonly number[]): LedgerResult {
    const unknown = this.unknownFill(fillIds);
    if (unknown !== null) return unknown;
    for (const id of fillIds) {
      const f = this.fills.get(id)!;
      this.movePending(f, -1n);
      this.balances.change(f.buyer, f.quoteToken, "deposited", -f.quote);
      this.balances.change(f.buyer, f.baseToken, "deposited", f.base - f.buyerFee);
      this.balances.change(f.seller, f.baseToken, "deposited", -f.base);
      this.balances.change(f.seller, f.quoteToken, "deposited", f.quote - f.sellerFee);
      this.balances.change(f.feeRecipient, f.baseToken, "deposited", f.buyerFee);
      this.balances.change(f.feeRecipient, f.quoteToken, "deposited", f.sellerFee);
      this.fills.delete(id);
    }
    return done(null);
  }

  /**
   * The fills will never settle (skipped on-chain, or given up): what was pending rolls back, so the payers' funds
   * are available again and nothing is received. The orders' locks are not restored: the engine consumed those
   * lots and will not match them again, and each order's lock covers exactly the lots it still has in the book.
   */
  revertFills(fillIds: readonly number[]): LedgerResult {
    const unknown = this.unknownFill(fillIds);
    if (unknown !== null) return unknown;
    for (const id of fillIds) {
      this.movePending(this.fills.get(id)!, -1n);
      this.fills.delete(id);
    }
    return done(null);
  }

  // ----- withdrawals -----

  /** A signed withdrawal entered the log: its amount is reserved so no order or later withdrawal can use it. */
  requestWithdrawal(withdrawalId: string, account: string, token: string, amount: bigint): LedgerResult {
    if (!isId(withdrawalId)) return refuse({ code: "invalid-id", id: withdrawalId });
    const who = normalizeAddress(account);
    if (who === null) return refuse({ code: "invalid-address", address: account });
    const what = normalizeAddress(token);
    if (what === null) return refuse({ code: "invalid-address", address: token });
    if (!isPositive(amount)) return refuse({ code: "invalid-amount", amount });
    if (this.withdrawals.has(withdrawalId)) return refuse({ code: "duplicate-withdrawal", withdrawalId });
    const short = this.balances.shortfall(who, what, amount);
    if (short !== null) return short;
    this.withdrawals.set(withdrawalId, { account: who, token: what, amount });
    this.balances.change(who, what, "withdrawing", amount);
    return done(null);
  }

  /** The withdrawal executed on-chain: the reserved amount leaves `deposited`. */
  settleWithdrawal(withdrawalId: string): LedgerResult {
    const w = this.withdrawals.get(withdrawalId);
    if (w === undefined) return refuse({ code: "unknown-withdrawal", withdrawalId });
    this.withdrawals.delete(withdrawalId);
    this.balances.change(w.account, w.token, "withdrawing", -w.amount);
    this.balances.change(w.account, w.token, "deposited", -w.amount);
    return done(null);
  }

  /** The withdrawal will not execute (expired, reverted): the reserved amount is available again. */
  failWithdrawal(withdrawalId: string): LedgerResult {
    const w = this.withdrawals.get(withdrawalId);
    if (w === undefined) return refuse({ code: "unknown-withdrawal", withdrawalId });
    this.withdrawals.delete(withdrawalId);
    this.balances.change(w.account, w.token, "withdrawing", -w.amount);
    return done(null);
  }

  // ----- parameters -----

  /** Fees of fills applied from now on go to `address` (pending fills keep the recipient they were matched with). */
  setFeeRecipient(address: string): LedgerResult {
    const a = normalizeAddress(address);
    if (a === null) return refuse({ code: "invalid-address", address });
    this.feeRecipientValue = a;
    return done(null);
  }

  // ----- internals -----

  /** Adds ±(the fill's amounts) to pendingIn / pendingOut of the buyer, the seller and the fee recipient. */
  private movePending(f: PendingFill, sign: 1n | -1n): void {
    this.balances.change(f.buyer, f.quoteToken, "pendingOut", sign * f.quote);
    this.balances.change(f.buyer, f.baseToken, "pendingIn", sign * (f.base - f.buyerFee));
    this.balances.change(f.seller, f.baseToken, "pendingOut", sign * f.base);
    this.balances.change(f.seller, f.quoteToken, "pendingIn", sign * (f.quote - f.sellerFee));
    this.balances.change(f.feeRecipient, f.baseToken, "pendingIn", sign * f.buyerFee);
    this.balances.change(f.feeRecipient, f.quoteToken, "pendingIn", sign * f.sellerFee);
  }

  private takeLots(order: string, lock: OrderLock, lots: number): void {
    this.balances.change(lock.account, lock.token, "locked", -(BigInt(lots) * lock.unitPerLot));
    lock.lots -= lots;
    if (lock.lots === 0) this.orders.delete(order);
  }

  private unknownFill(
    fillIds: readonly number[],
  ): { ok: false; rejection: { code: "unknown-fill"; fillId: number } } | null {
    const seen = new Set<number>();
    for (const fillId of fillIds) {
      // A fill named twice in one record is refused as unknown the second time: it cannot settle twice.
      if (!this.fills.has(fillId) || seen.has(fillId))
        return { ok: false, rejection: { code: "unknown-fill", fillId } };
      seen.add(fillId);
    }
    return null;
  }

  // ----- snapshot (see snapshot.ts for the format) -----

  /** @internal Raw state for `snapshotLedger`. */
  state() {
    return {
      balances: this.balances.entries(),
      orders: this.orders,
      fills: this.fills,
      deposits: this.deposits,
      withdrawals: this.withdrawals,
      nextFillId: this.nextFillIdValue,
      feeRecipient: this.feeRecipientValue,
    };
  }

  /** @internal Used by `restoreLedger` only. */
  load(state: {
    balances: [Address, Address, Balance][];
    orders: [string, OrderLock][];
    fills: [number, PendingFill][];
    deposits: [string, Deposit][];
    withdrawals: [string, Withdrawal][];
    nextFillId: number;
  }): void {
    for (const [account, token, b] of state.balances) this.balances.load(account, token, b);
    for (const [k, v] of state.orders) this.orders.set(k, { ...v });
    for (const [k, v] of state.fills) this.fills.set(k, v);
    for (const [k, v] of state.deposits) this.deposits.set(k, v);
    for (const [k, v] of state.withdrawals) this.withdrawals.set(k, v);
    this.nextFillIdValue = state.nextFillId;
  }
}
