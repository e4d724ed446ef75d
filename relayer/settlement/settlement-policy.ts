// How the settler batches and sends, from environment variables, for both start modes (docs/operations.md,
// "Settlement policy"). Every setting has a default that suits the embedded chain and 12-second blocks alike.
//
//   SETTLEMENT_MAX_FILLS          a batch closes when it holds this many fills (1..65,535)          default 100
//   SETTLEMENT_MAX_DELAY_MS       …or when its oldest fill has waited this long                     default 1,000
//   SETTLEMENT_MAX_IN_FLIGHT      settlement transactions waiting for a block at once (1..64)       default 8
//   SETTLEMENT_MERGE_WHEN_BEHIND  `true`/`false`: while the pipeline is full, queues close only when full   default true
//   SETTLEMENT_STUCK_BATCH_MS     a batch that cannot go out this long alerts and stops holding back others  default 60,000
//   SETTLEMENT_REPLACE_AFTER_MS   a sent transaction not mined this long is replaced with higher fees       default 30,000
import { integer, optional, type Env } from "../config/chain-config.js";
import { ConfigError } from "../config/errors.js";
import { DEFAULT_BATCH_POLICY, type BatchPolicy } from "./batcher.js";
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_STUCK_BATCH_MS } from "./policy-defaults.js";

export interface SettlementPolicy {
  readonly batchPolicy: BatchPolicy;
  readonly maxInFlight: number;
  readonly mergeWhenBehind: boolean;
  readonly stuckBatchMs: number;
  readonly stuckAfterMs: number;
}

const DAY_MS = 86_400_000;

export function readSettlementPolicy(env: Env): SettlementPolicy {
  const merge = optional(env, "SETTLEMENT_MERGE_WHEN_BEHIND") ?? "true";
  if (merge !== "true" && merge !== "false")
    throw new ConfigError("CONFIG_INVALID", "SETTLEMENT_MERGE_WHEN_BEHIND", "must be true or false");
  return {
    batchPolicy: {
      maxFills: integer(env, "SETTLEMENT_MAX_FILLS", DEFAULT_BATCH_POLICY.maxFills, 1, 65_535),
      maxDelayMs: integer(env, "SETTLEMENT_MAX_DELAY_MS", DEFAULT_BATCH_POLICY.maxDelayMs, 0, DAY_MS),
    },
    maxInFlight: integer(env, "SETTLEMENT_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT, 1, 64),
    mergeWhenBehind: merge === "true",
    stuckBatchMs: integer(env, "SETTLEMENT_STUCK_BATCH_MS", DEFAULT_STUCK_BATCH_MS, 1_000, DAY_MS),
    stuckAfterMs: integer(env, "SETTLEMENT_REPLACE_AFTER_MS", 30_000, 1_000, DAY_MS),
  };
}
