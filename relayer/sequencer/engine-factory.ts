// How the sequencer gets an engine: new, or restored from a snapshot, always with the caller's markets and risk
// hook and the sequencer's own event sink. The engine restores its markets from the snapshot, not from the
// configuration, so a snapshot taken under another market list would silently come back with the old one;
// `restore` refuses that instead (the markets in force must be the ones the snapshot and the log were made with).
import { isDeepStrictEqual } from "node:util";
import { CountingSink, Engine, type EngineOptions, type EngineSnapshot, type EventSink } from "../../engine/index.js";
import { SnapshotStoreError } from "./errors.js";

export interface EngineFactory {
  create(sink: EventSink): Engine;
  restore(snapshot: EngineSnapshot, sink: EventSink): Engine;
}

export type EngineFactoryOptions = Omit<EngineOptions, "sink">;

export function engineFactory(options: EngineFactoryOptions): EngineFactory {
  const { markets, ...rest } = options;
  let configured: unknown[] | null = null;
  // The configured markets in snapshot form (bigints as strings), computed once, lazily: an engine allocates its books.
  const configuredMarkets = () => (configured ??= new Engine({ markets, sink: new CountingSink() }).snapshot().markets.map((m) => m.config));
  return {
    create: (sink) => new Engine({ ...options, sink }),
    restore(snapshot, sink) {
      const saved = snapshot.markets.map((m) => m.config);
      if (!isDeepStrictEqual(saved, configuredMarkets())) {
        throw new SnapshotStoreError("SNAPSHOT_MARKETS_MISMATCH", "the snapshot was taken with other markets than the configured ones", {
          details: `snapshot: ${saved.map((m) => m.id).join(", ")}; configured: ${markets.map((m) => m.id).join(", ")}`,
        });
      }
      return Engine.restore(snapshot, { ...rest, sink });
    },
  };
}
