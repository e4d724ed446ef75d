// The watcher's durable state, in its own LevelDB next to the sequencer's: the last fully processed block
// (number and hash) and, for the last `window` processed blocks, their hashes and the deposit ids credited from
// each. The hashes detect a reorg; the ids say what to reverse when one happens. The ledger's own deposit ids
// are durable too (in the log), but they do not say which block a credit came from, so the watcher keeps this.
import { ClassicLevel } from "classic-level";
import type { Hex } from "viem";

/** A processed block: its hash when processed, and the deposits credited from it, in log order. */
export interface ProcessedBlock {
  readonly number: bigint;
  readonly hash: Hex;
  readonly deposits: readonly string[];
}

interface StoredBlock {
  number: string;
  hash: Hex;
  deposits: string[];
}

const BLOCK = "block:";
const CURSOR = "cursor";
/** 20 decimal digits: every uint64 block number, in LevelDB's (lexicographic) order. */
const key = (n: bigint) => BLOCK + n.toString().padStart(20, "0");

const toStored = (b: ProcessedBlock): StoredBlock => ({
  number: b.number.toString(),
  hash: b.hash,
  deposits: [...b.deposits],
});
const fromStored = (s: StoredBlock): ProcessedBlock => ({
  number: BigInt(s.number),
  hash: s.hash,
  deposits: s.deposits,
});

export class WatcherStore {
  private constructor(private readonly db: ClassicLevel<string, StoredBlock>) {}

  static async open(directory: string): Promise<WatcherStore> {
    const db = new ClassicLevel<string, StoredBlock>(directory, { valueEncoding: "json" });
    await db.open();
    return new WatcherStore(db);
  }

  /** The last fully processed block, or null before the first poll. */
  async cursor(): Promise<ProcessedBlock | null> {
    const value = await this.db.get(CURSOR);
    return value === undefined ? null : fromStored(value);
  }

  /** The remembered blocks, newest first. */
  async recentBlocks(): Promise<ProcessedBlock[]> {
    const out: ProcessedBlock[] = [];
    for await (const value of this.db.values({ gte: BLOCK, lt: BLOCK + "\xff", reverse: true }))
      out.push(fromStored(value));
    return out;
  }

  /**
   * Records newly processed blocks (ascending; the last one becomes the cursor) and forgets blocks at or below
   * `forgetUpTo`. One synced batch: the cursor and the window never disagree.
   */
  async advance(blocks: readonly ProcessedBlock[], forgetUpTo: bigint | null): Promise<void> {
    if (blocks.length === 0) return;
    const ops: Array<{ type: "put"; key: string; value: StoredBlock } | { type: "del"; key: string }> = [];
    for (const b of blocks) ops.push({ type: "put", key: key(b.number), value: toStored(b) });
    ops.push({ type: "put", key: CURSOR, value: toStored(blocks[blocks.length - 1]) });
    if (forgetUpTo !== null) {
      for await (const k of this.db.keys({ gte: BLOCK, lte: key(forgetUpTo) })) ops.push({ type: "del", key: k });
    }
    await this.db.batch(ops, { sync: true });
  }

  /** A reorg: forgets every block above `ancestor` and makes it the cursor (null: nothing processed is left). */
  async rewind(ancestor: ProcessedBlock | null, orphaned: readonly ProcessedBlock[]): Promise<void> {
    const ops: Array<{ type: "put"; key: string; value: StoredBlock } | { type: "del"; key: string }> = orphaned.map(
      (b) => ({ type: "del", key: key(b.number) }),
    );
    ops.push(
      ancestor === null ? { type: "del", key: CURSOR } : { type: "put", key: CURSOR, value: toStored(ancestor) },
    );
    await this.db.batch(ops, { sync: true });
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
