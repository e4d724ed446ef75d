// The sequencer's exceptions: one base class with a stable code, a short message, details and the cause, and
// one subclass per area (codec, log, snapshot store, sequencer). They are for conditions an operator has to
// look at (a corrupt log, a failed disk write, a snapshot that does not match the log); an order the engine
// refuses is never an exception but a `rejected` event in the acknowledgement.

export interface SequencerErrorOptions {
  details?: string;
  cause?: unknown;
}

/** Every code this module can throw; stable, so the API layer and the operator's alerts can key on them. */
export type SequencerErrorCode =
  // codec
  | "CODEC_UNSUPPORTED_VERSION"
  | "CODEC_MALFORMED"
  | "CODEC_UNENCODABLE"
  // write-ahead log
  | "WAL_OUT_OF_ORDER"
  | "WAL_WRITE_FAILED"
  | "WAL_FAILED"
  | "WAL_CLOSED"
  | "WAL_TRUNCATED"
  | "WAL_GAP"
  | "WAL_BAD_TRUNCATION"
  // snapshot store
  | "SNAPSHOT_CORRUPT"
  | "SNAPSHOT_OUT_OF_ORDER"
  | "SNAPSHOT_MARKETS_MISMATCH"
  // sequencer
  | "SEQUENCER_NOT_READY"
  | "SEQUENCER_FAILED"
  | "SEQUENCER_INVALID_CLOCK"
  | "RECOVERY_LOG_BEHIND_SNAPSHOT"
  | "RECOVERY_RECORD_MISMATCH";

/** Base of every sequencer error: `code` is stable; the message is for people. */
export abstract class SequencerModuleError extends Error {
  abstract readonly code: SequencerErrorCode;
  readonly details: string | undefined;

  constructor(shortMessage: string, { details, cause }: SequencerErrorOptions = {}) {
    super(details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage, { cause });
    this.details = details;
  }
}

export type CodecErrorCode = Extract<SequencerErrorCode, `CODEC_${string}`>;
/** A log record could not be encoded (a value JSON cannot carry exactly) or decoded (wrong version, damaged bytes). */
export class CodecError extends SequencerModuleError {
  override readonly name = "CodecError";
  constructor(readonly code: CodecErrorCode, message: string, options?: SequencerErrorOptions) {
    super(message, options);
  }
}

export type WalErrorCode = Extract<SequencerErrorCode, `WAL_${string}`>;
/** The write-ahead log refused an operation or found itself damaged. */
export class WalError extends SequencerModuleError {
  override readonly name = "WalError";
  constructor(readonly code: WalErrorCode, message: string, options?: SequencerErrorOptions) {
    super(message, options);
  }
}

export type SnapshotErrorCode = Extract<SequencerErrorCode, `SNAPSHOT_${string}`>;
/** A stored snapshot is damaged, older than the latest, or does not fit the configured markets. */
export class SnapshotStoreError extends SequencerModuleError {
  override readonly name = "SnapshotStoreError";
  constructor(readonly code: SnapshotErrorCode, message: string, options?: SequencerErrorOptions) {
    super(message, options);
  }
}

export type SequencerStateErrorCode = Extract<SequencerErrorCode, `SEQUENCER_${string}` | `RECOVERY_${string}`>;
/** The sequencer cannot take commands (not recovered, failed, bad clock) or cannot rebuild its state. */
export class SequencerError extends SequencerModuleError {
  override readonly name = "SequencerError";
  constructor(readonly code: SequencerStateErrorCode, message: string, options?: SequencerErrorOptions) {
    super(message, options);
  }
}
