/** Shared pieces of the sequencer tests: a fresh data directory per test, command inputs, straight runs. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "mocha";
import { Engine, RecordingSink, type Command, type EngineEvent, type MarketConfig } from "../../../engine/index.js";
import type { CommandInput } from "../../../relayer/sequencer/index.js";
import { streamMarkets } from "../../engine/streams.js";

/** Registers hooks that give each test an empty directory and remove it afterwards; call inside `describe`. */
export function useTempDir(): () => string {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sequencer-test-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** A risk hook whose answers follow from the command alone, as replay requires. */
export const risk = (_m: MarketConfig, owner: number, _side: number, price: number, size: number) => (owner * 31 + price + size) % 17 !== 0;

export const engineOptions = () => ({ markets: streamMarkets(), risk });

/** The command as a client submits it: the sequencer assigns `seq` and `time`. */
export function asInput(command: Command): CommandInput {
  const { seq: _seq, time: _time, ...input } = command;
  return input as CommandInput;
}

/** Runs commands through one engine with no log at all: the reference every durable run must equal. */
export function straightRun(commands: readonly Command[]): { events: EngineEvent[][]; hash: string; engine: Engine } {
  const sink = new RecordingSink();
  const engine = new Engine({ ...engineOptions(), sink });
  const events = commands.map((c) => {
    engine.execute(c);
    return sink.take();
  });
  return { events, hash: engine.stateHash(), engine };
}
