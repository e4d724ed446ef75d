/** The sequencer: durable, then applied in sequence order; a restart rebuilds exactly the acknowledged state. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ClassicLevel } from "classic-level";
import fc from "fast-check";
import { describe, it } from "mocha";
import { defineMarket, type EngineEvent } from "../../../engine/index.js";
import type { MachineCommand, MachineResult } from "../../../relayer/machine/index.js";
import {
  encodeRecord,
  Sequencer,
  SnapshotStore,
  Wal,
  type Ack,
  type CommandInput,
  type LogRecord,
} from "../../../relayer/sequencer/index.js";
import { machineFactory, openSequencer } from "../../../relayer/machine/index.js";
import { propertySettings, streamMarkets } from "../../support/command-stream.js";
import { asInput, longStream, machineOptions, mixedStreamArb, straightRun, useTempDir } from "./fixtures.js";

/** What the sequencer must acknowledge for a record: its seq and time, and what a straight run returned for it. */
const ackOf = (record: MachineCommand, result: MachineResult): Ack => ({
  seq: record.seq,
  time: record.time,
  ...result,
});

/** A sequencer whose clock reads the time of the command being submitted, so runs compare with straight runs. */
async function open(directory: string) {
  let now = 0;
  const sequencer = await openSequencer({ directory, engine: machineOptions(), clock: () => now });
  const submit = (c: MachineCommand): Promise<Ack> => {
    now = c.time;
    return sequencer.submit(asInput(c));
  };
  return { sequencer, submit };
}

describe("sequencer: sequencing, acknowledgement and recovery", () => {
  const dir = useTempDir();

  it("acknowledges concurrent submits in sequence order, each with the events, fill ids and refusal of a straight run", async () => {
    const commands = longStream(400, 3);
    const reference = straightRun(commands);
    const { sequencer, submit } = await open(dir());
    await sequencer.recover();
    const order: number[] = [];
    const acks = await Promise.all(commands.map((c) => submit(c).then((ack) => (order.push(ack.seq), ack))));
    assert.deepEqual(
      order,
      commands.map((c) => c.seq),
      "acknowledged out of order",
    );
    for (const [i, ack] of acks.entries())
      assert.deepEqual(ack, ackOf(commands[i], reference.results[i]), `ack of seq ${commands[i].seq}`);
    assert.equal(sequencer.stateHash(), reference.hash);
    await sequencer.close();
  });

  it("applies in sequence order even when the log reports writes done out of order", async () => {
    const commands = longStream(200, 5);
    const reference = straightRun(commands);
    // A log that finishes writes in a scrambled order: application must still wait for the ones before.
    const delays = fc.sample(fc.integer({ min: 0, max: 8 }), { seed: 9, numRuns: commands.length });
    let appended = 0;
    const wal = {
      lastSeq: () => 0,
      async *readFrom() {},
      append: () => new Promise<void>((resolve) => setTimeout(resolve, delays[appended++])),
      close: async () => {},
    } as unknown as Wal;
    const snapshots = { loadLatest: async () => null, close: async () => {} } as unknown as SnapshotStore;
    let now = 0;
    const sequencer = new Sequencer({ wal, snapshots, machine: machineFactory(machineOptions()), clock: () => now });
    await sequencer.recover();
    const order: number[] = [];
    const acks = await Promise.all(
      commands.map((c) => ((now = c.time), sequencer.submit(asInput(c)).then((a) => (order.push(a.seq), a)))),
    );
    assert.deepEqual(
      order,
      commands.map((c) => c.seq),
    );
    assert.deepEqual(
      acks,
      commands.map((c, i) => ackOf(c, reference.results[i])),
    );
    assert.equal(sequencer.stateHash(), reference.hash);
  });

  it("after a restart from snapshot + log, has the same state hash and gives the same events as a straight run", async function () {
    this.timeout(20_000);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        mixedStreamArb(),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        fc.boolean(),
        async (commands, a, b, snap, truncate) => {
          const restartAt = a % (commands.length + 1);
          const snapshotAt = b % (restartAt + 1);
          const directory = join(dir(), `run-${run++}`);
          const reference = straightRun(commands);

          const first = await open(directory);
          await first.sequencer.recover();
          await Promise.all(commands.slice(0, snapshotAt).map(first.submit));
          if (snap) await first.sequencer.snapshot({ truncate });
          await Promise.all(commands.slice(snapshotAt, restartAt).map(first.submit));
          await first.sequencer.close();

          const second = await open(directory);
          const hash = await second.sequencer.recover();
          assert.equal(hash, straightRun(commands.slice(0, restartAt)).hash, "recovered state differs");
          const acks = await Promise.all(commands.slice(restartAt).map(second.submit));
          assert.deepEqual(
            acks,
            commands.slice(restartAt).map((c, i) => ackOf(c, reference.results[restartAt + i])),
            "results after the restart differ",
          );
          assert.equal(second.sequencer.stateHash(), reference.hash);
          await second.sequencer.close();
        },
      ),
      propertySettings(25),
    );
  });

  it("applies on recovery a command that reached the log but was never applied before the process died", async () => {
    const commands = longStream(30, 7);
    const first = await open(dir());
    await first.sequencer.recover();
    await Promise.all(commands.slice(0, 20).map(first.submit));
    await first.sequencer.snapshot();
    await first.sequencer.close();
    // What a process that died between the fsync and the engine leaves behind: records 21…30 on disk only.
    const wal = await Wal.open(join(dir(), "wal"));
    for (const c of commands.slice(20))
      await wal.append({ seq: c.seq, value: encodeRecord({ seq: c.seq, time: c.time, command: asInput(c) }) });
    await wal.close();

    const second = await open(dir());
    const replayed: [LogRecord, EngineEvent[], MachineResult][] = [];
    const hash = await second.sequencer.recover((record, events, result) => replayed.push([record, events, result]));
    const reference = straightRun(commands);
    assert.equal(hash, reference.hash);
    assert.deepEqual(
      replayed.map(([r]) => r.seq),
      commands.slice(20).map((c) => c.seq),
      "read models see every replayed command",
    );
    assert.deepEqual(
      replayed.map(([, e]) => e),
      reference.results.slice(20).map((r) => r.events),
    );
    assert.deepEqual(
      replayed.map(([, , r]) => r),
      reference.results.slice(20),
    );
    assert.equal((await second.sequencer.submit({ type: "expire" })).seq, 31, "numbering goes on after the log");
    await second.sequencer.close();
  });

  it("acknowledges a ledger record with the ledger's refusal, and a trade with the ids the ledger gave its fills", async () => {
    const sequencer = await openSequencer({ directory: dir(), engine: machineOptions(), clock: () => 1000 });
    await sequencer.recover();
    const [alice, bob] = [`0x${"a".repeat(40)}`, `0x${"b".repeat(40)}`];
    const [base, quote] = [streamMarkets()[0].baseToken, streamMarkets()[0].quoteToken];
    await sequencer.submit({ type: "register-owner", owner: 1, address: alice });
    await sequencer.submit({ type: "register-owner", owner: 2, address: bob });
    const credit = {
      type: "deposit-credited",
      depositId: "d1",
      account: alice,
      token: quote,
      amount: 10n ** 30n,
    } as const;
    assert.deepEqual(await sequencer.submit(credit), { seq: 3, time: 1000, events: [], fillIds: [], rejection: null });
    assert.deepEqual((await sequencer.submit(credit)).rejection, { code: "duplicate-deposit", depositId: "d1" });
    await sequencer.submit({ type: "deposit-credited", depositId: "d2", account: bob, token: base, amount: 10n ** 6n });
    const order = {
      type: "place",
      market: 1,
      kind: 0,
      tif: 0,
      expiry: 0,
      postOnly: false,
      stopPrice: 0,
      stp: 0,
      maxFeeBps: 30,
      price: 100,
      size: 2,
    } as const;
    await sequencer.submit({ ...order, id: 1, owner: 2, side: 1 } as unknown as CommandInput);
    const taker = await sequencer.submit({ ...order, id: 2, owner: 1, side: 0 } as unknown as CommandInput);
    assert.deepEqual(taker.fillIds, [1]);
    assert.equal((await sequencer.submit({ type: "fills-settled", fillIds: [1] })).rejection, null);
    assert.equal((await sequencer.submit({ type: "fills-settled", fillIds: [1] })).rejection?.code, "unknown-fill");
    await sequencer.close();
  });

  it("replays from the machine's last seq, not the engine's: ledger records after the last engine command are not applied twice", async () => {
    const first = await open(dir());
    await first.sequencer.recover();
    const records = longStream(40, 2);
    await Promise.all(records.map(first.submit));
    // Ledger records only after the last engine command: the engine's lastSeq stays behind the machine's.
    const deposits = [41, 42, 43].map(
      (seq) =>
        ({
          type: "deposit-credited",
          seq,
          time: records[39].time,
          depositId: `late-${seq}`,
          account: `0x${"a".repeat(40)}`,
          token: streamMarkets()[0].quoteToken,
          amount: 5n,
        }) as MachineCommand,
    );
    await Promise.all(deposits.map(first.submit));
    const stored = await first.sequencer.snapshot({ truncate: false });
    assert.equal(stored.seq, 43);
    assert.ok(stored.snapshot.engine.lastSeq < 41, "the engine counts only its own commands");
    await first.sequencer.close();

    const second = await open(dir());
    const replayed: number[] = [];
    const hash = await second.sequencer.recover((record) => replayed.push(record.seq));
    assert.deepEqual(replayed, [], "nothing after the snapshot to replay");
    assert.equal(hash, straightRun([...records, ...deposits]).hash);
    assert.equal((await second.submit({ type: "expire", seq: 44, time: records[39].time } as MachineCommand)).seq, 44);
    await second.sequencer.close();
  });

  it("refuses commands before recovery, and does not use up a sequence number on a bad command or a bad clock", async () => {
    let now: number = 1000;
    const sequencer = await openSequencer({ directory: dir(), engine: machineOptions(), clock: () => now });
    await assert.rejects(sequencer.submit({ type: "expire" }), { code: "SEQUENCER_NOT_READY" });
    await sequencer.recover();
    await assert.rejects(sequencer.submit({ type: "bogus" } as unknown as CommandInput), { code: "CODEC_UNENCODABLE" });
    now = 1000.5;
    await assert.rejects(sequencer.submit({ type: "expire" }), { code: "SEQUENCER_INVALID_CLOCK" });
    now = 2000;
    assert.deepEqual(await sequencer.submit({ type: "expire" }), {
      seq: 1,
      time: 2000,
      events: [],
      fillIds: [],
      rejection: null,
    });
    now = 1500; // the wall clock stepped back: engine time does not
    assert.equal((await sequencer.submit({ type: "expire" })).time, 2000);
    await sequencer.close();
    await assert.rejects(sequencer.submit({ type: "expire" }), { code: "SEQUENCER_NOT_READY" });
  });

  it("rejects every unacknowledged command and stops when a log write fails", async () => {
    let writes = 0;
    const db = new ClassicLevel<Uint8Array, Uint8Array>(join(dir(), "wal"), {
      keyEncoding: "view",
      valueEncoding: "view",
    });
    const batch = db.batch.bind(db) as (...args: unknown[]) => Promise<void>;
    (db as unknown as { batch: unknown }).batch = (...args: unknown[]) =>
      ++writes === 2 ? Promise.reject(new Error("EIO")) : batch(...args);
    const wal = await Wal.fromDb(db);
    const snapshots = await SnapshotStore.open(join(dir(), "snapshots"));
    const sequencer = new Sequencer({ wal, snapshots, machine: machineFactory(machineOptions()), clock: () => 1000 });
    await sequencer.recover();
    await sequencer.submit({ type: "expire" });
    const lost = [sequencer.submit({ type: "expire" }), sequencer.submit({ type: "expire" })];
    for (const p of lost) await assert.rejects(p, { code: "SEQUENCER_FAILED" });
    await assert.rejects(sequencer.submit({ type: "expire" }), { code: "SEQUENCER_FAILED" });
    await sequencer.close();
  });

  it("refuses to recover when the log ends before the snapshot, or the snapshot has other markets", async () => {
    const commands = longStream(10, 1);
    const first = await open(dir());
    await first.sequencer.recover();
    await Promise.all(commands.map(first.submit));
    await first.sequencer.snapshot({ truncate: false });
    await first.sequencer.close();

    const otherMarkets = [...streamMarkets(), defineMarket({ ...streamMarkets()[0], id: 3 as never })];
    const reconfigured = await openSequencer({
      directory: dir(),
      engine: { ...machineOptions(), markets: otherMarkets },
      clock: () => 0,
    });
    await assert.rejects(reconfigured.recover(), { code: "SNAPSHOT_MARKETS_MISMATCH" });
    await reconfigured.close();

    await ClassicLevel.destroy(join(dir(), "wal"));
    const behind = await open(dir());
    await assert.rejects(behind.sequencer.recover(), { code: "RECOVERY_LOG_BEHIND_SNAPSHOT" });
    await behind.sequencer.close();
  });
});
