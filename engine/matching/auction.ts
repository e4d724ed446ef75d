/**
 * Frequent batch auction clearing: a pure function of an ordered list of
 * orders (and a reference price), kept small and exactly specified so that it
 * can be re-implemented in a circuit.
 *
 * Rule (see docs/engine.md):
 * 1. Candidate prices are the orders' limit prices, plus the reference price if it is > 0.
 * 2. At price p, demand D(p) = Σ size of buys with limit ≥ p, supply S(p) = Σ size of
 *    sells with limit ≤ p, volume V(p) = min(D, S).
 * 3. The clearing price maximises V; ties go to the least imbalance |D − S|, then to a
 *    price that fills every strictly better order in full (buys with limit > p total at most
 *    V, and sells with limit < p too), then to the price nearest the reference price (when
 *    there is one), then to the lowest price. If the best volume is 0 nothing clears (price 0).
 *    Among the greatest-volume, least-imbalance candidates there is always one that fills the
 *    strictly better orders in full (docs/engine.md), so the clearing price always does.
 * 4. Every buy with limit ≥ P and sell with limit ≤ P may trade, all at P. Each side is
 *    allocated V lots in priority order: better limit first, then position in the list.
 * 5. Allocations are paired in that same priority order (buys against sells, like a
 *    merge). In each pair the order earlier in the list is the maker. A pair of two
 *    orders of the same owner is a self-trade: it is flagged, and the engine removes
 *    the quantity from both orders without trading (decrement).
 */
import { Side } from "../types.js";

export interface AuctionOrder {
  readonly side: Side;
  /** Limit price in ticks (≥ 1). */
  readonly price: number;
  /** Quantity in lots (≥ 1). */
  readonly size: number;
  readonly owner: number;
}

export interface AuctionMatch {
  /** Index of the buy order in the input list. */
  readonly buy: number;
  /** Index of the sell order in the input list. */
  readonly sell: number;
  readonly qty: number;
  /** Same owner on both sides: not a trade. */
  readonly selfTrade: boolean;
}

export interface AuctionResult {
  /** Clearing price in ticks; 0 when nothing crosses. */
  readonly price: number;
  /** Lots matched at the clearing price (self-trade pairs included). */
  readonly volume: number;
  readonly demand: number;
  readonly supply: number;
  readonly matches: readonly AuctionMatch[];
}

/** Demand and supply at price p (rule 2). */
export function demandSupply(orders: readonly AuctionOrder[], p: number): { demand: number; supply: number } {
  let demand = 0;
  let supply = 0;
  for (const o of orders) {
    if (o.side === Side.Buy && o.price >= p) demand += o.size;
    if (o.side === Side.Sell && o.price <= p) supply += o.size;
  }
  return { demand, supply };
}

interface Candidate {
  price: number;
  volume: number;
  imbalance: number;
  /** Every buy with limit > price and every sell with limit < price is filled in full at this price. */
  full: boolean;
}

/** Is price `a` (with its demand and supply) a better clearing price than `b` (rule 3)? */
function better(a: Candidate, b: Candidate, reference: number): boolean {
  if (a.volume !== b.volume) return a.volume > b.volume;
  if (a.imbalance !== b.imbalance) return a.imbalance < b.imbalance;
  if (a.full !== b.full) return a.full;
  if (reference > 0) {
    const da = Math.abs(a.price - reference);
    const db = Math.abs(b.price - reference);
    if (da !== db) return da < db;
  }
  return a.price < b.price;
}

/** The clearing price and its demand and supply (rules 1–3). O(n log n). */
export function clearingPrice(
  orders: readonly AuctionOrder[],
  reference: number,
): { price: number; volume: number; demand: number; supply: number } {
  const candidates = [...new Set(orders.map((o) => o.price).concat(reference > 0 ? [reference] : []))].sort(
    (a, b) => a - b,
  );
  const buys = orders.filter((o) => o.side === Side.Buy).sort((a, b) => b.price - a.price);
  const sells = orders.filter((o) => o.side === Side.Sell).sort((a, b) => a.price - b.price);
  const supplyAt: number[] = [];
  let supply = 0;
  for (let c = 0, j = 0; c < candidates.length; c++) {
    while (j < sells.length && sells[j].price <= candidates[c]) supply += sells[j++].size;
    supplyAt.push(supply);
  }
  let best = { price: 0, volume: 0, imbalance: 0, full: false, demand: 0, supply: 0 };
  let demand = 0;
  for (let c = candidates.length - 1, i = 0; c >= 0; c--) {
    const price = candidates[c];
    // Every limit is a candidate: buys above this price are the demand at the next candidate up, sells below it the
    // supply at the next one down.
    const demandAbove = demand;
    while (i < buys.length && buys[i].price >= price) demand += buys[i++].size;
    const s = supplyAt[c];
    const supplyBelow = c > 0 ? supplyAt[c - 1] : 0;
    const volume = Math.min(demand, s);
    const full = demandAbove <= volume && supplyBelow <= volume;
    const here = { price, volume, imbalance: Math.abs(demand - s), full, demand, supply: s };
    if (here.volume > 0 && (best.volume === 0 || better(here, best, reference))) best = here;
  }
  return { price: best.price, volume: best.volume, demand: best.demand, supply: best.supply };
}

/** Clears a batch (rules 1–5). `orders` is in priority order: earlier = older. */
export function clearAuction(orders: readonly AuctionOrder[], reference: number): AuctionResult {
  const { price, volume, demand, supply } = clearingPrice(orders, reference);
  if (volume === 0) return { price: 0, volume: 0, demand: 0, supply: 0, matches: [] };
  const indices = orders.map((_, i) => i);
  const buys = allocate(
    indices
      .filter((i) => orders[i].side === Side.Buy && orders[i].price >= price)
      .sort((a, b) => orders[b].price - orders[a].price || a - b),
    orders,
    volume,
  );
  const sells = allocate(
    indices
      .filter((i) => orders[i].side === Side.Sell && orders[i].price <= price)
      .sort((a, b) => orders[a].price - orders[b].price || a - b),
    orders,
    volume,
  );
  const matches: AuctionMatch[] = [];
  for (let b = 0, s = 0; b < buys.length && s < sells.length; ) {
    const qty = Math.min(buys[b].qty, sells[s].qty);
    const buy = buys[b].index;
    const sell = sells[s].index;
    matches.push({ buy, sell, qty, selfTrade: orders[buy].owner === orders[sell].owner });
    buys[b].qty -= qty;
    sells[s].qty -= qty;
    if (buys[b].qty === 0) b++;
    if (sells[s].qty === 0) s++;
  }
  return { price, volume, demand, supply, matches };
}

/** Gives `volume` lots to the orders in the given priority order (rule 4). */
function allocate(
  priority: number[],
  orders: readonly AuctionOrder[],
  volume: number,
): { index: number; qty: number }[] {
  const out: { index: number; qty: number }[] = [];
  let left = volume;
  for (const index of priority) {
    if (left === 0) break;
    const qty = Math.min(left, orders[index].size);
    out.push({ index, qty });
    left -= qty;
  }
  return out;
}
