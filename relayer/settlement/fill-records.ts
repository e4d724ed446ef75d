// How settlement outcomes reach the ledger: as records through the sequencer (so the ledger learns them from the
// log), the same for a continuous batch and a proved auction batch. Only fills the ledger still has pending are
// named, so a record repeated after a crash is a no-op rather than a refusal.
import type { LedgerRejection } from "../ledger/index.js";
import type { LedgerCommandInput } from "../sequencer/index.js";
import type { LedgerView } from "../sequencer/sequencer.js";

/** What settlement needs of the sequencer to record outcomes (relayer/machine/trading.ts). */
export interface SettlementLedger {
  submitLedger(record: LedgerCommandInput): Promise<{ readonly rejection: LedgerRejection | null }>;
  readonly ledgerView: LedgerView;
}

export type FillRecord = "fills-settled" | "fills-reverted";

/** Submits `type` for those of `fillIds` still pending; the ledger's refusal, or null (also when none was pending). */
export async function recordFills(
  ledger: SettlementLedger,
  type: FillRecord,
  fillIds: readonly number[],
): Promise<LedgerRejection | null> {
  const pending = fillIds.filter((id) => ledger.ledgerView.ledger.pendingFill(id) !== undefined);
  if (pending.length === 0) return null;
  return (await ledger.submitLedger({ type, fillIds: pending })).rejection;
}

/**
 * A final batch's outcome: fills-reverted for the fills the contract skipped (FillSkipped), fills-settled for the
 * rest. `refused` hears each record the ledger refused.
 */
export async function recordFinal(
  ledger: SettlementLedger,
  fillIds: readonly number[],
  skipped: readonly number[],
  refused: (record: FillRecord, rejection: LedgerRejection) => void,
): Promise<void> {
  const skip = new Set(skipped);
  const reverted = await recordFills(ledger, "fills-reverted", [...skip]);
  if (reverted !== null) refused("fills-reverted", reverted);
  const settled = await recordFills(
    ledger,
    "fills-settled",
    fillIds.filter((id) => !skip.has(id)),
  );
  if (settled !== null) refused("fills-settled", settled);
}
