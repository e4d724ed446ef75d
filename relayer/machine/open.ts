// Wiring: one data directory holds the log (`wal/`) and the snapshots (`snapshots/`), two LevelDB databases so
// that a snapshot write never sits in the log's fsync path. Nothing here runs at import time.
import { join } from "node:path";
import {
  Sequencer,
  SnapshotStore,
  Wal,
  type Clock,
  type SnapshotStoreOptions,
  type WalOptions,
} from "../sequencer/index.js";
import { machineFactory, type MachineFactoryOptions } from "./machine-factory.js";

export interface OpenSequencerOptions {
  readonly directory: string;
  /** What the trading machine is built (and restored) with: markets, fee recipient, book. The ledger is the risk hook. */
  readonly engine: MachineFactoryOptions;
  readonly clock: Clock;
  readonly wal?: WalOptions;
  readonly snapshots?: SnapshotStoreOptions;
}

/** Opens the stores and returns a sequencer that still has to `recover()`. */
export async function openSequencer(options: OpenSequencerOptions): Promise<Sequencer> {
  const wal = await Wal.open(join(options.directory, "wal"), options.wal);
  let snapshots: SnapshotStore;
  try {
    snapshots = await SnapshotStore.open(join(options.directory, "snapshots"), options.snapshots);
  } catch (error) {
    await wal.close();
    throw error;
  }
  return new Sequencer({ wal, snapshots, machine: machineFactory(options.engine), clock: options.clock });
}
