/**
 * Recovery over random mixed streams: engine commands and ledger records (registrations, deposits and reversals,
 * withdrawals, settled and reverted fills) through one sequencer, with snapshots (with and without truncating the
 * log, some taken while commands are in flight) and restarts at random points. Every acknowledgement, every record
 * replayed on recovery, the state hash after each recovery, and the ledger's own hash at the end equal those of a
 * straight run through a `TradingMachine` with no log.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { describe, it } from "mocha";
import { hashLedger } from "../../../relayer/ledger/index.js";
import type { MachineCommand, MachineResult } from "../../../relayer/machine/index.js";
import type { Ack, Sequencer } from "../../../relayer/sequencer/index.js";
import { openSequencer } from "../../../relayer/machine/index.js";
import { propertySettings } from "../../support/command-stream.js";
import { asInput, machineOptions, mixedStreamArb, straightRun, useTempDir } from "./fixtures.js";

type Action = "snapshot" | "snapshot-truncate" | "snapshot-in-flight" | "restart";
const actionArb = fc.record({
  at: fc.nat(),
  action: fc.constantFrom<Action>("snapshot", "snapshot-truncate", "snapshot-in-flight", "restart"),
});

const ackOf = (record: MachineCommand, result: MachineResult): Ack => ({
  seq: record.seq,
  time: record.time,
  ...result,
});

describe("sequencer: recovery over random mixed streams of engine commands and ledger records", () => {
  const dir = useTempDir();

  it("acknowledges, replays and recovers exactly what a straight run gives, with snapshots and restarts anywhere", async function () {
    this.timeout(25_000);
    let run = 0;
    const seen = { restarts: 0, replayed: 0, ledgerRefusals: 0, fills: 0, settledOrReverted: 0 };
    await fc.assert(
      fc.asyncProperty(mixedStreamArb(60, 30), fc.array(actionArb, { maxLength: 6 }), async (records, actions) => {
        const directory = join(dir(), `run-${run++}`);
        const reference = straightRun(records);
        const expected = records.map((r, i) => ackOf(r, reference.results[i]));
        const at = new Map<number, Action[]>();
        for (const { at: a, action } of actions) {
          const p = a % (records.length + 1);
          at.set(p, [...(at.get(p) ?? []), action]);
        }
        let now = 0;
        const start = async (applied: number): Promise<Sequencer> => {
          const sequencer = await openSequencer({ directory, engine: machineOptions(), clock: () => now });
          const replayed: [number, MachineResult][] = [];
          const hash = await sequencer.recover((record, events, result) => {
            assert.deepEqual(events, result.events);
            replayed.push([record.seq, result]);
          });
          assert.equal(sequencer.appliedSeq, applied, "recovery applies every durable record");
          assert.equal(
            hash,
            straightRun(records.slice(0, applied)).hash,
            `state hash after recovering ${applied} records`,
          );
          // The records after the snapshot are replayed, each with the result of the straight run.
          const from = applied - replayed.length;
          assert.deepEqual(
            replayed,
            reference.results.slice(from, applied).map((r, i) => [from + i + 1, r]),
          );
          seen.replayed += replayed.length;
          return sequencer;
        };
        let sequencer = await start(0);
        const acks: Ack[] = [];
        let next = 0;
        for (let p = 0; p <= records.length; p++) {
          for (const action of at.get(p) ?? []) {
            if (action === "restart") {
              await sequencer.close();
              sequencer = await start(next);
              seen.restarts++;
            } else if (action !== "snapshot-in-flight") {
              const stored = await sequencer.snapshot({ truncate: action === "snapshot-truncate" });
              assert.equal(stored.seq, next);
              assert.equal(stored.hash, straightRun(records.slice(0, next)).hash);
            }
          }
          // The records up to the next action point go in concurrently; a snapshot may be taken while they are in flight.
          let end = p + 1;
          while (end < records.length && !at.has(end)) end++;
          const segment = records.slice(next, Math.min(end, records.length));
          const pending = segment.map((r) => ((now = r.time), sequencer.submit(asInput(r))));
          const inFlight = (at.get(p) ?? []).includes("snapshot-in-flight")
            ? sequencer.snapshot({ truncate: p % 2 === 0 })
            : null;
          acks.push(...(await Promise.all(pending)));
          if (inFlight !== null) {
            const stored = await inFlight;
            assert.equal(
              stored.hash,
              straightRun(records.slice(0, stored.seq)).hash,
              "a snapshot taken in flight covers exactly the records applied",
            );
          }
          next += segment.length;
          p = end - 1;
        }
        assert.deepEqual(acks, expected, "every acknowledgement equals the straight run's result");
        assert.equal(sequencer.stateHash(), reference.hash);
        assert.equal(
          hashLedger(sequencer.ledgerView.snapshot()),
          hashLedger(reference.machine.snapshot().ledger),
          "the ledger's own hash",
        );
        await sequencer.close();
        // One more restart at the very end: the whole stream comes back.
        const last = await start(records.length);
        await last.close();
        seen.ledgerRefusals += reference.results.filter((r) => r.rejection !== null).length;
        seen.fills += reference.results.reduce((n, r) => n + r.fillIds.length, 0);
        seen.settledOrReverted += records.filter(
          (r, i) =>
            (r.type === "fills-settled" || r.type === "fills-reverted") && reference.results[i].rejection === null,
        ).length;
      }),
      propertySettings(40),
    );
    // The streams must exercise what this test is about.
    assert.ok(
      seen.restarts >= 15 &&
        seen.replayed > 500 &&
        seen.ledgerRefusals > 20 &&
        seen.fills > 10 &&
        seen.settledOrReverted > 2,
      JSON.stringify(seen),
    );
  });
});
