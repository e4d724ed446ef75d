/** Public surface of the matching engine. */
export * from "./types.js";
export * from "./events.js";
export * from "./market.js";
export * from "./units.js";
export { Engine, type EngineOptions, type RiskCheck } from "./engine.js";
export { validatePlace, restsInBook, feeRateLimitNeeded, wouldTake } from "./admission.js";
export {
  clearAuction,
  clearingPrice,
  demandSupply,
  type AuctionOrder,
  type AuctionMatch,
  type AuctionResult,
} from "./matching/auction.js";
export { hashSnapshot, type EngineSnapshot } from "./snapshot.js";
export type { RestingOrder } from "./book/continuous-book.js";
