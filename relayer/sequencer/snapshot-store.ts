// Snapshots of the trading machine (engine and ledger together) on disk, so that a restart replays only the log
// written since the latest one.
//
// A snapshot is stored with the sequence number it covers (the machine's `lastSeq`: every record up to and
// including it, engine command or ledger record, is in the state), the time of that record, and its state hash
// (the machine's `stateHash()`). The record and the "latest" pointer go in one synced
// batch, so a crash leaves either the old latest or the new one, never a pointer to nothing. The hash is
// checked on load: a damaged snapshot must stop recovery, not restore a subtly different book. The last
// `keep` snapshots are kept, older ones deleted in the same batch.
import { ClassicLevel } from "classic-level";
import { createHash } from "node:crypto";
import type { MachineSnapshot } from "../machine/index.js";
import { canonicalParse, canonicalStringify } from "./canonical-json.js";
import { SnapshotStoreError } from "./errors.js";
import { seqFromKey, seqKey } from "./seq-key.js";

/** 2: machine snapshots (engine + ledger) with their time; 1 held the engine's alone and is refused. */
export const SNAPSHOT_RECORD_VERSION = 2;

/** SHA-256 of the snapshot's canonical JSON: equals `TradingMachine.stateHash()` for the state it was taken from. */
export function hashMachineSnapshot(snapshot: MachineSnapshot): string {
  return createHash("sha256").update(canonicalStringify(snapshot)).digest("hex");
}

export interface StoredSnapshot {
  /** The last sequence number the snapshot includes. */
  readonly seq: number;
  /** The time of the record at `seq` (or later): the sequencer never hands out an earlier one after a restart. */
  readonly time: number;
  /** `hashMachineSnapshot(snapshot)`: the machine's state hash at `seq`. */
  readonly hash: string;
  readonly snapshot: MachineSnapshot;
}

export interface SnapshotStoreOptions {
  /** How many snapshots to keep (the latest and some before it, in case the latest is damaged). */
  readonly keep?: number;
}

type SnapshotDb = ClassicLevel<Uint8Array, Uint8Array>;

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const LATEST_KEY = utf8.encode("meta:latest");
const PREFIX = utf8.encode("snap:");

function snapshotKey(seq: number): Uint8Array {
  const key = new Uint8Array(PREFIX.length + 8);
  key.set(PREFIX);
  key.set(seqKey(seq), PREFIX.length);
  return key;
}

export class SnapshotStore {
  private latestSeq: number | null = null;
  private saving: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: SnapshotDb,
    private readonly keep: number,
  ) {}

  static async open(location: string, options: SnapshotStoreOptions = {}): Promise<SnapshotStore> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(location, { keyEncoding: "view", valueEncoding: "view" });
    await db.open();
    const store = new SnapshotStore(db, Math.max(1, options.keep ?? 2));
    const latest = await db.get(LATEST_KEY);
    store.latestSeq = latest === undefined ? null : seqFromKey(latest);
    return store;
  }

  /** Stores a snapshot as the latest; resolves once it is durable. Saves run one after another, in call order. */
  save(snapshot: MachineSnapshot, time = 0): Promise<StoredSnapshot> {
    const run = this.saving.then(() => this.write(snapshot, time));
    this.saving = run.catch(() => undefined);
    return run;
  }

  private async write(snapshot: MachineSnapshot, time: number): Promise<StoredSnapshot> {
    const seq = snapshot.lastSeq;
    if (this.latestSeq !== null && seq < this.latestSeq) {
      throw new SnapshotStoreError(
        "SNAPSHOT_OUT_OF_ORDER",
        `snapshot at seq ${seq} is older than the latest (${this.latestSeq})`,
      );
    }
    if (!Number.isSafeInteger(time) || time < 0)
      throw new SnapshotStoreError("SNAPSHOT_CORRUPT", `snapshot time ${time} is not whole unix seconds`);
    const stored: StoredSnapshot = { seq, time, hash: hashMachineSnapshot(snapshot), snapshot };
    const value = utf8.encode(canonicalStringify({ version: SNAPSHOT_RECORD_VERSION, ...stored }));
    const ops: ({ type: "put"; key: Uint8Array; value: Uint8Array } | { type: "del"; key: Uint8Array })[] = [
      { type: "put", key: snapshotKey(seq), value },
      { type: "put", key: LATEST_KEY, value: seqKey(seq) },
    ];
    let kept = 1;
    for await (const key of this.db.keys({ gte: snapshotKey(0), lt: snapshotKey(seq), reverse: true })) {
      if (kept++ >= this.keep) ops.push({ type: "del", key });
    }
    await this.db.batch(ops, { sync: true });
    this.latestSeq = seq;
    return stored;
  }

  /** The latest snapshot, checked against its hash, or null if none was ever saved. */
  async loadLatest(): Promise<StoredSnapshot | null> {
    if (this.latestSeq === null) return null;
    const bytes = await this.db.get(snapshotKey(this.latestSeq));
    if (bytes === undefined)
      throw new SnapshotStoreError("SNAPSHOT_CORRUPT", `the latest snapshot (seq ${this.latestSeq}) is missing`);
    let stored: StoredSnapshot & { version?: unknown };
    try {
      stored = canonicalParse(utf8Strict.decode(bytes)) as StoredSnapshot & { version?: unknown };
    } catch (cause) {
      throw new SnapshotStoreError("SNAPSHOT_CORRUPT", `the snapshot at seq ${this.latestSeq} is not readable`, {
        cause,
      });
    }
    if (stored.version !== SNAPSHOT_RECORD_VERSION) {
      throw new SnapshotStoreError(
        "SNAPSHOT_CORRUPT",
        `the snapshot at seq ${this.latestSeq} has record version ${String(stored.version)}`,
      );
    }
    let hash: string;
    try {
      hash = hashMachineSnapshot(stored.snapshot);
    } catch (cause) {
      throw new SnapshotStoreError("SNAPSHOT_CORRUPT", `the snapshot at seq ${this.latestSeq} does not decode`, {
        cause,
      });
    }
    if (
      hash !== stored.hash ||
      stored.seq !== this.latestSeq ||
      stored.snapshot?.lastSeq !== stored.seq ||
      !Number.isSafeInteger(stored.time)
    ) {
      throw new SnapshotStoreError(
        "SNAPSHOT_CORRUPT",
        `the snapshot at seq ${this.latestSeq} does not match its hash or seq`,
        {
          details: `stored hash ${stored.hash}, computed ${hash}`,
        },
      );
    }
    return { seq: stored.seq, time: stored.time, hash: stored.hash, snapshot: stored.snapshot };
  }

  async close(): Promise<void> {
    await this.saving;
    await this.db.close();
  }
}
