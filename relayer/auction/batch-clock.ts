// The batch clock: for every auction market, the relayer closes a batch every `batchIntervalMs` by submitting a
// `close-batch` command through the sequencer, so a close is a logged command like any other (a replay rebuilds the
// same batches) and time enters the engine only as the command's time. One close per market in flight: the next is
// scheduled when the previous one is acknowledged, so a slow sequencer stretches the interval instead of piling up.
import type { MarketId } from "../../engine/index.js";
import type { RelayerMarket } from "../markets/index.js";
import type { EngineCommandInput } from "../sequencer/index.js";
import { defaultLogger } from "../log/index.js";

export interface BatchClockOptions {
  /** The relayer's markets; only those with mode "auction" get a clock. */
  readonly markets: readonly RelayerMarket[];
  readonly submit: (command: EngineCommandInput) => Promise<unknown>;
  /** A close that failed (the next one is still scheduled). Default: defaultLogger() (relayer/log/). */
  readonly onError?: (error: unknown) => void;
}

export class BatchClock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private running = false;

  constructor(private readonly options: BatchClockOptions) {}

  /** The auction markets this clock closes. */
  get markets(): readonly RelayerMarket[] {
    return this.options.markets.filter((m) => m.engine.mode === "auction");
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const market of this.markets) this.schedule(market);
  }

  /** Stops scheduling; resolves once the closes in flight are acknowledged. */
  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Closes `market`'s batch now (the clock's own tick; also for operators and tests). */
  closeNow(market: MarketId): Promise<unknown> {
    const closing = this.options.submit({ type: "close-batch", market });
    this.inFlight.add(closing);
    return closing.finally(() => this.inFlight.delete(closing));
  }

  private schedule(market: RelayerMarket): void {
    const timer = setTimeout(() => {
      this.timers.delete(market.engine.id);
      this.closeNow(market.engine.id)
        .catch((error) =>
          (
            this.options.onError ??
            ((e) => defaultLogger().error({ component: "auction", err: e }, "auction: close-batch failed"))
          )(error),
        )
        .finally(() => {
          if (this.running) this.schedule(market);
        });
    }, market.batchIntervalMs);
    this.timers.set(market.engine.id, timer);
  }
}
