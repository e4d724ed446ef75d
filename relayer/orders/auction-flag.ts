// The market rule of the AUCTION_ONLY order flag (docs/fairness.md). In a market whose auction batches settle only
// with a proof (`proofs: true`), every order must carry the flag: the Exchange then refuses to settle it unless
// AuctionSettlement, which checks the proof, is the caller, so the operator cannot skip the proof. Anywhere else no
// order may carry it: nothing would ever settle it, and the maker would wait for a fill that cannot come.
import { OrderFlags, type Order } from "../../protocol/index.js";
import { ApiError } from "../errors/api-error.js";
import type { RelayerMarket } from "../markets/markets.js";

/** Throws ApiError 422 AUCTION_ONLY_REQUIRED or AUCTION_ONLY_NOT_ACCEPTED when the flag does not match the market. */
export function assertAuctionFlag(market: RelayerMarket, order: Pick<Order, "flags">): void {
  const auctionOnly = (order.flags & OrderFlags.AUCTION_ONLY) !== 0;
  if (market.proofs && !auctionOnly) {
    throw new ApiError(
      "AUCTION_ONLY_REQUIRED",
      `Market ${market.id} settles only proved auction batches: set the AUCTION_ONLY flag (${OrderFlags.AUCTION_ONLY}) in flags.`,
      { field: "order.flags" },
    );
  }
  if (!market.proofs && auctionOnly) {
    throw new ApiError(
      "AUCTION_ONLY_NOT_ACCEPTED",
      `Market ${market.id} does not settle with proofs: an AUCTION_ONLY order could never settle there.`,
      { field: "order.flags" },
    );
  }
}
