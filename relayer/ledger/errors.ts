// Exceptions of the ledger module. A refused operation is a `LedgerRejection` (data), not an exception; an
// exception means the engine and the ledger disagree (an engine event the ledger cannot apply, a restore from a
// damaged snapshot): a bug, so the caller must fail-stop like the sequencer does on an engine exception.
import { RelayerError, withDetails, type RelayerErrorOptions } from "../errors/relayer-error.js";

export type LedgerErrorOptions = RelayerErrorOptions;

export type LedgerErrorCode = "LEDGER_ENGINE_MISMATCH" | "LEDGER_SNAPSHOT_INVALID";

export abstract class LedgerModuleError<Code extends LedgerErrorCode = LedgerErrorCode> extends RelayerError<Code> {
  constructor(code: Code, shortMessage: string, options: LedgerErrorOptions = {}) {
    super(code, withDetails(shortMessage, options.details), options);
  }
}

/** An engine event the ledger cannot apply: the risk hook and the ledger went out of step. */
export class LedgerEngineMismatchError extends LedgerModuleError<"LEDGER_ENGINE_MISMATCH"> {
  override readonly name = "LedgerEngineMismatchError";
  constructor(shortMessage: string, options?: LedgerErrorOptions) {
    super("LEDGER_ENGINE_MISMATCH", shortMessage, options);
  }
}

/** A snapshot that does not describe a consistent ledger. */
export class LedgerSnapshotError extends LedgerModuleError<"LEDGER_SNAPSHOT_INVALID"> {
  override readonly name = "LedgerSnapshotError";
  constructor(shortMessage: string, options?: LedgerErrorOptions) {
    super("LEDGER_SNAPSHOT_INVALID", shortMessage, options);
  }
}
