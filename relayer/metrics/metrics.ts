// The relayer's Prometheus metrics, on a registry of its own (never prom-client's global one), so two relayers in
// one process (tests) do not collide and nothing is registered at import time.
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export class RelayerMetrics {
  readonly registry = new Registry();
  readonly admittedOrders: Counter;
  readonly admissionSeconds: Histogram;

  constructor(lastSeq: () => number) {
    this.admittedOrders = new Counter({
      name: "relayer_orders_admitted_total",
      help: "Orders admitted: signed, sequenced (durable) and accepted by the engine.",
      registers: [this.registry],
    });
    this.admissionSeconds = new Histogram({
      name: "relayer_admission_duration_seconds",
      help: "Time from receiving a parsed order to its acknowledgement, admitted or refused.",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    new Gauge({
      name: "relayer_sequencer_last_seq",
      help: "Sequence number of the last command applied to the engine.",
      registers: [this.registry],
      collect() {
        this.set(lastSeq());
      },
    });
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
