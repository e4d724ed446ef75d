// The ledger-only log records: what the chain watcher, the settler and the withdrawal API submit through the
// sequencer, next to the engine's commands. Each carries `seq` and `time` like an engine command; the ledger
// itself has no use for time (expiries are the engine's and the settler's business).
import type { CommandBase } from "../../engine/index.js";
import type { Ledger } from "./ledger.js";
import type { Registry } from "./registry.js";
import type { LedgerResult } from "./rejections.js";

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

export type LedgerCommand =
  | RegisterOwner
  | DepositCredited
  | DepositReversed
  | WithdrawalRequested
  | WithdrawalSettled
  | WithdrawalFailed
  | FillsSettled
  | FillsReverted
  | FeeRecipientSet;

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
]);

export function isLedgerCommand(cmd: { type: string }): cmd is LedgerCommand {
  return LEDGER_COMMAND_TYPES.has(cmd.type);
}

/** Applies one ledger record. A refusal is returned (and changes nothing), exactly as it will be on replay. */
export function applyLedgerCommand(ledger: Ledger, registry: Registry, cmd: LedgerCommand): LedgerResult {
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
