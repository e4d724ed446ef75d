/**
 * Shared pieces of the sequencer tests: a fresh data directory per test, the machine's options, mixed streams
 * (the engine tests' random command streams with ledger records woven in: owner registration, deposits and their
 * reversals, withdrawals, settled and reverted fills) and straight runs through a `TradingMachine` with no log.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "mocha";
import fc from "fast-check";
import type { Command } from "../../../engine/index.js";
import { TradingMachine, type MachineCommand, type MachineResult } from "../../../relayer/machine/index.js";
import type { CommandInput } from "../../../relayer/sequencer/index.js";
import { commandStream, streamMarkets } from "../../support/command-stream.js";
import { ALICE, BOB, CAROL, FEES } from "../ledger/fixtures.js";

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

/** The engine tests' markets; the ledger is the risk hook, so an order is accepted only if its owner can pay. */
export const machineOptions = () => ({ markets: streamMarkets(), feeRecipient: FEES });

const DAVE = `0x${"d".repeat(40)}`;
const ERIN = `0x${"e".repeat(40)}`;
/** Addresses of engine owners 1–5. Owners 1–4 are registered at the start of every stream; owner 5 only by a step. */
export const OWNERS = [ALICE, BOB, CAROL, DAVE, ERIN];
/** Base and quote token of both stream markets. */
export const TOKENS = [streamMarkets()[0].baseToken, streamMarkets()[0].quoteToken];

/** The command as a client submits it: the sequencer assigns `seq` and `time`. */
export function asInput(command: MachineCommand): CommandInput {
  const { seq: _seq, time: _time, ...input } = command;
  return input as CommandInput;
}

export interface StraightRun {
  readonly results: MachineResult[];
  readonly hash: string;
  readonly machine: TradingMachine;
}

/** Runs records through one machine with no log at all: the reference every durable run must equal. */
export function straightRun(records: readonly MachineCommand[]): StraightRun {
  const machine = TradingMachine.create(machineOptions());
  const results = records.map((r) => machine.execute(r));
  return { results, hash: machine.stateHash(), machine };
}

/** A ledger record to weave into an engine stream; fields a given op does not use are ignored. */
export interface LedgerStep {
  readonly op:
    | "register"
    | "deposit"
    | "reverse"
    | "settle"
    | "revert"
    | "withdraw"
    | "withdrawal-done"
    | "fee-recipient";
  readonly owner: number;
  readonly token: number;
  readonly amount: number;
  readonly pick: number;
  readonly ok: boolean;
}

export const ledgerStepArb: fc.Arbitrary<LedgerStep> = fc.record({
  op: fc.constantFrom<LedgerStep["op"]>(
    "deposit",
    "deposit",
    "deposit",
    "settle",
    "settle",
    "settle",
    "revert",
    "reverse",
    "withdraw",
    "withdraw",
    "withdrawal-done",
    "register",
    "fee-recipient",
  ),
  owner: fc.integer({ min: 1, max: 5 }),
  token: fc.integer({ min: 0, max: 1 }),
  amount: fc.integer({ min: 1, max: 60_000 }),
  pick: fc.nat(),
  ok: fc.boolean(),
});

/** A ledger step as a record, reading the machine's state (pending fills, deposits, open withdrawals) as a relayer would. */
function ledgerRecord(m: TradingMachine, s: LedgerStep, seq: number, time: number): MachineCommand {
  const at = { seq, time: time as never };
  const account = OWNERS[s.owner - 1];
  const token = TOKENS[s.token];
  switch (s.op) {
    case "register":
      return { ...at, type: "register-owner", owner: s.owner, address: account };
    case "deposit":
      return { ...at, type: "deposit-credited", depositId: `dep-${seq}`, account, token, amount: BigInt(s.amount) };
    case "reverse": {
      const ids = m.ledger.depositIds();
      return { ...at, type: "deposit-reversed", depositId: ids.length === 0 ? "none" : ids[s.pick % ids.length] };
    }
    case "settle":
    case "revert": {
      const pending = m.ledger.pendingFillIds();
      // Usually all pending fills (a batch), now and then a fill that is not pending: refused, changes nothing.
      const fillIds =
        pending.length === 0 || s.pick % 7 === 0
          ? [m.ledger.nextFillId + (s.pick % 3)]
          : pending.filter((_, i) => s.ok || i % 2 === 0);
      return { ...at, type: s.op === "settle" ? "fills-settled" : "fills-reverted", fillIds };
    }
    case "withdraw":
      return {
        ...at,
        type: "withdrawal-requested",
        withdrawalId: `w-${seq}`,
        account,
        token,
        amount: BigInt(s.amount),
      };
    case "withdrawal-done": {
      const open = m.ledger.openWithdrawalIds();
      return {
        ...at,
        type: s.ok ? "withdrawal-settled" : "withdrawal-failed",
        withdrawalId: open.length === 0 ? "none" : open[s.pick % open.length],
      };
    }
    case "fee-recipient":
      return { ...at, type: "fee-recipient-set", address: s.ok ? FEES : account };
  }
}

/**
 * One stream, numbered 1 … n: owners 1–4 registered and funded, then the engine commands in their order with each
 * ledger step woven in before the engine command at `positions[i] % (commands + 1)`. Ledger records take the time
 * of the engine command before them. Returns the records and the straight run that built them.
 */
export function mixStream(
  engine: readonly Command[],
  steps: readonly LedgerStep[],
  positions: readonly number[],
): { records: MachineCommand[] } & StraightRun {
  const machine = TradingMachine.create(machineOptions());
  const records: MachineCommand[] = [];
  const results: MachineResult[] = [];
  const push = (build: (seq: number) => MachineCommand) => {
    const record = build(records.length + 1);
    records.push(record);
    results.push(machine.execute(record));
  };
  let time = engine[0]?.time ?? 1_000;
  for (let o = 1; o <= 4; o++)
    push((seq) => ({ type: "register-owner", seq, time: time as never, owner: o, address: OWNERS[o - 1] }));
  for (let o = 1; o <= 4; o++) {
    for (const token of TOKENS)
      push((seq) => ({
        type: "deposit-credited",
        seq,
        time: time as never,
        depositId: `open-${o}-${token}`,
        account: OWNERS[o - 1],
        token,
        amount: 100_000n,
      }));
  }
  const at = new Map<number, LedgerStep[]>();
  steps.forEach((s, i) => {
    const p = (positions[i] ?? i) % (engine.length + 1);
    at.set(p, [...(at.get(p) ?? []), s]);
  });
  for (let i = 0; i <= engine.length; i++) {
    for (const s of at.get(i) ?? []) push((seq) => ledgerRecord(machine, s, seq, time));
    if (i === engine.length) break;
    time = engine[i].time;
    push((seq) => ({ ...engine[i], seq }) as MachineCommand);
  }
  return { records, results, hash: machine.stateHash(), machine };
}

/** A random mixed stream: an engine stream of up to `maxEngine` commands with up to `maxLedger` ledger records. */
export const mixedStreamArb = (maxEngine = 80, maxLedger = 40) =>
  fc.tuple(commandStream(maxEngine), fc.array(fc.tuple(ledgerStepArb, fc.nat()), { maxLength: maxLedger })).map(
    ([engine, steps]) =>
      mixStream(
        engine,
        steps.map(([s]) => s),
        steps.map(([, p]) => p),
      ).records,
  );

/**
 * A long mixed stream of exactly `length` records, seq 1 … n: the engine tests' streams one after another (ids and
 * times moved along per piece so that ids stay distinct and time never goes back), with a ledger record (deposits,
 * settlements, withdrawals …) in about one place in five.
 */
export function longStream(length: number, seed: number): MachineCommand[] {
  const engine: Command[] = [];
  const pieces = fc.sample(commandStream(150), { seed, numRuns: Math.ceil(length / 20) + 10 });
  for (let piece = 0; engine.length < length; piece++) {
    const shift = piece * 100_000;
    for (const c of pieces[piece % pieces.length]) {
      const moved: Record<string, unknown> = { ...c, seq: engine.length + 1, time: c.time + shift };
      if ("id" in c && c.type === "place") moved.id = c.id + piece * 1_000_000;
      if (c.type === "cancel" && c.id !== 999_999) moved.id = c.id + piece * 1_000_000;
      if (c.type === "place" && c.expiry !== 0) moved.expiry = c.expiry + shift;
      engine.push(moved as unknown as Command);
    }
  }
  const ledgerCount = Math.ceil(length / 5);
  const steps = fc.sample(ledgerStepArb, { seed: seed + 1, numRuns: ledgerCount });
  const positions = steps.map((_, i) => Math.floor((i * engine.length) / ledgerCount));
  return mixStream(engine, steps, positions).records.slice(0, length);
}
