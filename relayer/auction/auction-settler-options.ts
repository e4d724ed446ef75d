// What the auction settler (auction-settler.ts) is given, and the alerts it raises (docs/operations.md says what to do
// about each).
import type { Address, Hex, LocalAccount, PublicClient } from "viem";
import type { LedgerRejection } from "../ledger/index.js";
import type { MarketRegistry } from "../markets/index.js";
import type { SettlementStateEvent } from "../settlement/events.js";
import type { SettlementLedger } from "../settlement/fill-records.js";
import type { AuctionBatches } from "./auction-batches.js";
import type { AuctionBatchStore } from "./batch-store.js";
import type { AuctionBatch } from "./circuit-input.js";
import type { AuctionProof } from "./prover.js";

/** What the settler needs of the sequencer (relayer/machine/trading.ts). */
export type AuctionSettlerTrading = SettlementLedger;

/** Proves batches off the event loop (ProverProcess by default). */
export interface BatchProver {
  prove(batch: AuctionBatch, n?: number): Promise<AuctionProof>;
  close(): Promise<void>;
}

/** The AuctionSettlement call a batch is at. */
export type AuctionStep = "closeBatch" | "settle";

export type AuctionAlert =
  | { readonly kind: "proof-failed"; readonly batchId: string; readonly reason: string }
  | {
      readonly kind: "settlement-refused";
      readonly batchId: string;
      readonly step: AuctionStep;
      readonly reason: string;
    }
  | {
      readonly kind: "transaction-reverted";
      readonly batchId: string;
      readonly step: AuctionStep;
      readonly txHash: Hex;
    }
  | { readonly kind: "batch-reorged"; readonly batchId: string; readonly blockNumber: string }
  | {
      readonly kind: "record-refused";
      readonly batchId: string;
      readonly record: string;
      readonly rejection: LedgerRejection;
    };

export interface AuctionSettlerOptions {
  readonly client: PublicClient;
  /** Holds OPERATOR_ROLE on AuctionSettlement. Its own nonces: not the continuous settler's account. */
  readonly account: LocalAccount;
  /** The AuctionSettlement contract (which holds the Exchange's OPERATOR_ROLE). */
  readonly auctionSettlement: Address;
  readonly exchange: Address;
  readonly chainId: number;
  readonly batches: AuctionBatches;
  readonly store: AuctionBatchStore;
  readonly trading: AuctionSettlerTrading;
  readonly markets: MarketRegistry;
  /** Default: a ProverProcess (a child process), started on the first proof. */
  readonly prover?: BatchProver;
  /** A settlement is final once its block has this many confirmations (1: the block itself). Default 2. */
  readonly confirmations?: number;
  /** A sent transaction not in a block after this long is replaced with higher fees. Default 30,000 ms. */
  readonly stuckAfterMs?: number;
  /** Delay between steps once started. Default 250 ms. */
  readonly pollIntervalMs?: number;
  /** Milliseconds clock. Default Date.now. */
  readonly now?: () => number;
  readonly onSettlementState?: (event: SettlementStateEvent) => void;
  readonly onAlert?: (alert: AuctionAlert) => void;
  /** A step that threw (after `start()`); the next step still runs. Default: defaultLogger() (relayer/log/). */
  readonly onError?: (error: unknown) => void;
}
