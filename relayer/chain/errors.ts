// The chain watcher's exceptions: conditions an operator has to look at. A deposit the ledger refuses is not one
// of them (the refusal is data in the log); a reorg deeper than the watcher remembers, or a reversal the ledger
// refuses because the funds are in use, are.
import { RelayerError, type RelayerErrorOptions } from "../errors/relayer-error.js";

export type ChainWatcherErrorCode =
  /** No block the watcher remembers is still on the chain: the reorg is deeper than its window. */
  | "REORG_TOO_DEEP"
  /** The ledger refused a `deposit-reversed` (funds in use): the watcher stops until they are freed. */
  | "REVERSAL_REFUSED"
  /** The node answered something inconsistent (a block it just reported is missing). Retried on the next poll. */
  | "CHAIN_INCONSISTENT"
  /** `pollOnce` or `start` on a watcher that is closed. */
  | "WATCHER_CLOSED";

export class ChainWatcherError extends RelayerError<ChainWatcherErrorCode> {
  override readonly name = "ChainWatcherError";

  constructor(code: ChainWatcherErrorCode, message: string, options: RelayerErrorOptions = {}) {
    super(code, message, options);
  }
}
