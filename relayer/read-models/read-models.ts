// The read models of orders and trades (the order index behind GET /v1/orders/:hash, the history behind the list
// endpoints, and through the index the private channel's order state) are projections of the acknowledged
// stream: every record the sequencer replays at start, then every acknowledgement, whatever submitted the command
// (HTTP, a socket session, the batch clock's close-batch, the settler's isolation cancel, the chain watcher's exits,
// on-chain cancels and nonce floors). Nothing else updates them, so the live answer and the answer after a restart
// (the same records, replayed) are one thing. ReadModels is that stream: each model registers as an
// AckStreamListener (ack-stream.ts), and a later listener sees models registered before it already applied.
import type { Trading, TradingAck } from "../machine/trading.js";
import type { AckStreamListener } from "./ack-stream.js";

export type { TradingAck };

/** Called with each live acknowledgement once the read models show it (and no later one). */
export type AppliedListener = (ack: TradingAck) => void;

export class ReadModels {
  private readonly listeners: AckStreamListener[] = [];
  private following = false;

  constructor(
    /** Where a live listener's fault goes (the relayer's log); the other listeners still run. */
    private readonly onListenerError: (error: unknown) => void,
  ) {}

  /**
   * Adds `listener` after those already registered: it hears each record and acknowledgement after them. Registered
   * before `follow`, it hears the replay too. Returns its remover.
   */
  register(listener: AckStreamListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Registers `listener` for every later acknowledgement, called once the read models show it; returns its remover. */
  onApplied(listener: AppliedListener): () => void {
    return this.register({ onAcknowledged: listener });
  }

  /**
   * Recovers `trading`, handing every replayed record to the listeners registered so far, then follows every
   * acknowledgement. Call it before anything else listens to `trading`: those listeners then see read models that
   * already show the ack they are given. A listener's fault in the replay fails the recovery. Returns the machine's
   * state hash.
   */
  async follow(trading: Trading): Promise<string> {
    if (this.following) throw new Error("the read models already follow a sequencer");
    this.following = true;
    const hash = await trading.recover((record, events, result) => {
      const applied: TradingAck = {
        seq: record.seq,
        time: record.time,
        events,
        fillIds: result.fillIds,
        rejection: result.rejection,
      };
      for (const listener of [...this.listeners]) listener.onReplayed?.(record, applied);
    });
    trading.onAck((ack) => this.apply(ack));
    return hash;
  }

  private apply(ack: TradingAck): void {
    for (const listener of [...this.listeners]) {
      try {
        listener.onAcknowledged?.(ack);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
