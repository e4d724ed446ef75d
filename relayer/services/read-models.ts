// The read models of orders and trades (the order index behind GET /v1/orders/:hash, the history behind the list
// endpoints, and through the index the private channel's order state) are one projection of the acknowledged
// stream: every record the sequencer replays at start, then every acknowledgement, whatever submitted the command
// (HTTP, a socket session, the batch clock's close-batch, the settler's isolation cancel, the chain watcher's exits,
// on-chain cancels and nonce floors). Nothing else updates them, so the live answer and the answer after a restart
// (the same records, replayed) are one thing.
import type { ReplayListener } from "../sequencer/index.js";
import type { History } from "./history.js";
import type { OrderIndex } from "./order-index.js";
import type { Trading, TradingAck } from "./trading.js";

/** Called with each live acknowledgement once the read models show it (and no later one). */
export type AppliedListener = (ack: TradingAck) => void;

export class ReadModels {
  private readonly listeners = new Set<AppliedListener>();
  private following = false;

  constructor(
    private readonly index: OrderIndex,
    private readonly history: History,
    /** Where a listener's fault goes (the relayer's log); the other listeners still run. */
    private readonly onListenerError: (error: unknown) => void,
  ) {}

  /**
   * Recovers `trading`, applying every replayed record (after `onReplay`, the caller's own catch-up), then follows
   * every acknowledgement. Call it before anything else listens to `trading`: those listeners then see read models
   * that already show the ack they are given. Returns the machine's state hash.
   */
  async follow(trading: Trading, onReplay?: ReplayListener): Promise<string> {
    if (this.following) throw new Error("the read models already follow a sequencer");
    this.following = true;
    const hash = await trading.recover((record, events, result) => {
      onReplay?.(record, events, result);
      this.project({ seq: record.seq, time: record.time, events, fillIds: result.fillIds, rejection: result.rejection });
    });
    trading.onAck((ack) => this.apply(ack));
    return hash;
  }

  /** Registers `listener` for every later acknowledgement, called once the read models show it; returns its remover. */
  onApplied(listener: AppliedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private apply(ack: TradingAck): void {
    this.project(ack);
    for (const listener of this.listeners) {
      try {
        listener(ack);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  private project(ack: TradingAck): void {
    this.index.apply(ack.events);
    this.history.apply(ack);
  }
}
