/** Public surface of the ledger: every account's funds as the relayer sees them, and its bridge to the engine. */
export { normalizeAddress, type Address } from "./address.js";
export { availableOf, viewOf, type Balance, type BalanceView } from "./balance.js";
export { LedgerBridge, orderKey } from "./bridge.js";
export {
  ChainControls,
  type ChainControlsSnapshot,
  type ControlCancel,
  type IdentifiedOrder,
} from "./chain-controls.js";
export {
  applyLedgerCommand,
  CHAIN_CONTROL_TYPES,
  isChainControlCommand,
  isLedgerCommand,
  LEDGER_COMMAND_TYPES,
  type AccountExitCancelled,
  type AccountExitRequested,
  type ChainControlCommand,
  type FundsCommand,
  type LedgerCommand,
  type MachinePlaceCommand,
  type OnchainNonceFloor,
  type OnchainOrderCancelled,
  type OrderIdentity,
} from "./commands.js";
export * from "./errors.js";
export { ledgerProblem } from "./invariants.js";
export { Ledger } from "./ledger.js";
export type { Deposit, FillInput, LockOrderInput, OrderLock, PendingFill, Withdrawal } from "./ledger-entries.js";
export { Registry } from "./registry.js";
export type { LedgerRejection, LedgerRejectionCode, LedgerResult } from "./rejections.js";
export { orderRequirement, type Requirement } from "./requirement.js";
export { hashLedger, LEDGER_SNAPSHOT_VERSION, restoreLedger, snapshotLedger, type LedgerSnapshot } from "./snapshot.js";
