/**
 * Crash test with a real process kill: a child process submits a mixed stream (engine commands, and ledger records:
 * owner registrations, deposits credited and reversed, withdrawals, fills settled and reverted) as fast as it can and prints every
 * acknowledged seq; we SIGKILL it mid-stream (commands in flight, some durable and not yet acknowledged, some
 * not yet written), reopen its data directory and check that nothing acknowledged was lost and that recovery
 * gives exactly the state of a straight run over what the log holds. Twice on the same directory: the second
 * child starts from the first one's wreck and truncates its log after each snapshot.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "mocha";
import { hashLedger } from "../../../relayer/ledger/index.js";
import type { MachineCommand } from "../../../relayer/machine/index.js";
import { decodeRecord, toMachineCommand, Wal } from "../../../relayer/sequencer/index.js";
import { openSequencer } from "../../../relayer/machine/index.js";
import { longStream, machineOptions, straightRun, useTempDir } from "./fixtures.js";

const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");
const SEED = 4242;
const LENGTH = 5000;
/** Acknowledgements to wait for before the kill: enough for several snapshots and many full group commits. */
const KILL_AFTER = 700;

interface ChildRun {
  readyHash: string;
  readyApplied: number;
  acked: number[];
}

/** Runs the child until it has acknowledged `killAfter` commands, then SIGKILLs it and waits until it is gone. */
function runAndKill(directory: string, truncate: boolean, killAfter: number): Promise<ChildRun> {
  const args = ["--import", TSX, CHILD, directory, String(SEED), String(LENGTH), ...(truncate ? ["truncate"] : [])];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let buffered = "";
    let stderr = "";
    let ready: { hash: string; applied: number } | null = null;
    const acked: number[] = [];
    let killed = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the child acknowledged ${acked.length} commands in 20 s\n${stderr}`));
    }, 20_000);
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr += chunk));
    child.stdout.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop()!; // a line cut by the kill is not an acknowledgement
      for (const line of lines) {
        if (line.startsWith("ready ")) {
          const [, hash, applied] = line.split(" ");
          ready = { hash, applied: Number(applied) };
        } else {
          acked.push(Number(line));
        }
      }
      if (!killed && acked.length >= killAfter) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal !== "SIGKILL" || ready === null) {
        reject(new Error(`the child ended by itself (code ${code}, signal ${signal})\n${stderr}`));
      } else {
        resolve({ readyHash: ready.hash, readyApplied: ready.applied, acked });
      }
    });
  });
}

/** The sequence numbers in the log, each record checked against the stream the child was fed. */
async function logRecords(
  directory: string,
  commands: MachineCommand[],
): Promise<{ firstSeq: number; lastSeq: number; seqs: number[]; types: Map<string, number> }> {
  const wal = await Wal.open(join(directory, "wal"));
  try {
    const seqs: number[] = [];
    const types = new Map<string, number>();
    for await (const entry of wal.readFrom(wal.firstSeq())) {
      const command = toMachineCommand(decodeRecord(entry.value));
      assert.deepEqual(command, commands[entry.seq - 1], `record ${entry.seq}`);
      seqs.push(entry.seq);
      types.set(command.type, (types.get(command.type) ?? 0) + 1);
    }
    return { firstSeq: wal.firstSeq(), lastSeq: wal.lastSeq(), seqs, types };
  } finally {
    await wal.close();
  }
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

async function recoverHash(
  directory: string,
): Promise<{ hash: string; ledgerHash: string; applied: number; snapshotSeq: number }> {
  const sequencer = await openSequencer({ directory, engine: machineOptions(), clock: () => 0 });
  try {
    let replayed = 0;
    const hash = await sequencer.recover(() => replayed++);
    const ledgerHash = hashLedger(sequencer.ledgerView.snapshot());
    return { hash, ledgerHash, applied: sequencer.appliedSeq, snapshotSeq: sequencer.appliedSeq - replayed };
  } finally {
    await sequencer.close();
  }
}

describe("sequencer: crash with a real process kill", () => {
  const dir = useTempDir();

  it("loses no acknowledged command, and recovers the state of a straight run over the log, after SIGKILL mid-stream (twice)", async function () {
    this.timeout(60_000);
    const commands = longStream(LENGTH, SEED);

    // Round 1: an empty directory, snapshots without truncation, so the whole log is there to compare.
    const first = await runAndKill(dir(), false, KILL_AFTER);
    assert.equal(first.readyApplied, 0);
    assert.deepEqual(
      first.acked,
      first.acked.map((_, i) => i + 1),
      "acknowledged in sequence order, from 1",
    );
    const log1 = await logRecords(dir(), commands);
    assert.equal(log1.firstSeq, 1);
    assert.deepEqual(log1.seqs, range(1, log1.lastSeq), "the log is 1 … n with no hole");
    assert.ok(
      log1.lastSeq >= first.acked.at(-1)!,
      `acknowledged up to ${first.acked.at(-1)} but the log ends at ${log1.lastSeq}`,
    );
    // The child logged ledger records, and deposits and settlements the ledger took (not only refusals).
    const straight1 = straightRun(commands.slice(0, log1.lastSeq));
    const applied = (type: string) =>
      straight1.results.filter((r, i) => commands[i].type === type && r.rejection === null).length;
    assert.ok(
      (log1.types.get("deposit-credited") ?? 0) > 10 && applied("deposit-credited") > 10,
      `deposits in the log: ${log1.types.get("deposit-credited")}`,
    );
    assert.ok(
      (log1.types.get("fills-settled") ?? 0) > 0 && applied("fills-settled") > 0,
      `settlements in the log: ${log1.types.get("fills-settled")}`,
    );
    const recovered1 = await recoverHash(dir());
    assert.equal(recovered1.applied, log1.lastSeq, "recovery applies every durable command, acknowledged or not");
    assert.equal(recovered1.hash, straight1.hash);
    assert.equal(
      recovered1.ledgerHash,
      hashLedger(straight1.machine.snapshot().ledger),
      "the ledger equals a straight replay",
    );

    // Round 2: a child that recovers from the first one's wreck, then truncates its log after each snapshot.
    const second = await runAndKill(dir(), true, KILL_AFTER);
    assert.equal(second.readyApplied, log1.lastSeq);
    assert.equal(second.readyHash, recovered1.hash, "the child recovered the same state");
    assert.deepEqual(
      second.acked,
      second.acked.map((_, i) => log1.lastSeq + i + 1),
      "numbering resumes after the log",
    );
    const log2 = await logRecords(dir(), commands);
    assert.ok(log2.firstSeq > 1, "the second child truncated its log");
    assert.deepEqual(log2.seqs, range(log2.firstSeq, log2.lastSeq), "the log has no hole");
    assert.ok(
      log2.lastSeq >= second.acked.at(-1)!,
      `acknowledged up to ${second.acked.at(-1)} but the log ends at ${log2.lastSeq}`,
    );
    const recovered2 = await recoverHash(dir());
    // Acknowledged commands below the log's start are in the snapshot it was truncated after.
    assert.ok(recovered2.snapshotSeq >= log2.firstSeq - 1, "the truncated part is covered by the snapshot");
    assert.equal(recovered2.applied, log2.lastSeq);
    const straight2 = straightRun(commands.slice(0, log2.lastSeq));
    assert.equal(recovered2.hash, straight2.hash);
    assert.equal(
      recovered2.ledgerHash,
      hashLedger(straight2.machine.snapshot().ledger),
      "the ledger equals a straight replay",
    );
  });
});
