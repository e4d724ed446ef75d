// The ledger-only log records: what the chain watcher, the settler and the withdrawal API submit through the
// sequencer, next to the engine's commands. Each carries `seq` and `time` like an engine command; the ledger
// itself has no use for time (expiries are the engine's and the settler's business).
import type { CommandBase, PlaceCommand } from "../../engine/index.js";
import type { Ledger } from "./ledger.js";
import type { Registry } from "./registry.js";
import type { LedgerResult } from "./rejections.js";

/**
 * What the machine knows of a signed order besides the engine's fields, carried on its place command (the engine
 * ignores them): its EIP-712 hash (lower-case hex) and nonce, for on-chain cancels and nonce floors. A place
 * without them can still be cancelled by an exit, not by hash or nonce.
 */
export interface OrderIdentity {
  readonly orderHash?: string;
  readonly nonce?: bigint;
}
export type MachinePlaceCommand = PlaceCommand & OrderIdentity;

/** Binds an engine owner id to an account address (before its first order). */
export interface RegisterOwner extends CommandBase {
  readonly type: "register-owner";
  readonly owner: number;
  readonly address: string;
}
/** A `Deposited` event reached N confirmations. `depositId` names the event (e.g. transaction hash and log index). */
export interface DepositCredited extends CommandBase {
  readonly type: "deposit-credited";
  readonly depositId: string;
  readonly account: string;
  readonly token: string;
  readonly amount: bigint;
}
/** A reorg removed a credited deposit. */
export interface DepositReversed extends CommandBase {
  readonly type: "deposit-reversed";
  readonly depositId: string;
}
/** A withdrawal signed by the account entered the log (after its signature was checked). */
export interface WithdrawalRequested extends CommandBase {
  readonly type: "withdrawal-requested";
  readonly withdrawalId: string;
  readonly account: string;
  readonly token: string;
  readonly amount: bigint;
}
export interface WithdrawalSettled extends CommandBase {
  readonly type: "withdrawal-settled";
  readonly withdrawalId: string;
}
export interface WithdrawalFailed extends CommandBase {
  readonly type: "withdrawal-failed";
  readonly withdrawalId: string;
}
/** These fills are final on-chain (their batch has N confirmations and none of them was skipped). */
export interface FillsSettled extends CommandBase {
  readonly type: "fills-settled";
  readonly fillIds: readonly number[];
}
/** These fills will never settle (`FillSkipped`, or a batch the settler gives up on). */
export interface FillsReverted extends CommandBase {
  readonly type: "fills-reverted";
  readonly fillIds: readonly number[];
}
/** `FeeRecipientSet`: fees of later fills go to the new recipient. */
export interface FeeRecipientSet extends CommandBase {
  readonly type: "fee-recipient-set";
  readonly address: string;
}

/**
 * The chain's order controls, applied at N confirmations by the TradingMachine (relayer/ledger/chain-controls.ts),
 * not by the ledger: they cancel orders in the engine. `eventId` names the log (`${txHash}:${logIndex}`), so a
 * record submitted twice (a restart between submit and the watcher's cursor write) is refused the second time.
 */
/** `ExitRequested`: the account's open orders are cancelled and its new orders refused until `ExitCancelled`. */
export interface AccountExitRequested extends CommandBase {
  readonly type: "account-exit-requested";
  readonly eventId: string;
  readonly account: string;
}
/** `ExitCancelled`: the account's orders are admitted again. */
export interface AccountExitCancelled extends CommandBase {
  readonly type: "account-exit-cancelled";
  readonly eventId: string;
  readonly account: string;
}
/** `OrderCancelRequested`: the maker's order with this EIP-712 hash is cancelled if open and refused if submitted later. */
export interface OnchainOrderCancelled extends CommandBase {
  readonly type: "onchain-order-cancelled";
  readonly eventId: string;
  readonly maker: string;
  readonly orderHash: string;
}
/** `NonceFloorRequested`: the maker's orders with a nonce below `floor` are cancelled if open and refused later. */
export interface OnchainNonceFloor extends CommandBase {
  readonly type: "onchain-nonce-floor";
  readonly eventId: string;
  readonly maker: string;
  readonly floor: bigint;
}

export type ChainControlCommand =
  | AccountExitRequested
  | AccountExitCancelled
  | OnchainOrderCancelled
  | OnchainNonceFloor;

/** Ledger records the ledger applies by itself (everything but the chain's order controls). */
export type FundsCommand =
  | RegisterOwner
  | DepositCredited
  | DepositReversed
  | WithdrawalRequested
  | WithdrawalSettled
  | WithdrawalFailed
  | FillsSettled
  | FillsReverted
  | FeeRecipientSet;

/** Every record that is not an engine command. */
export type LedgerCommand = FundsCommand | ChainControlCommand;

export const CHAIN_CONTROL_TYPES: ReadonlySet<string> = new Set<ChainControlCommand["type"]>([
  "account-exit-requested",
  "account-exit-cancelled",
  "onchain-order-cancelled",
  "onchain-nonce-floor",
]);

export const LEDGER_COMMAND_TYPES: ReadonlySet<string> = new Set<LedgerCommand["type"]>([
  "register-owner",
  "deposit-credited",
  "deposit-reversed",
  "withdrawal-requested",
  "withdrawal-settled",
  "withdrawal-failed",
  "fills-settled",
  "fills-reverted",
  "fee-recipient-set",
  ...(CHAIN_CONTROL_TYPES as Set<LedgerCommand["type"]>),
]);

export function isLedgerCommand(cmd: { type: string }): cmd is LedgerCommand {
  return LEDGER_COMMAND_TYPES.has(cmd.type);
}

export function isChainControlCommand(cmd: { type: string }): cmd is ChainControlCommand {
  return CHAIN_CONTROL_TYPES.has(cmd.type);
}

/** Applies one ledger record. A refusal is returned (and changes nothing), exactly as it will be on replay. */
export function applyLedgerCommand(ledger: Ledger, registry: Registry, cmd: FundsCommand): LedgerResult {
  switch (cmd.type) {
    case "register-owner":
      return registry.registerOwner(cmd.owner, cmd.address);
    case "deposit-credited":
      return ledger.creditDeposit(cmd.depositId, cmd.account, cmd.token, cmd.amount);
    case "deposit-reversed":
      return ledger.reverseDeposit(cmd.depositId);
    case "withdrawal-requested":
      return ledger.requestWithdrawal(cmd.withdrawalId, cmd.account, cmd.token, cmd.amount);
    case "withdrawal-settled":
      return ledger.settleWithdrawal(cmd.withdrawalId);
    case "withdrawal-failed":
      return ledger.failWithdrawal(cmd.withdrawalId);
    case "fills-settled":
      return ledger.settleFills(cmd.fillIds);
    case "fills-reverted":
      return ledger.revertFills(cmd.fillIds);
    case "fee-recipient-set":
      return ledger.setFeeRecipient(cmd.address);
  }
}
