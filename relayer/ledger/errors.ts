// Exceptions of the ledger module. A refused operation is a `LedgerRejection` (data), not an exception; an
// exception means the engine and the ledger disagree (an engine event the ledger cannot apply, a restore from a
// damaged snapshot): a bug, so the caller must fail-stop like the sequencer does on an engine exception.

export interface LedgerErrorOptions {
  details?: string;
  cause?: unknown;
}

export type LedgerErrorCode = "LEDGER_ENGINE_MISMATCH" | "LEDGER_SNAPSHOT_INVALID";

export abstract class LedgerModuleError extends Error {
  abstract readonly code: LedgerErrorCode;
  readonly details: string | undefined;
  constructor(shortMessage: string, { details, cause }: LedgerErrorOptions = {}) {
    super(details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage, { cause });
    this.details = details;
  }
}

/** An engine event the ledger cannot apply: the risk hook and the ledger went out of step. */
export class LedgerEngineMismatchError extends LedgerModuleError {
  readonly code = "LEDGER_ENGINE_MISMATCH";
  override readonly name = "LedgerEngineMismatchError";
}

/** A snapshot that does not describe a consistent ledger. */
export class LedgerSnapshotError extends LedgerModuleError {
  readonly code = "LEDGER_SNAPSHOT_INVALID";
  override readonly name = "LedgerSnapshotError";
}
