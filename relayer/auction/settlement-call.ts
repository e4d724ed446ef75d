// The arguments of AuctionSettlement.settle (contracts/auction/AuctionSettlement.sol) for a proved batch: the
// Exchange batch of the engine's matches, the slot of each of its orders, the self-trade pairs and the proof.
import { clearAuction } from "../../engine/matching/auction.js";
import { buildBatch, type Batch, type Fill, type SignedOrder } from "../../protocol/index.js";
import { fillToTokenAmounts } from "../../engine/units.js";
import { Side, type Lots, type Ticks } from "../../engine/types.js";
import type { AuctionBatch } from "./circuit-input.js";
import type { AuctionProof } from "./prover.js";

export interface AuctionMarket {
  lotSize: bigint;
  tickSize: bigint;
  makerFeeBps: number;
  takerFeeBps: number;
}

export interface AuctionSettleArgs {
  batch: Batch;
  slotOf: number[];
  selfTrades: { first: number; second: number; lots: number }[];
  price: number;
  proof: AuctionProof["proof"];
}

/**
 * `signed[i]` is the signed order of `batch.slots[i]`. Only orders that trade or self-trade go into the Exchange
 * batch; in each pair the order earlier in the list is the maker (docs/engine.md).
 */
export function auctionSettleArgs(
  batch: AuctionBatch,
  signed: readonly SignedOrder[],
  market: AuctionMarket,
  proof: AuctionProof,
): AuctionSettleArgs {
  const result = clearAuction(batch.slots, batch.reference);
  const involved = [...new Set(result.matches.flatMap((m) => [m.buy, m.sell]))].sort((a, b) => a - b);
  const indexOf = new Map(involved.map((slot, i) => [slot, i]));
  const fills: Fill[] = [];
  const selfTrades: AuctionSettleArgs["selfTrades"] = [];
  for (const m of result.matches) {
    const maker = Math.min(m.buy, m.sell);
    const taker = Math.max(m.buy, m.sell);
    if (m.selfTrade) {
      selfTrades.push({ first: indexOf.get(maker)!, second: indexOf.get(taker)!, lots: m.qty });
      continue;
    }
    const amounts = fillToTokenAmounts(market, {
      price: result.price as Ticks,
      qty: m.qty as Lots,
      takerSide: taker === m.buy ? Side.Buy : Side.Sell,
      makerFeeBps: market.makerFeeBps,
      takerFeeBps: market.takerFeeBps,
    });
    fills.push({
      makerIndex: indexOf.get(maker)!,
      takerIndex: indexOf.get(taker)!,
      baseAmount: amounts.base,
      quoteAmount: amounts.quote,
      makerFee: amounts.makerFee,
      takerFee: amounts.takerFee,
    });
  }
  return {
    batch: buildBatch(
      batch.batchId,
      involved.map((slot) => signed[slot]),
      fills,
    ),
    slotOf: involved,
    selfTrades,
    price: result.price,
    proof: proof.proof,
  };
}
