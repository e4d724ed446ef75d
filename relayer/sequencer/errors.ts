// The sequencer's exceptions: one base class with a stable code, a short message, details and the cause, and
// one subclass per area (codec, log, snapshot store, sequencer). They are for conditions an operator has to
// look at (a corrupt log, a failed disk write, a snapshot that does not match the log); an order the engine
// refuses is never an exception but a `rejected` event in the acknowledgement.
import { RelayerError, withDetails, type RelayerErrorOptions } from "../errors/relayer-error.js";

export type SequencerErrorOptions = RelayerErrorOptions;

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
export abstract class SequencerModuleError<
  Code extends SequencerErrorCode = SequencerErrorCode,
> extends RelayerError<Code> {
  constructor(code: Code, shortMessage: string, options: SequencerErrorOptions = {}) {
    super(code, withDetails(shortMessage, options.details), options);
  }
}

export type CodecErrorCode = Extract<SequencerErrorCode, `CODEC_${string}`>;
/** A log record could not be encoded (a value JSON cannot carry exactly) or decoded (wrong version, damaged bytes). */
export class CodecError extends SequencerModuleError<CodecErrorCode> {
  override readonly name = "CodecError";
}

export type WalErrorCode = Extract<SequencerErrorCode, `WAL_${string}`>;
/** The write-ahead log refused an operation or found itself damaged. */
export class WalError extends SequencerModuleError<WalErrorCode> {
  override readonly name = "WalError";
}

export type SnapshotErrorCode = Extract<SequencerErrorCode, `SNAPSHOT_${string}`>;
/** A stored snapshot is damaged, older than the latest, or does not fit the configured markets. */
export class SnapshotStoreError extends SequencerModuleError<SnapshotErrorCode> {
  override readonly name = "SnapshotStoreError";
}

export type SequencerStateErrorCode = Extract<SequencerErrorCode, `SEQUENCER_${string}` | `RECOVERY_${string}`>;
/** The sequencer cannot take commands (not recovered, failed, bad clock) or cannot rebuild its state. */
export class SequencerError extends SequencerModuleError<SequencerStateErrorCode> {
  override readonly name = "SequencerError";
}
