/** Snapshots on disk: the latest comes back exactly, atomically with its seq, and a damaged one is refused. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ClassicLevel } from "classic-level";
import { describe, it } from "mocha";
import { SnapshotStore } from "../../../relayer/sequencer/index.js";
import { longStream, straightRun, useTempDir } from "./fixtures.js";

/** Machines (engine + ledger) after 10, 20, 30 … records of one random mixed stream. */
function snapshotsOfAStream() {
  const commands = longStream(40, 11);
  return [10, 20, 30, 40].map((n) => straightRun(commands.slice(0, n)).machine);
}

describe("sequencer: snapshot store", () => {
  const dir = useTempDir();
  const location = () => join(dir(), "snapshots");

  it("has nothing to load before the first save", async () => {
    const store = await SnapshotStore.open(location());
    assert.equal(await store.loadLatest(), null);
    await store.close();
  });

  it("loads the latest snapshot after a reopen, with the seq it covers, its time and the machine's state hash", async () => {
    const machines = snapshotsOfAStream();
    const store = await SnapshotStore.open(location());
    for (const [i, machine] of machines.entries()) await store.save(machine.snapshot(), 1_000 + i);
    await store.close();
    const reopened = await SnapshotStore.open(location());
    const latest = await reopened.loadLatest();
    const last = machines.at(-1)!;
    assert.deepEqual(latest, { seq: last.lastSeq, time: 1_003, hash: last.stateHash(), snapshot: last.snapshot() });
    await reopened.close();
  });

  it("keeps only the latest `keep` snapshots", async () => {
    const store = await SnapshotStore.open(location(), { keep: 2 });
    for (const machine of snapshotsOfAStream()) await store.save(machine.snapshot());
    await store.close();
    const raw = new ClassicLevel<string, string>(location());
    const keys = await raw.keys().all();
    await raw.close();
    assert.equal(keys.filter((k) => k.startsWith("snap:")).length, 2);
  });

  it("refuses a snapshot older than the latest (SNAPSHOT_OUT_OF_ORDER)", async () => {
    const [older, newer] = snapshotsOfAStream();
    const store = await SnapshotStore.open(location());
    await store.save(newer.snapshot());
    await assert.rejects(store.save(older.snapshot()), { code: "SNAPSHOT_OUT_OF_ORDER" });
    assert.equal((await store.loadLatest())!.seq, newer.lastSeq);
    await store.close();
  });

  it("refuses to load a snapshot whose contents no longer match its hash (SNAPSHOT_CORRUPT)", async () => {
    const [machine] = snapshotsOfAStream();
    const store = await SnapshotStore.open(location());
    const { seq } = await store.save(machine.snapshot());
    await store.close();
    const raw = new ClassicLevel<Uint8Array, string>(location(), { keyEncoding: "view" });
    const key = new Uint8Array([...new TextEncoder().encode("snap:"), 0, 0, 0, 0, 0, 0, 0, seq]);
    const text = (await raw.get(key))!;
    assert.ok(text.includes('"nextFillId":'), "the ledger is in the snapshot");
    await raw.put(key, text.replace('"nextFillId":', '"nextFillId":1'));
    await raw.close();
    const reopened = await SnapshotStore.open(location());
    await assert.rejects(reopened.loadLatest(), { code: "SNAPSHOT_CORRUPT" });
    await reopened.close();
  });
});
