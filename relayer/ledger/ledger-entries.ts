// What the ledger keeps besides balances (order locks, pending fills, deposits, withdrawals) and what its order
// and fill operations take. Addresses are normalised (address.ts); amounts are token units.
import type { Address } from "./address.js";

/** Funds an open order holds: `lots × unitPerLot` of `token` (quote at its limit for a buy, base for a sell). */
export interface OrderLock {
  readonly account: Address;
  readonly token: Address;
  /** Token units one lot of this order locks: limit × tickSize (buy) or lotSize (sell). */
  readonly unitPerLot: bigint;
  /** Lots still open. */
  lots: number;
}

/** A matched fill that is not final yet. The buyer receives base − buyerFee, the seller quote − sellerFee. */
export interface PendingFill {
  readonly buyer: Address;
  readonly seller: Address;
  readonly feeRecipient: Address;
  readonly baseToken: Address;
  readonly quoteToken: Address;
  readonly base: bigint;
  readonly quote: bigint;
  readonly buyerFee: bigint;
  readonly sellerFee: bigint;
}

/** A credited deposit (kept so that a reorg can reverse it and a second credit of it is refused). */
export interface Deposit {
  readonly account: Address;
  readonly token: Address;
  readonly amount: bigint;
}

/** A withdrawal requested and not yet settled or failed. */
export type Withdrawal = Deposit;

export interface LockOrderInput {
  /** The order's key in the ledger (the bridge uses `market/id`). */
  readonly order: string;
  readonly account: string;
  readonly token: string;
  readonly lots: number;
  readonly unitPerLot: bigint;
}

export interface FillInput {
  readonly buyOrder: string;
  readonly sellOrder: string;
  /** Lots filled: taken off both orders' locks. */
  readonly lots: number;
  readonly baseToken: string;
  readonly quoteToken: string;
  readonly base: bigint;
  readonly quote: bigint;
  /** Paid by the buyer in base. */
  readonly buyerFee: bigint;
  /** Paid by the seller in quote. */
  readonly sellerFee: bigint;
}
