// A batch's settlement states, in the order a batch normally goes through them:
//
//   matched    closed by the batcher and stored (fills, orders); nothing sent yet, or a send must be redone
//   submitted  a signed transaction is stored and sent; not in a block yet (replacements keep this state)
//   included   a transaction of it is in a block (a receipt with status success); waiting for confirmations
//   final      N confirmations: fills-settled (and fills-reverted for skipped fills) went through the sequencer
//   isolated   every fill of it reverts in simulation: all of them were reported and reverted; nothing to send
//
// A reorg that drops an included batch takes it back to matched (it is simulated and sent again: same batch id,
// so the contract can never settle it twice).
export const SETTLEMENT_STATES = ["matched", "submitted", "included", "final", "isolated"] as const;
export type SettlementState = (typeof SETTLEMENT_STATES)[number];

/** States that still need the settler's attention. */
export const isOpenState = (s: SettlementState): boolean => s === "matched" || s === "submitted" || s === "included";
