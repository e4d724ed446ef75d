// How the sequencer gets its trading machine (engine + ledger): new, or restored from a snapshot, always with the
// configured markets. The engine restores its markets from the snapshot, not from the configuration, so a
// snapshot taken under another market list would silently come back with the old one; `restore` refuses that
// (the markets in force must be the ones the snapshot and the log were made with). The engine's risk hook is
// the ledger (relayer/ledger/bridge.ts): its answers follow from the log, so replay reproduces the live run.
import { isDeepStrictEqual } from "node:util";
import { CountingSink, Engine } from "../../engine/index.js";
import { SnapshotStoreError } from "../sequencer/index.js";
import { TradingMachine, type MachineOptions, type MachineSnapshot } from "./machine.js";

export interface MachineFactory {
  create(): TradingMachine;
  restore(snapshot: MachineSnapshot): TradingMachine;
}

/**
 * Markets, the book implementation and a sizing hint, and the fee recipient the ledger starts with. Without one it
 * starts with the zero address: fees of fills before the first `fee-recipient-set` record are owed to it.
 */
export type MachineFactoryOptions = Omit<MachineOptions, "feeRecipient"> & { readonly feeRecipient?: string };

export const DEFAULT_FEE_RECIPIENT = `0x${"0".repeat(40)}`;

export function machineFactory(options: MachineFactoryOptions): MachineFactory {
  const { markets } = options;
  let configured: unknown[] | null = null;
  // The configured markets in snapshot form, computed once, lazily: an engine allocates its books.
  const configuredMarkets = () =>
    (configured ??= new Engine({ markets, sink: new CountingSink() }).snapshot().markets.map((m) => m.config));
  return {
    create: () => TradingMachine.create({ ...options, feeRecipient: options.feeRecipient ?? DEFAULT_FEE_RECIPIENT }),
    restore(snapshot) {
      const saved = snapshot.engine.markets.map((m) => m.config);
      if (!isDeepStrictEqual(saved, configuredMarkets())) {
        throw new SnapshotStoreError(
          "SNAPSHOT_MARKETS_MISMATCH",
          "the snapshot was taken with other markets than the configured ones",
          {
            details: `snapshot: ${saved.map((m) => m.id).join(", ")}; configured: ${markets.map((m) => m.id).join(", ")}`,
          },
        );
      }
      try {
        return TradingMachine.restore(snapshot, {
          markets,
          book: options.book,
          expectedOrders: options.expectedOrders,
        });
      } catch (cause) {
        throw new SnapshotStoreError("SNAPSHOT_CORRUPT", "the snapshot does not restore", { cause });
      }
    },
  };
}
