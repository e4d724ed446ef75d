/**
 * Public surface of the trading machine: the engine and the ledger fed one log record at a time, how it is built
 * and restored from a snapshot with the configured markets, and how a sequencer is opened over its data directory
 * to drive it. The sequencer (relayer/sequencer/) imports only this folder's types: the factory is handed to it.
 */
export {
  MACHINE_SNAPSHOT_VERSION,
  TradingMachine,
  type MachineCommand,
  type MachineOptions,
  type MachineResult,
  type MachineSnapshot,
} from "./machine.js";
export {
  DEFAULT_FEE_RECIPIENT,
  machineFactory,
  type MachineFactory,
  type MachineFactoryOptions,
} from "./machine-factory.js";
export { openSequencer, type OpenSequencerOptions } from "./open.js";
