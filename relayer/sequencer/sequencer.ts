// The sequencer: the one way in. A command gets the next sequence number and a time, is written to the log,
// and only once the log says it is durable is it applied to the engine; the engine's events for it are the
// acknowledgement. So nothing acknowledged can be lost, and replaying the log rebuilds what was acknowledged.
//
// Appends happen in submission order (the log refuses anything else), and application is strictly in sequence
// order: a command whose write completed is applied only after every command before it, whatever order the
// promises settle in. What the engine executes is the record decoded from the very bytes written to the log,
// so the live run and a replay see the same command.
//
// Failure is fail-stop. If a write or the engine fails, every command not yet acknowledged is rejected with
// SEQUENCER_FAILED and the process must restart and `recover()`; a command that reached the disk is then
// applied by the replay whether or not its submitter heard back (it was durable, the outcome is deterministic).
import { RecordingSink, type Engine, type EngineEvent, type Seconds } from "../../engine/index.js";
import { decodeRecord, encodeRecord, toEngineCommand, type CommandInput, type LogRecord } from "./command-codec.js";
import type { EngineFactory } from "./engine-factory.js";
import { SequencerError, type SequencerModuleError } from "./errors.js";
import type { SnapshotStore, StoredSnapshot } from "./snapshot-store.js";
import type { Wal, WalStats } from "./wal.js";

/** Unix seconds now. Injected: the engine is pure, and tests and replays need to control time. */
export type Clock = () => number;

/** The acknowledgement of a command: it is durable and applied, and these are the events it caused. */
export interface Ack {
  readonly seq: number;
  readonly time: Seconds;
  readonly events: EngineEvent[];
}

export interface SequencerOptions {
  readonly wal: Wal;
  readonly snapshots: SnapshotStore;
  readonly engine: EngineFactory;
  readonly clock: Clock;
}

/** The engine's queries, for read models; changing state goes through `submit`, nowhere else. */
export type EngineView = Pick<Engine, "market" | "hasOrder" | "orderCount" | "bestBid" | "bestAsk" | "lastPrice" | "depth" | "snapshot" | "stateHash">;

/** Called for every command replayed by `recover()`, so read models can catch up. */
export type ReplayListener = (record: LogRecord, events: EngineEvent[]) => void;

interface InFlight {
  readonly record: LogRecord;
  durable: boolean;
  readonly resolve: (ack: Ack) => void;
  readonly reject: (error: unknown) => void;
}

type State = "new" | "recovering" | "ready" | "failed" | "closed";

export class Sequencer {
  private state: State = "new";
  private failure: SequencerError | null = null;
  private engine: Engine | null = null;
  private readonly sink = new RecordingSink();
  private nextSeq = 1;
  private lastTime = 0;
  /** Submitted, not yet applied, in sequence order; `head` is the next one to apply. */
  private inFlight: InFlight[] = [];
  private head = 0;

  constructor(private readonly options: SequencerOptions) {}

  /**
   * Rebuilds the engine: the latest snapshot (if any), then every durable log record after it. Returns the
   * state hash. Must run once before `submit`.
   */
  async recover(onReplay?: ReplayListener): Promise<string> {
    if (this.state !== "new") throw new SequencerError("SEQUENCER_NOT_READY", `recover() on a sequencer that is ${this.state}`);
    this.state = "recovering";
    try {
      const { wal, snapshots, engine: factory } = this.options;
      const stored = await snapshots.loadLatest();
      const engine = stored === null ? factory.create(this.sink) : factory.restore(stored.snapshot, this.sink);
      if (wal.lastSeq() < engine.lastSeq) {
        throw new SequencerError("RECOVERY_LOG_BEHIND_SNAPSHOT", `the log ends at seq ${wal.lastSeq()}, the snapshot covers ${engine.lastSeq}`, {
          details: "the log is missing records the snapshot includes; refusing to number new commands over them",
        });
      }
      for await (const entry of wal.readFrom(engine.lastSeq + 1)) {
        const record = decodeRecord(entry.value);
        if (record.seq !== entry.seq) {
          throw new SequencerError("RECOVERY_RECORD_MISMATCH", `the record stored under seq ${entry.seq} says seq ${record.seq}`);
        }
        engine.execute(toEngineCommand(record));
        const events = this.sink.take();
        onReplay?.(record, events);
      }
      this.engine = engine;
      this.nextSeq = engine.lastSeq + 1;
      this.lastTime = engine.now;
      this.state = "ready";
      return engine.stateHash();
    } catch (error) {
      this.state = "failed";
      throw error;
    }
  }

  /**
   * Sequences a command: resolves with its events once it is durable and applied, in sequence order. Rejects
   * without using a sequence number if the command cannot be encoded or the clock is bad.
   */
  submit(command: CommandInput): Promise<Ack> {
    if (this.state !== "ready") return Promise.reject(this.failure ?? new SequencerError("SEQUENCER_NOT_READY", `submit() on a sequencer that is ${this.state}`));
    const now = this.options.clock();
    if (!Number.isSafeInteger(now) || now < 0) {
      return Promise.reject(new SequencerError("SEQUENCER_INVALID_CLOCK", `the clock returned ${now}, not whole unix seconds`));
    }
    // Engine time never goes back; the log records the time the engine will actually use.
    const time = Math.max(now, this.lastTime) as Seconds;
    const seq = this.nextSeq;
    let bytes: Uint8Array;
    let record: LogRecord;
    try {
      bytes = encodeRecord({ seq, time, command });
      record = decodeRecord(bytes);
    } catch (error) {
      return Promise.reject(error);
    }
    this.nextSeq = seq + 1;
    this.lastTime = time;
    return new Promise<Ack>((resolve, reject) => {
      const item: InFlight = { record, durable: false, resolve, reject };
      this.inFlight.push(item);
      this.options.wal.append({ seq, value: bytes }).then(
        () => {
          item.durable = true;
          this.applyDurable();
        },
        (cause: SequencerModuleError) => this.fail(cause),
      );
    });
  }

  /** Applies, in order, every command at the head of the queue whose write has completed. */
  private applyDurable(): void {
    const engine = this.engine!;
    while (this.head < this.inFlight.length && this.inFlight[this.head].durable && this.failure === null) {
      const item = this.inFlight[this.head++];
      let events: EngineEvent[];
      try {
        engine.execute(toEngineCommand(item.record));
        events = this.sink.take();
      } catch (cause) {
        // The engine returns rejections as events; a throw is a bug and may have left a half-applied state.
        this.head--;
        return this.fail(cause);
      }
      item.resolve({ seq: item.record.seq, time: item.record.time, events });
    }
    if (this.head === this.inFlight.length) {
      this.inFlight = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.inFlight.length) {
      this.inFlight = this.inFlight.slice(this.head);
      this.head = 0;
    }
  }

  private fail(cause: unknown): void {
    if (this.failure !== null) return;
    this.failure = new SequencerError("SEQUENCER_FAILED", "the sequencer stopped; restart and recover", { cause });
    if (this.state === "ready") this.state = "failed";
    for (let i = this.head; i < this.inFlight.length; i++) this.inFlight[i].reject(this.failure);
    this.inFlight = [];
    this.head = 0;
  }

  /**
   * Stores a snapshot of the engine as it is now (every applied command), then, unless told not to, drops the
   * log records it covers. The snapshot is durable before anything is dropped.
   */
  async snapshot(options: { truncate?: boolean } = {}): Promise<StoredSnapshot> {
    const engine = this.ready();
    const stored = await this.options.snapshots.save(engine.snapshot());
    if (options.truncate ?? true) await this.options.wal.truncateBefore(stored.seq + 1);
    return stored;
  }

  stateHash(): string {
    return this.ready().stateHash();
  }

  /** Sequence number of the last command applied to the engine (0 before any). */
  get appliedSeq(): number {
    return this.ready().lastSeq;
  }

  /** The log's batch counters (records per fsync), for metrics. */
  logStats(): WalStats {
    return this.options.wal.stats();
  }

  get view(): EngineView {
    return this.ready();
  }

  /** Stops taking commands, lets those already submitted finish (durable and acknowledged), closes the stores. */
  async close(): Promise<void> {
    if (this.state === "closed") return;
    this.state = "closed";
    await this.options.wal.close();
    await this.options.snapshots.close();
  }

  private ready(): Engine {
    if (this.engine === null || this.state !== "ready") {
      throw this.failure ?? new SequencerError("SEQUENCER_NOT_READY", `the sequencer is ${this.state}`);
    }
    return this.engine;
  }
}
