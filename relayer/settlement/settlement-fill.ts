// A matched fill as the settler sees it: the ledger's fill id, the two orders (engine id and EIP-712 hash) and the
// token amounts it moves, computed once from the engine's fill event (relayer/orders/from-engine.ts, the same
// conversion the ledger used). Plain data: it is stored with its batch and rebuilt into calldata from there.
import type { Hex } from "viem";
import type { FillEvent } from "../../engine/index.js";
import { fromFill } from "../orders/index.js";
import type { RelayerMarket } from "../markets/markets.js";

export interface SettlementFill {
  /** The ledger's fill id (1, 2, 3 … in log order). */
  readonly fillId: number;
  /** The engine market id. */
  readonly market: number;
  /** Sequence number of the command that produced it. */
  readonly seq: number;
  readonly makerOrderId: number;
  readonly takerOrderId: number;
  readonly makerHash: Hex;
  readonly takerHash: Hex;
  readonly base: bigint;
  readonly quote: bigint;
  /** In the token the maker receives. */
  readonly makerFee: bigint;
  /** In the token the taker receives. */
  readonly takerFee: bigint;
}

/** Where the settler finds an engine order's hash (the order index). */
export type OrderHashOf = (orderId: number) => Hex | undefined;

export class UnknownFillOrderError extends Error {
  readonly code = "SETTLEMENT_UNKNOWN_ORDER";
  constructor(
    readonly fillId: number,
    readonly orderId: number,
  ) {
    super(`fill ${fillId} names engine order ${orderId}, which the order index does not know`);
    this.name = "UnknownFillOrderError";
  }
}

export function settlementFill(
  market: RelayerMarket,
  seq: number,
  fillId: number,
  event: FillEvent,
  hashOf: OrderHashOf,
): SettlementFill {
  const amounts = fromFill(market, event);
  const makerHash = hashOf(event.makerId);
  if (makerHash === undefined) throw new UnknownFillOrderError(fillId, event.makerId);
  const takerHash = hashOf(event.takerId);
  if (takerHash === undefined) throw new UnknownFillOrderError(fillId, event.takerId);
  return {
    fillId,
    market: event.market,
    seq,
    makerOrderId: event.makerId,
    takerOrderId: event.takerId,
    makerHash,
    takerHash,
    base: amounts.base,
    quote: amounts.quote,
    makerFee: amounts.makerFee,
    takerFee: amounts.takerFee,
  };
}

/** The JSON form kept in the settlement store (bigints as decimal strings). */
export interface StoredFill {
  fillId: number;
  market: number;
  seq: number;
  makerOrderId: number;
  takerOrderId: number;
  makerHash: Hex;
  takerHash: Hex;
  base: string;
  quote: string;
  makerFee: string;
  takerFee: string;
}

export const toStoredFill = (f: SettlementFill): StoredFill => ({
  ...f,
  base: f.base.toString(),
  quote: f.quote.toString(),
  makerFee: f.makerFee.toString(),
  takerFee: f.takerFee.toString(),
});

export const fromStoredFill = (f: StoredFill): SettlementFill => ({
  ...f,
  base: BigInt(f.base),
  quote: BigInt(f.quote),
  makerFee: BigInt(f.makerFee),
  takerFee: BigInt(f.takerFee),
});
