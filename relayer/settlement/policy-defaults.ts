// The settler's sending defaults, apart from the settler so that configuration (relayer/config/settlement-policy.ts)
// can name them without importing the settler and all it imports.

/** Settlement transactions that may wait for a block at once (docs/settlement.md, "Keeping up with the chain"). */
export const DEFAULT_MAX_IN_FLIGHT = 8;
/** A matched batch that cannot go out for this long raises `batch-stuck` and stops holding back later ones. */
export const DEFAULT_STUCK_BATCH_MS = 60_000;
