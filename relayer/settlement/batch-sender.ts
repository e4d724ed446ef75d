// The continuous settler's matched → submitted: a batch is simulated against the latest state; if it would revert,
// the fills that make it fail are isolated (isolate.ts) — reverted in the ledger through the log, the order a revert
// names cancelled in the engine, an alert each — and the rest simulated again; then it is signed, stored and only
// then broadcast (transaction-lifecycle.ts).
import type { Hex } from "viem";
import { parseSignedOrder } from "../orders/index.js";
import type { EngineCommandInput } from "../sequencer/index.js";
import { batchCalldata } from "./batch-calldata.js";
import type { SettlementAlert } from "./events.js";
import { recordFills } from "./fill-records.js";
import { isolateFailing, type Failing, type Simulation } from "./isolate.js";
import { fromStoredFill, toStoredFill, type SettlementFill } from "./settlement-fill.js";
import { sentTransactions, withLatest, type BatchIn, type StoredBatch } from "./settlement-store.js";
import type { SettlerTrading } from "./settler-options.js";
import type { TransactionLifecycle } from "./transaction-lifecycle.js";

/** Errors naming the order (first argument) that makes a fill fail: that order is taken out of the book. */
const ORDER_ERRORS = new Set([
  "InvalidOrder",
  "InvalidSignature",
  "OrderExpired",
  "OrderCancelled",
  "OrderNonceUsed",
  "PostOnlyTaker",
  "LimitPriceViolated",
  "FeeAboveCap",
  "Overfill",
]);

export interface BatchSenderOptions {
  readonly lifecycle: TransactionLifecycle;
  readonly trading: SettlerTrading;
  /** Stores a batch's new value (and tells the listeners); returns it as stored. */
  readonly save: <B extends StoredBatch>(b: B, txHash: Hex | null) => Promise<B>;
  readonly alert: (alert: SettlementAlert) => void;
  readonly onIsolatedFill?: () => void;
}

export class BatchSender {
  constructor(private readonly options: BatchSenderOptions) {}

  /** Sends `b` (see the top of this file); returns why it did not go out, or null when it did or nothing of it is left to send. */
  async send(b: BatchIn<"matched">): Promise<string | null> {
    const { lifecycle, save } = this.options;
    const id = BigInt(b.id);
    const signedOf = (hash: Hex) => (b.orders[hash] === undefined ? undefined : parseSignedOrder(b.orders[hash]));
    const simulate = (fills: readonly SettlementFill[]) =>
      lifecycle.submitter.simulate(batchCalldata(id, fills, signedOf));
    let sending = b;
    let fills = b.fills.map(fromStoredFill);
    let result = await simulate(fills);
    if (!result.ok && result.revert?.name === "BatchAlreadySettled") {
      // A transaction stored for it earlier landed after all (a reorg re-included it): follow it.
      const txs = sentTransactions(b.txs);
      if (txs === null) return "BatchAlreadySettled, but no transaction of it is stored";
      await save({ ...b, state: "submitted", txs }, null);
      return null;
    }
    if (!result.ok) {
      const isolation = await isolateFailing<SettlementFill>(fills, (f) => simulate(f) as Promise<Simulation>);
      fills = isolation.passing;
      const isolated = isolation.failing.map((f) => ({ fillId: f.item.fillId, reason: f.reason }));
      const left = await save(
        {
          ...b,
          fills: fills.map(toStoredFill),
          isolated: [...b.isolated, ...isolated],
          state: fills.length === 0 ? "isolated" : "matched",
        },
        null,
      );
      await this.reportIsolated(left, isolation.failing);
      if (fills.length === 0) return null;
      sending = { ...left, state: "matched" };
      result = await simulate(fills);
      if (!result.ok) return result.reason; // the chain moved under us; the next step tries again
    }
    const calldata = lifecycle.submitter.settleCalldata(batchCalldata(id, fills, signedOf));
    await lifecycle.send(calldata, result.gas, (tx) =>
      save({ ...sending, calldata, txs: withLatest(sending.txs, tx), state: "submitted" }, tx.hash),
    );
    return null;
  }

  /** Isolated fills: reverted in the ledger (through the log), their offending order cancelled in the engine, and an alert each. */
  private async reportIsolated(b: StoredBatch, failing: readonly Failing<SettlementFill>[]): Promise<void> {
    const { trading, alert } = this.options;
    const rejection = await recordFills(
      trading,
      "fills-reverted",
      failing.map((f) => f.item.fillId),
    );
    if (rejection !== null) alert({ kind: "record-refused", batchId: b.id, record: "fills-reverted", rejection });
    const cancelled = new Set<Hex>();
    for (const { item, reason, revert } of failing) {
      this.options.onIsolatedFill?.();
      let order: Hex | null = null;
      if (revert !== null && ORDER_ERRORS.has(revert.name)) {
        const named = String(revert.args[0]).toLowerCase();
        if (named === item.makerHash.toLowerCase() || named === item.takerHash.toLowerCase()) order = named as Hex;
      }
      if (order !== null && !cancelled.has(order)) {
        cancelled.add(order);
        const id = order === item.makerHash.toLowerCase() ? item.makerOrderId : item.takerOrderId;
        await trading.submit({ type: "cancel", market: item.market, id } as EngineCommandInput);
      }
      alert({ kind: "fill-isolated", batchId: b.id, fillId: item.fillId, reason, cancelledOrder: order });
    }
  }
}
