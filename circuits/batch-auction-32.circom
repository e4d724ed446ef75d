pragma circom 2.1.6;

include "batch-auction.circom";

// The batch auction circuit for 32 order slots (docs/fairness.md).
component main {public [commitment, meta, packedFills]} = BatchAuction(32);
