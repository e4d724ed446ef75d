/**
 * The process the crash test kills. It opens the sequencer in the directory it is given, recovers, prints
 * `ready <state hash> <applied seq>`, then submits the deterministic mixed stream (engine commands and ledger
 * records: registrations, deposits, withdrawals, fills settled and reverted; fixtures.ts) from where the log left off
 * as fast as it can (a window of commands in flight) and prints each acknowledged seq on its own line, only
 * after the acknowledgement. Every 400 acknowledgements it takes a snapshot (truncating the log before it when
 * run with `truncate`). It never stops by itself: the parent kills it with SIGKILL.
 *
 *   node --import tsx test/relayer/sequencer/crash-child.ts <dir> <seed> <length> [truncate]
 *
 * Loaded as a module by the test runner (which loads every file under test/), it does nothing.
 */
import { pathToFileURL } from "node:url";
import { openSequencer } from "../../../relayer/machine/index.js";
import { asInput, machineOptions, longStream } from "./fixtures.js";

const WINDOW = 64;
const SNAPSHOT_EVERY = 400;

async function main(directory: string, seed: number, length: number, truncate: boolean): Promise<void> {
  const commands = longStream(length, seed);
  let now = 0;
  const sequencer = await openSequencer({ directory, engine: machineOptions(), clock: () => now });
  const hash = await sequencer.recover();
  // stdout to a pipe is written synchronously on Linux: a line printed is a line the parent will read, kill or not.
  process.stdout.write(`ready ${hash} ${sequencer.appliedSeq}\n`);
  let next = sequencer.appliedSeq;
  let acknowledged = 0;
  const submitNext = (): void => {
    if (next >= commands.length) return;
    const command = commands[next++];
    now = command.time;
    sequencer.submit(asInput(command)).then(
      (ack) => {
        process.stdout.write(`${ack.seq}\n`);
        if (++acknowledged % SNAPSHOT_EVERY === 0) {
          sequencer.snapshot({ truncate }).catch((error: unknown) => die(error));
        }
        submitNext();
      },
      (error: unknown) => die(error),
    );
  };
  for (let i = 0; i < WINDOW; i++) submitNext();
  setInterval(() => {}, 1 << 30); // stay alive until killed, even if the stream runs out
}

function die(error: unknown): never {
  process.stderr.write(
    `crash-child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [directory, seed, length, mode] = process.argv.slice(2);
  main(directory, Number(seed), Number(length), mode === "truncate").catch(die);
}
