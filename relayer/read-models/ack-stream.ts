// What follows the acknowledged stream (the order index, the history, the feeds, the auction recorder, the
// withdrawal service's catch-up) registers with ReadModels (read-models.ts) as one of these: it hears every record
// the sequencer replays at start, then every live acknowledgement, in seq order, after the listeners registered
// before it. Nothing else feeds a read model, so what a client reads live and after a restart is the same.
import type { LogRecord } from "../sequencer/index.js";
import type { TradingAck } from "../machine/trading.js";

export interface AckStreamListener {
  /** A record replayed at start, with what applying it gave (what its acknowledgement said when it was live). */
  onReplayed?(record: LogRecord, applied: TradingAck): void;
  /** A live acknowledgement, once the listeners registered before this one show it. */
  onAcknowledged?(ack: TradingAck): void;
}

/**
 * Keeps what the replay showed of some records for a model opened only after recovery (it reads the recovered
 * state): the withdrawal service's requests and outcomes, the auction batches closed before a crash.
 */
export class ReplayCatchUp<T> implements AckStreamListener {
  readonly seen: T[] = [];

  constructor(private readonly pick: (record: LogRecord, applied: TradingAck) => T | undefined) {}

  onReplayed(record: LogRecord, applied: TradingAck): void {
    const item = this.pick(record, applied);
    if (item !== undefined) this.seen.push(item);
  }
}
