// The settler's Prometheus metrics, registered on the relayer's own registry (relayer/metrics/metrics.ts).
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { SETTLEMENT_STATES, type SettlementState } from "./states.js";

export class SettlementMetrics {
  readonly matchToFinalSeconds: Histogram;
  readonly isolatedFills: Counter;
  readonly reorgs: Counter;
  readonly replacements: Counter;
  readonly reconciliationDifferences: Gauge;

  constructor(
    registry: Registry,
    batchesIn: (state: SettlementState) => number,
    lagSeconds: () => number,
    stuckBatches: () => number = () => 0,
  ) {
    const registers = [registry];
    this.matchToFinalSeconds = new Histogram({
      name: "relayer_settlement_match_to_final_seconds",
      help: "Time from a batch's first matched fill to its batch being final (N confirmations).",
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.isolatedFills = new Counter({
      name: "relayer_settlement_isolated_fills_total",
      help: "Fills taken out of a batch because they made it revert in simulation.",
      registers,
    });
    this.reorgs = new Counter({
      name: "relayer_settlement_reorged_batches_total",
      help: "Included batches a reorg dropped (and that were sent again).",
      registers,
    });
    this.replacements = new Counter({
      name: "relayer_settlement_replacements_total",
      help: "Stuck settlement transactions replaced with higher fees.",
      registers,
    });
    this.reconciliationDifferences = new Gauge({
      name: "relayer_settlement_reconciliation_differences",
      help: "(account, token) pairs whose on-chain internal balance differed from the ledger's at the last reconciliation.",
      registers,
    });
    new Gauge({
      name: "relayer_settlement_batches",
      help: "Batches by settlement state.",
      labelNames: ["state"],
      registers,
      collect() {
        for (const state of SETTLEMENT_STATES) this.set({ state }, batchesIn(state));
      },
    });
    new Gauge({
      name: "relayer_settlement_stuck_batches",
      help: "Matched batches that could not be sent within stuckBatchMs (each raised a batch-stuck alert).",
      registers,
      collect() {
        this.set(stuckBatches());
      },
    });
    new Gauge({
      name: "relayer_settlement_lag_seconds",
      help: "Age of the oldest matched fill that is not final yet (0 when none).",
      registers,
      collect() {
        this.set(lagSeconds());
      },
    });
  }
}
