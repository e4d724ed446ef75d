/** Public surface of the sequencer: the write-ahead log, snapshots, and recovery into the trading machine (engine + ledger). */
export * from "./errors.js";
export { canonicalParse, canonicalStringify } from "./canonical-json.js";
export {
  LOG_FORMAT_VERSION,
  MAX_FILL_IDS,
  decodeRecord,
  encodeRecord,
  toMachineCommand,
  type CommandInput,
  type EngineCommandInput,
  type LedgerCommandInput,
  type LogRecord,
} from "./command-codec.js";
export { seqKey, seqFromKey } from "./seq-key.js";
export { Wal, type LogDb, type WalEntry, type WalOptions, type WalStats } from "./wal.js";
export {
  hashMachineSnapshot,
  SnapshotStore,
  type SnapshotStoreOptions,
  type StoredSnapshot,
} from "./snapshot-store.js";
export {
  Sequencer,
  type Ack,
  type Clock,
  type EngineView,
  type LedgerView,
  type ReplayListener,
  type SequencerOptions,
} from "./sequencer.js";
