// Where the engine meets the ledger. `risk` is the engine's pre-trade hook, answered from the ledger at apply
// time; the bridge is also the engine's event sink, so every event changes the ledger in the same step, before
// it is passed on downstream:
//
//   risk(market, owner, side, price, size)  available(account, token) ≥ size × unitPerLot, read only
//   accepted                                the order locks size × unitPerLot (what `risk` just approved)
//   fill                                    both orders' locks for qty → pending (ledger.applyFill)
//   cancelled / expired                     the lots that left the book free their lock
//
// The engine calls `risk` and then, with nothing in between, emits `accepted` for the same order (the hook is not
// told the order id, so the bridge carries the approved requirement over to the event). Stops lock when accepted
// and keep the lock while they wait; a triggered stop is not asked again.
import {
  fillToTokenAmounts,
  Side,
  type CancelReason,
  type EventSink,
  type Lots,
  type MarketConfig,
  type MarketId,
  type OrderId,
  type OwnerId,
  type RejectReason,
  type RiskCheck,
  type Ticks,
} from "../../engine/index.js";
import { LedgerEngineMismatchError } from "./errors.js";
import type { Ledger } from "./ledger.js";
import type { Registry } from "./registry.js";
import type { LedgerRejection } from "./rejections.js";
import { orderRequirement } from "./requirement.js";

/** The ledger's key of an engine order: ids are unique per market while the order is live. */
export const orderKey = (market: number, id: number): string => `${market}/${id}`;

interface Approved {
  readonly market: number;
  readonly owner: number;
  readonly account: string;
  readonly token: string;
  readonly unitPerLot: bigint;
  readonly size: number;
}

export class LedgerBridge implements EventSink {
  private approved: Approved | null = null;
  /** Ids the ledger gave the fills of the command being executed, in event order (reset by `takeFillIds`). */
  private fillIds: number[] = [];

  constructor(
    private readonly ledger: Ledger,
    private readonly registry: Registry,
    private readonly downstream: EventSink,
  ) {}

  /** The engine's risk hook: can this owner pay for this order at its limit? Changes nothing in the ledger. */
  readonly risk: RiskCheck = (market: MarketConfig, owner: OwnerId, side: Side, price: Ticks, size: Lots): boolean => {
    this.approved = null;
    const account = this.registry.address(owner);
    if (account === undefined) return false;
    const need = orderRequirement(market, side, price, size);
    if (this.ledger.available(account, need.token) < need.amount) return false;
    this.approved = { market: market.id, owner, account, token: need.token, unitPerLot: need.unitPerLot, size };
    return true;
  };

  takeFillIds(): number[] {
    const out = this.fillIds;
    this.fillIds = [];
    return out;
  }

  accepted(market: MarketId, id: OrderId, owner: OwnerId): void {
    const a = this.approved;
    this.approved = null;
    if (a === null || a.market !== market || a.owner !== owner) {
      throw new LedgerEngineMismatchError(`order ${orderKey(market, id)} accepted without the risk hook approving it`);
    }
    const r = this.ledger.lockOrder({
      order: orderKey(market, id),
      account: a.account,
      token: a.token,
      lots: a.size,
      unitPerLot: a.unitPerLot,
    });
    if (!r.ok) throw mismatch(`locking order ${orderKey(market, id)}`, r.rejection);
    this.downstream.accepted(market, id, owner);
  }

  fill(
    market: MarketId,
    makerId: OrderId,
    takerId: OrderId,
    makerOwner: OwnerId,
    takerOwner: OwnerId,
    takerSide: Side,
    price: Ticks,
    qty: Lots,
    makerFeeBps: number,
    takerFeeBps: number,
  ): void {
    const config = this.registry.market(market);
    if (config === undefined) throw new LedgerEngineMismatchError(`fill in unknown market ${market}`);
    const amounts = fillToTokenAmounts(config, { price, qty, takerSide, makerFeeBps, takerFeeBps });
    const takerBuys = takerSide === Side.Buy;
    const r = this.ledger.applyFill({
      buyOrder: orderKey(market, takerBuys ? takerId : makerId),
      sellOrder: orderKey(market, takerBuys ? makerId : takerId),
      lots: qty,
      baseToken: config.baseToken,
      quoteToken: config.quoteToken,
      base: amounts.base,
      quote: amounts.quote,
      buyerFee: takerBuys ? amounts.takerFee : amounts.makerFee,
      sellerFee: takerBuys ? amounts.makerFee : amounts.takerFee,
    });
    if (!r.ok) throw mismatch(`fill of ${orderKey(market, makerId)} with ${orderKey(market, takerId)}`, r.rejection);
    this.fillIds.push(r.value);
    this.downstream.fill(
      market,
      makerId,
      takerId,
      makerOwner,
      takerOwner,
      takerSide,
      price,
      qty,
      makerFeeBps,
      takerFeeBps,
    );
  }

  cancelled(market: MarketId, id: OrderId, reason: CancelReason, qty: Lots, remaining: Lots): void {
    this.release(market, id, qty, remaining);
    this.downstream.cancelled(market, id, reason, qty, remaining);
  }

  expired(market: MarketId, id: OrderId, qty: Lots): void {
    this.release(market, id, qty, 0);
    this.downstream.expired(market, id, qty);
  }

  rejected(market: MarketId, id: OrderId, reason: RejectReason): void {
    this.approved = null;
    this.downstream.rejected(market, id, reason);
  }

  triggered(market: MarketId, id: OrderId): void {
    this.downstream.triggered(market, id);
  }

  level(market: MarketId, side: Side, price: Ticks, total: Lots): void {
    this.downstream.level(market, side, price, total);
  }

  cleared(market: MarketId, price: Ticks, volume: Lots): void {
    this.downstream.cleared(market, price, volume);
  }

  batch(market: MarketId, reference: Ticks, orders: number): void {
    this.downstream.batch(market, reference, orders);
  }

  batchOrder(market: MarketId, slot: number, id: OrderId, owner: OwnerId, side: Side, price: Ticks, size: Lots): void {
    this.downstream.batchOrder(market, slot, id, owner, side, price, size);
  }

  /** Frees the lock of `qty` lots; afterwards the lock must cover exactly the `remaining` lots the engine reports. */
  private release(market: number, id: number, qty: number, remaining: number): void {
    const key = orderKey(market, id);
    if (qty > 0) {
      const r = this.ledger.releaseOrder(key, qty);
      if (!r.ok) throw mismatch(`releasing ${qty} lots of ${key}`, r.rejection);
    }
    const left = this.ledger.orderLock(key)?.lots ?? 0;
    if (left !== remaining)
      throw new LedgerEngineMismatchError(`order ${key} has ${left} lots locked, the engine says ${remaining} remain`);
  }
}

function mismatch(what: string, rejection: LedgerRejection): LedgerEngineMismatchError {
  return new LedgerEngineMismatchError(`the ledger refused ${what}: ${rejection.code}`, {
    details: JSON.stringify(rejection, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  });
}
