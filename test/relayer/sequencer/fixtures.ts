/** Shared pieces of the sequencer tests: a fresh data directory per test, command inputs, straight runs. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "mocha";
import { Engine, RecordingSink, type Command, type EngineEvent, type MarketConfig } from "../../../engine/index.js";
import type { CommandInput } from "../../../relayer/sequencer/index.js";
import fc from "fast-check";
import { commandStream, streamMarkets } from "../../engine/streams.js";

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

/**
 * A random command stream of at least `length` commands, seq 1 … n: the engine tests' streams, one after
 * another, with ids and times moved along per piece so that ids stay distinct and time never goes back.
 */
export function longStream(length: number, seed: number): Command[] {
  const out: Command[] = [];
  const pieces = fc.sample(commandStream(150), { seed, numRuns: Math.ceil(length / 20) + 10 });
  for (let piece = 0; out.length < length; piece++) {
    const shift = piece * 100_000;
    for (const c of pieces[piece % pieces.length]) {
      const moved: Record<string, unknown> = { ...c, seq: out.length + 1, time: c.time + shift };
      if ("id" in c && c.type === "place") moved.id = c.id + piece * 1_000_000;
      if (c.type === "cancel" && c.id !== 999_999) moved.id = c.id + piece * 1_000_000;
      if (c.type === "place" && c.expiry !== 0) moved.expiry = c.expiry + shift;
      out.push(moved as unknown as Command);
    }
  }
  return out.slice(0, length);
}
