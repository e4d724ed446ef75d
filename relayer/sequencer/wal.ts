// The write-ahead log: every command is on disk, fsynced, before anyone is told it was accepted.
//
// Group commit. An fsync costs about the same for one record as for a hundred, so the log never has more than
// one synced batch in flight: appends that arrive while it is being written wait and all go in the next one.
// Under light load a batch holds one record and an append costs one fsync; under heavy load batches grow with
// the queue, throughput rises with them, and an append waits at most for the batch in flight plus its own.
//
// Keys are sequence numbers (seq-key.ts), so LevelDB's order is the log's order. The log refuses a sequence
// number that is not the next one: a gap or a repeat would make replay diverge from what was acknowledged. One
// failed write stops the log for good (fail-stop): the records behind it would otherwise be written after a
// hole, and the process must restart and recover from what is really on disk.
import { ClassicLevel } from "classic-level";
import { WalError } from "./errors.js";
import { seqFromKey, seqKey } from "./seq-key.js";

export type LogDb = ClassicLevel<Uint8Array, Uint8Array>;

export interface WalEntry {
  readonly seq: number;
  readonly value: Uint8Array;
}

export interface WalOptions {
  /** Most records in one synced batch; bounds the memory and the latency of a single write. */
  readonly maxBatchEntries?: number;
}

/** Counters that show the grouping: `entries / batches` records per fsync. */
export interface WalStats {
  readonly batches: number;
  readonly entries: number;
  readonly largestBatch: number;
}

interface Pending {
  readonly entry: WalEntry;
  readonly resolve: () => void;
  readonly reject: (error: WalError) => void;
}

/** Key of the lowest sequence number still in the log; not 8 bytes, so never mistaken for a record. */
const FLOOR_KEY = new TextEncoder().encode("meta:floor");
const FIRST_KEY = seqKey(0);
const LAST_KEY = seqKey(Number.MAX_SAFE_INTEGER);
const DEFAULT_MAX_BATCH_ENTRIES = 4096;

export class Wal {
  private readonly queue: Pending[] = [];
  private writer: Promise<void> | null = null;
  private failure: WalError | null = null;
  private closing = false;
  /** Next sequence number `append` accepts (queued appends included). */
  private nextSeq: number;
  /** Highest sequence number durably written. */
  private durableSeq: number;
  /** Lowest sequence number still readable; everything below was truncated after a snapshot. */
  private floor: number;
  private truncation: Promise<void> = Promise.resolve();
  private counters = { batches: 0, entries: 0, largestBatch: 0 };
  private readonly maxBatchEntries: number;

  private constructor(
    private readonly db: LogDb,
    lastSeq: number,
    floor: number,
    options: WalOptions,
  ) {
    this.durableSeq = lastSeq;
    this.nextSeq = lastSeq + 1;
    this.floor = floor;
    this.maxBatchEntries = options.maxBatchEntries ?? DEFAULT_MAX_BATCH_ENTRIES;
  }

  /** Opens (or creates) the log in a directory of its own. */
  static async open(location: string, options: WalOptions = {}): Promise<Wal> {
    return Wal.fromDb(
      new ClassicLevel<Uint8Array, Uint8Array>(location, { keyEncoding: "view", valueEncoding: "view" }),
      options,
    );
  }

  /** Opens the log over a database handle the caller made (tests use it to watch or fail the writes). */
  static async fromDb(db: LogDb, options: WalOptions = {}): Promise<Wal> {
    await db.open();
    const floorBytes = await db.get(FLOOR_KEY);
    const floor = floorBytes === undefined ? 1 : seqFromKey(floorBytes);
    let last = floor - 1;
    for await (const key of db.keys({ gte: FIRST_KEY, lte: LAST_KEY, reverse: true, limit: 1 }))
      last = Math.max(last, seqFromKey(key));
    return new Wal(db, last, floor, options);
  }

  /** Highest sequence number that is durably in the log (0 when nothing ever was). */
  lastSeq(): number {
    return this.durableSeq;
  }

  /** Lowest sequence number still in the log: 1, or the point it was last truncated before. */
  firstSeq(): number {
    return this.floor;
  }

  stats(): WalStats {
    return { ...this.counters };
  }

  /**
   * Adds a record; resolves once it is on disk (its batch was written with `sync: true`), rejects if the write
   * failed. `entry.seq` must be the next sequence number.
   */
  append(entry: WalEntry): Promise<void> {
    if (this.closing) return Promise.reject(new WalError("WAL_CLOSED", "the log is closed"));
    if (this.failure !== null) return Promise.reject(this.stopped());
    if (entry.seq !== this.nextSeq) {
      return Promise.reject(new WalError("WAL_OUT_OF_ORDER", `append of seq ${entry.seq}, expected ${this.nextSeq}`));
    }
    this.nextSeq++;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.writer ??= this.writeLoop();
    });
  }

  private async writeLoop(): Promise<void> {
    // Let the appends made in the same turn of the event loop join the first batch instead of waiting for it.
    await Promise.resolve();
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatchEntries);
        const ops = batch.map((p) => ({ type: "put" as const, key: seqKey(p.entry.seq), value: p.entry.value }));
        try {
          await this.db.batch(ops, { sync: true });
        } catch (cause) {
          this.failure = new WalError(
            "WAL_WRITE_FAILED",
            `synced write of seq ${batch[0].entry.seq}…${batch.at(-1)!.entry.seq} failed`,
            { cause },
          );
          for (const p of batch) p.reject(this.failure);
          for (const p of this.queue.splice(0)) p.reject(this.stopped());
          return;
        }
        this.durableSeq = batch.at(-1)!.entry.seq;
        this.counters.batches++;
        this.counters.entries += batch.length;
        this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.length);
        for (const p of batch) p.resolve();
      }
    } finally {
      this.writer = null;
    }
  }

  /**
   * The durable records from `seq` on, in order. Records appended after the call are not included. Throws
   * WAL_TRUNCATED if `seq` was truncated away and WAL_GAP if a record is missing (a damaged log).
   */
  async *readFrom(seq: number): AsyncGenerator<WalEntry> {
    if (seq < this.floor) {
      throw new WalError("WAL_TRUNCATED", `seq ${seq} is no longer in the log`, {
        details: `the log starts at ${this.floor}`,
      });
    }
    const end = this.durableSeq;
    if (seq > end) return;
    let expected = seq;
    for await (const [key, value] of this.db.iterator({ gte: seqKey(seq), lte: seqKey(end) })) {
      const found = seqFromKey(key);
      if (found !== expected) throw new WalError("WAL_GAP", `the log has seq ${found} where ${expected} should be`);
      yield { seq: found, value };
      expected++;
    }
    if (expected !== end + 1) throw new WalError("WAL_GAP", `the log ends at seq ${expected - 1}, expected ${end}`);
  }

  /**
   * Drops the records before `seq` (those a durable snapshot covers). The new floor is written, synced, before
   * anything is deleted, so a crash in between leaves stale records that are never read, never a hole.
   */
  truncateBefore(seq: number): Promise<void> {
    // Chained: two truncations must not race their floor writes.
    const run = this.truncation.then(async () => {
      if (seq > this.durableSeq + 1) {
        throw new WalError("WAL_BAD_TRUNCATION", `cannot truncate before ${seq}: only ${this.durableSeq} is durable`);
      }
      if (seq <= this.floor) return;
      await this.db.put(FLOOR_KEY, seqKey(seq), { sync: true });
      this.floor = seq;
      await this.db.clear({ gte: FIRST_KEY, lt: seqKey(seq) });
    });
    this.truncation = run.catch(() => undefined);
    return run;
  }

  /** Writes what is queued, then closes the database. Appends after this reject with WAL_CLOSED. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    while (this.writer !== null) await this.writer;
    await this.truncation;
    await this.db.close();
  }

  private stopped(): WalError {
    return new WalError("WAL_FAILED", "the log stopped after a failed write; restart and recover", {
      cause: this.failure,
    });
  }
}
