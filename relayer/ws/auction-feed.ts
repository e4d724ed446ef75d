// The auction batches on socket.io: each recorded batch goes to its market's public trades room as `auction.batch`
// (the published ordered list and commitment: anyone recomputes the commitment from it), and each inclusion receipt
// to its maker's private room as `receipt` (after auth.login). Attached by startRelayer.
import type { Server } from "socket.io";
import type { AuctionBatches } from "../auction/auction-batches.js";
import { tradesRoom } from "../wire/feed-messages.js";
import { accountRoom } from "../wire/private-messages.js";

/** Starts publishing; returns the function that stops it. */
export function attachAuctionFeed(io: Server, batches: Pick<AuctionBatches, "onBatch">): () => void {
  return batches.onBatch((batch) => {
    io.to(tradesRoom(batch.published.market)).emit("auction.batch", batch.published);
    for (const receipt of batch.receipts) {
      const maker = batch.signed[receipt.orderHash]?.order.maker;
      if (maker !== undefined) io.to(accountRoom(maker)).emit("receipt", receipt);
    }
  });
}
