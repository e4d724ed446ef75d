/** Public surface of the sequencer: the write-ahead log, snapshots, and recovery into the engine. */
export * from "./errors.js";
export { canonicalParse, canonicalStringify } from "./canonical-json.js";
export { LOG_FORMAT_VERSION, decodeRecord, encodeRecord, toEngineCommand, type CommandInput, type LogRecord } from "./command-codec.js";
export { seqKey, seqFromKey } from "./seq-key.js";
export { Wal, type LogDb, type WalEntry, type WalOptions, type WalStats } from "./wal.js";
export { SnapshotStore, type SnapshotStoreOptions, type StoredSnapshot } from "./snapshot-store.js";
export { engineFactory, type EngineFactory, type EngineFactoryOptions } from "./engine-factory.js";
export { Sequencer, type Ack, type Clock, type EngineView, type ReplayListener, type SequencerOptions } from "./sequencer.js";
export { openSequencer, type OpenSequencerOptions } from "./open.js";
