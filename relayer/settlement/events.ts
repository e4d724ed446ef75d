// What the settler tells the rest of the relayer: a batch's state changes (the private socket channel subscribes) and
// alerts (docs/settlement.md says what to do about each).
import type { Address, Hex } from "viem";
import type { LedgerRejection } from "../ledger/index.js";
import type { SettlementState } from "./states.js";

/** Published on every change of a batch's state (the private socket channel subscribes). */
export interface SettlementStateEvent {
  readonly batchId: string;
  readonly fillIds: readonly number[];
  readonly state: SettlementState;
  readonly txHash: Hex | null;
}

export type SettlementAlert =
  | {
      readonly kind: "fill-isolated";
      readonly batchId: string;
      readonly fillId: number;
      readonly reason: string;
      readonly cancelledOrder: Hex | null;
    }
  | { readonly kind: "batch-reorged"; readonly batchId: string; readonly blockNumber: string }
  | { readonly kind: "batch-reverted"; readonly batchId: string; readonly txHash: Hex }
  /** A matched batch could not go out for `stuckBatchMs` (why: the last failure); it no longer holds back later batches. */
  | {
      readonly kind: "batch-stuck";
      readonly batchId: string;
      readonly market: number;
      readonly waitedMs: number;
      readonly reason: string;
    }
  | {
      readonly kind: "record-refused";
      readonly batchId: string;
      readonly record: string;
      readonly rejection: LedgerRejection;
    }
  | { readonly kind: "fill-unsettleable"; readonly fillId: number; readonly reason: string }
  | { readonly kind: "withdrawal-failed"; readonly withdrawalId: string; readonly reason: string }
  | {
      readonly kind: "reconciliation-difference";
      readonly account: Address;
      readonly token: Address;
      readonly onChain: bigint;
      readonly ledger: bigint;
    };
