/** The write-ahead log: durable before acknowledged, in order, grouped into few fsyncs, and fail-stop. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ClassicLevel } from "classic-level";
import { describe, it } from "mocha";
import { Wal, WalError, type LogDb, type WalEntry } from "../../../relayer/sequencer/index.js";
import { signal } from "../../support/signal.js";
import { useTempDir } from "./fixtures.js";

const value = (seq: number) => new TextEncoder().encode(`record ${seq}`);
const entry = (seq: number): WalEntry => ({ seq, value: value(seq) });

async function readAll(wal: Wal, from = 1): Promise<number[]> {
  const seqs: number[] = [];
  for await (const e of wal.readFrom(from)) {
    assert.deepEqual(new Uint8Array(e.value), value(e.seq), `record ${e.seq} came back changed`);
    seqs.push(e.seq);
  }
  return seqs;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A database handle whose batch() the test can watch and delay or fail. */
function spiedDb(
  location: string,
  hook: (ops: unknown[], options: { sync?: boolean } | undefined, write: () => Promise<void>) => Promise<void>,
): LogDb {
  const db = new ClassicLevel<Uint8Array, Uint8Array>(location, { keyEncoding: "view", valueEncoding: "view" });
  const batch = db.batch.bind(db) as (ops: unknown[], options?: object) => Promise<void>;
  (db as unknown as { batch: unknown }).batch = (ops: unknown[], options?: { sync?: boolean }) =>
    hook(ops, options, () => batch(ops, options));
  return db;
}

describe("sequencer: write-ahead log", () => {
  const dir = useTempDir();
  const location = () => join(dir(), "wal");

  it("gives appended records back in sequence order after a reopen", async () => {
    const wal = await Wal.open(location());
    assert.equal(wal.lastSeq(), 0);
    for (const seq of range(1, 300)) await wal.append(entry(seq)); // past 255 and 256: byte carries in the key
    await wal.close();
    const reopened = await Wal.open(location());
    assert.equal(reopened.lastSeq(), 300);
    assert.deepEqual(await readAll(reopened), range(1, 300));
    assert.deepEqual(await readAll(reopened, 257), range(257, 300));
    assert.deepEqual(await readAll(reopened, 301), []);
    await reopened.append(entry(301));
    assert.deepEqual(await readAll(reopened, 300), [300, 301]);
    await reopened.close();
  });

  it("groups 1,000 concurrent appends into a few synced batches, and each resolves only once its record is durable", async () => {
    const wal = await Wal.open(location());
    const resolvedAt: number[] = [];
    await Promise.all(
      range(1, 1000).map((seq) =>
        wal.append(entry(seq)).then(() => {
          assert.ok(wal.lastSeq() >= seq, `seq ${seq} resolved before its batch was written`);
          resolvedAt.push(seq);
        }),
      ),
    );
    assert.deepEqual(resolvedAt, range(1, 1000), "appends resolve in sequence order");
    const stats = wal.stats();
    assert.equal(stats.entries, 1000);
    assert.ok(stats.batches <= 5, `1,000 appends took ${stats.batches} synced batches`);
    await wal.close();
    const reopened = await Wal.open(location());
    assert.deepEqual(await readAll(reopened), range(1, 1000));
    await reopened.close();
  });

  it("keeps one synced batch in flight and puts what arrives meanwhile in the next one", async () => {
    const writes: { size: number; sync: boolean | undefined }[] = [];
    let inFlight = 0;
    const settled = new Set<number>();
    const firstWriting = signal();
    const diskDone = signal(); // a slow disk: the first write ends when the test says so
    const db = spiedDb(location(), async (ops, options, write) => {
      assert.equal(++inFlight, 1, "two batches in flight at once");
      writes.push({ size: ops.length, sync: options?.sync });
      if (writes.length === 1) {
        firstWriting.resolve();
        await diskDone.promise;
      }
      await write();
      for (const op of ops as { value: Uint8Array }[])
        settled.add(Number(new TextDecoder().decode(op.value).split(" ")[1]));
      inFlight--;
    });
    const wal = await Wal.fromDb(db);
    const first = wal.append(entry(1)).then(() => assert.ok(settled.has(1)));
    await firstWriting.promise;
    const rest = range(2, 50).map((seq) =>
      wal.append(entry(seq)).then(() => assert.ok(settled.has(seq), `seq ${seq} resolved before its write`)),
    );
    diskDone.resolve();
    await Promise.all([first, ...rest]);
    assert.deepEqual(writes, [
      { size: 1, sync: true },
      { size: 49, sync: true },
    ]);
    await wal.close();
  });

  it("refuses a sequence number that is not the next one, and appends after close", async () => {
    const wal = await Wal.open(location());
    await wal.append(entry(1));
    await assert.rejects(wal.append(entry(3)), { code: "WAL_OUT_OF_ORDER" });
    await assert.rejects(wal.append(entry(1)), { code: "WAL_OUT_OF_ORDER" });
    await wal.append(entry(2));
    await wal.close();
    await assert.rejects(wal.append(entry(3)), { code: "WAL_CLOSED" });
  });

  it("stops for good after a failed write: that batch and everything queued behind it are rejected", async () => {
    let calls = 0;
    const firstWriting = signal();
    const firstMayEnd = signal();
    const db = spiedDb(location(), async (_ops, _options, write) => {
      if (++calls === 2) throw new Error("disk full");
      firstWriting.resolve();
      await firstMayEnd.promise;
      await write();
    });
    const wal = await Wal.fromDb(db);
    const ok = wal.append(entry(1));
    await firstWriting.promise; // records 2–5 queue behind batch 1, for batch 2
    const failing = range(2, 5).map((seq) => wal.append(entry(seq)));
    firstMayEnd.resolve();
    await ok;
    for (const p of failing)
      await assert.rejects(p, (e: unknown) => e instanceof WalError && e.code === "WAL_WRITE_FAILED");
    await assert.rejects(wal.append(entry(6)), { code: "WAL_FAILED" });
    assert.equal(wal.lastSeq(), 1);
    await wal.close();
  });

  it("truncates before a sequence number, remembers where the log starts, and refuses to read below it", async () => {
    const wal = await Wal.open(location());
    await Promise.all(range(1, 20).map((seq) => wal.append(entry(seq))));
    await wal.truncateBefore(11);
    assert.deepEqual(await readAll(wal, 11), range(11, 20));
    await assert.rejects(readAll(wal, 10), { code: "WAL_TRUNCATED" });
    await assert.rejects(wal.truncateBefore(22), { code: "WAL_BAD_TRUNCATION" });
    await wal.truncateBefore(21); // everything: the log is empty but still knows it is at 20
    await wal.close();
    const reopened = await Wal.open(location());
    assert.equal(reopened.lastSeq(), 20);
    assert.deepEqual(await readAll(reopened, 21), []);
    await assert.rejects(reopened.append(entry(1)), { code: "WAL_OUT_OF_ORDER" });
    await reopened.append(entry(21));
    assert.deepEqual(await readAll(reopened, 21), [21]);
    await reopened.close();
  });

  it("reports a hole in the log as WAL_GAP instead of replaying around it", async () => {
    const wal = await Wal.open(location());
    await Promise.all(range(1, 5).map((seq) => wal.append(entry(seq))));
    await wal.close();
    const raw = new ClassicLevel<Uint8Array, Uint8Array>(location(), { keyEncoding: "view", valueEncoding: "view" });
    await raw.del(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 3));
    await raw.close();
    const damaged = await Wal.open(location());
    await assert.rejects(readAll(damaged), { code: "WAL_GAP" });
    await damaged.close();
  });
});
