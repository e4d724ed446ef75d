// What the continuous settler (settler.ts) is given: the chain, the operator key, the relayer's parts it reads and
// submits to, and the policy knobs (docs/settlement.md; defaults in policy-defaults.ts).
import type { Address, Hex, LocalAccount, PublicClient } from "viem";
import type { Registry as PromRegistry } from "prom-client";
import type { FillEvent } from "../../engine/index.js";
import type { WireSignedOrder } from "../orders/index.js";
import type { MarketRegistry } from "../markets/index.js";
import type { TradingAck } from "../machine/trading.js";
import type { EngineCommandInput } from "../sequencer/index.js";
import type { BatchPolicy } from "./batcher.js";
import type { SettlementAlert, SettlementStateEvent } from "./events.js";
import type { SettlementLedger } from "./fill-records.js";
import type { SignedWithdrawalSource } from "./withdrawals.js";

/** What the settler needs of the sequencer (relayer/machine/trading.ts). */
export interface SettlerTrading extends SettlementLedger {
  onAck(listener: (ack: TradingAck) => void): () => void;
  submit(command: EngineCommandInput): Promise<unknown>;
}

/** Where the settler finds an engine order's hash and signed wire form (the order index). */
export interface SettlerOrders {
  byOrderId(id: number): { hash: Hex; signed: WireSignedOrder } | undefined;
}

/** Fills of the replayed log, to requeue pending fills after a restart (relayer/read-models/history.ts). */
export interface SettlerHistory {
  fillsIn(market: number): readonly { seq: number; fillId: number | null; fill: FillEvent }[];
}

export interface SettlerOptions {
  readonly client: PublicClient;
  /** The operator key (OPERATOR_ROLE on the exchange). */
  readonly account: LocalAccount;
  readonly exchange: Address;
  readonly chainId: number;
  /** The relayer's data dir; the settler keeps its store in `settlement/` inside it. */
  readonly dataDir: string;
  readonly trading: SettlerTrading;
  readonly markets: MarketRegistry;
  readonly orders: SettlerOrders;
  readonly history?: SettlerHistory;
  /** The signed withdrawals of withdrawal-requested records: with it, the settler executes withdrawals too. */
  readonly withdrawals?: SignedWithdrawalSource;
  /** A batch is final once its block has this many confirmations (1: the block itself). Default 2. */
  readonly confirmations?: number;
  /** Every market's batch policy (DEFAULT_BATCH_POLICY where unset)… */
  readonly batchPolicy?: Partial<BatchPolicy>;
  /** …and per engine market id, over it. */
  readonly policies?: Readonly<Record<number, Partial<BatchPolicy>>>;
  /** A submitted transaction not in a block after this long is replaced with higher fees. Default 30,000 ms. */
  readonly stuckAfterMs?: number;
  /** …or once this many blocks were mined since it was sent without it. Default: time only. */
  readonly stuckAfterBlocks?: number;
  /** Settlement transactions that may wait for a block at once (batches and a withdrawal). Default 8; 1 = one at a time. */
  readonly maxInFlight?: number;
  /** Whether a market's queue waits (closing only when full) while its pipeline is full, so fills merge. Default true. */
  readonly mergeWhenBehind?: boolean;
  /** A matched batch that cannot go out for this long raises `batch-stuck` and stops holding back later ones. Default 60,000 ms. */
  readonly stuckBatchMs?: number;
  /** Delay between steps once started. Default 250 ms. */
  readonly pollIntervalMs?: number;
  /** Delay between reconciliations of on-chain balances with the ledger once started. Default 60,000 ms; 0: never. */
  readonly reconcileIntervalMs?: number;
  /** Milliseconds clock. Default Date.now. */
  readonly now?: () => number;
  readonly metrics?: PromRegistry;
  readonly onSettlementState?: (event: SettlementStateEvent) => void;
  readonly onAlert?: (alert: SettlementAlert) => void;
  /** A step that threw (after `start()`); the next step still runs. Default: defaultLogger() (relayer/log/). */
  readonly onError?: (error: unknown) => void;
}
