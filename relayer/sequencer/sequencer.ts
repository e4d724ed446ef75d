// The sequencer: the one way in. A command (engine command or ledger record) gets the next sequence number and a
// time, is written to the log, and only once the log says it is durable is it applied to the trading machine
// (engine + ledger, relayer/machine/machine.ts); what the machine returns for it (events, fill ids, a ledger
// refusal) is the acknowledgement. So nothing acknowledged can be lost, and replaying the log rebuilds what was
// acknowledged, engine and ledger, byte for byte.
//
// Appends happen in submission order (the log refuses anything else), and application is strictly in sequence
// order: a command whose write completed is applied only after every command before it, whatever order the
// promises settle in. What the engine executes is the record decoded from the very bytes written to the log,
// so the live run and a replay see the same command.
//
// Failure is fail-stop. If a write or the engine fails, every command not yet acknowledged is rejected with
// SEQUENCER_FAILED and the process must restart and `recover()`; a command that reached the disk is then
// applied by the replay whether or not its submitter heard back (it was durable, the outcome is deterministic).
import type { Engine, EngineEvent, Seconds } from "../../engine/index.js";
import type { Ledger, LedgerRejection, LedgerSnapshot, Registry } from "../ledger/index.js";
import type { MachineFactory, MachineResult, TradingMachine } from "../machine/index.js";
import { decodeRecord, encodeRecord, toMachineCommand, type CommandInput, type LogRecord } from "./command-codec.js";
import { SequencerError, type SequencerModuleError } from "./errors.js";
import type { SnapshotStore, StoredSnapshot } from "./snapshot-store.js";
import type { Wal, WalStats } from "./wal.js";

/** Unix seconds now. Injected: the engine is pure, and tests and replays need to control time. */
export type Clock = () => number;

/**
 * The acknowledgement of a command: it is durable and applied, and this is what the machine returned for it.
 * An engine command has `events` (its rejections among them) and the ledger's `fillIds` for its fills; a ledger
 * record has no events, and `rejection` says why the ledger refused it (a refused record changed nothing).
 */
export interface Ack extends MachineResult {
  readonly seq: number;
  readonly time: Seconds;
  readonly events: EngineEvent[];
  readonly fillIds: number[];
  readonly rejection: LedgerRejection | null;
}

export interface SequencerOptions {
  readonly wal: Wal;
  readonly snapshots: SnapshotStore;
  readonly machine: MachineFactory;
  readonly clock: Clock;
}

/** The engine's queries, for read models; changing state goes through `submit`, nowhere else. */
export type EngineView = Pick<
  Engine,
  "market" | "hasOrder" | "orderCount" | "bestBid" | "bestAsk" | "lastPrice" | "depth" | "snapshot"
>;

/** The ledger's queries (balances, pending fills, owners), for read models and admission. */
export interface LedgerView {
  readonly ledger: Pick<
    Ledger,
    | "balance"
    | "available"
    | "balancesOf"
    | "orderLock"
    | "pendingFill"
    | "pendingFillIds"
    | "openWithdrawalIds"
    | "depositIds"
    | "nextFillId"
    | "feeRecipient"
  >;
  readonly registry: Pick<Registry, "market" | "marketList" | "address" | "ownerOf">;
  /** The chain's controls in force (exits, on-chain cancels, nonce floors). */
  readonly controls: TradingMachine["controls"];
  /** The nonces makers used (relayer/ledger/order-nonces.ts). */
  readonly nonces: TradingMachine["nonces"];
  /** The ledger's canonical snapshot (`hashLedger` of it is the ledger's state hash). */
  snapshot(): LedgerSnapshot;
}

/** Called for every record replayed by `recover()`, so read models can catch up: its events, and all the machine returned. */
export type ReplayListener = (record: LogRecord, events: EngineEvent[], result: MachineResult) => void;

interface InFlight {
  readonly record: LogRecord;
  durable: boolean;
  readonly resolve: (ack: Ack) => void;
  readonly reject: (error: unknown) => void;
}

type State = "new" | "recovering" | "ready" | "failed" | "closed";

export class Sequencer {
  private state: State = "new";
  private failure: SequencerError | null = null;
  private machine: TradingMachine | null = null;
  private nextSeq = 1;
  /** Time of the last command submitted, and of the last one applied (what a snapshot records). */
  private lastTime = 0;
  private appliedTime = 0;
  /** Submitted, not yet applied, in sequence order; `head` is the next one to apply. */
  private inFlight: InFlight[] = [];
  private head = 0;

  constructor(private readonly options: SequencerOptions) {}

  /**
   * Rebuilds the machine (engine + ledger): the latest snapshot (if any), then every durable log record after it.
   * Returns the machine's state hash. Must run once before `submit`.
   */
  async recover(onReplay?: ReplayListener): Promise<string> {
    if (this.state !== "new")
      throw new SequencerError("SEQUENCER_NOT_READY", `recover() on a sequencer that is ${this.state}`);
    this.state = "recovering";
    try {
      const { wal, snapshots, machine: factory } = this.options;
      const stored = await snapshots.loadLatest();
      const machine = stored === null ? factory.create() : factory.restore(stored.snapshot);
      let time = stored?.time ?? 0;
      // The machine's lastSeq counts every record; the engine's own would count only engine commands, and replay
      // from there would apply the ledger records after it twice.
      if (wal.lastSeq() < machine.lastSeq) {
        throw new SequencerError(
          "RECOVERY_LOG_BEHIND_SNAPSHOT",
          `the log ends at seq ${wal.lastSeq()}, the snapshot covers ${machine.lastSeq}`,
          {
            details: "the log is missing records the snapshot includes; refusing to number new commands over them",
          },
        );
      }
      for await (const entry of wal.readFrom(machine.lastSeq + 1)) {
        const record = decodeRecord(entry.value);
        if (record.seq !== entry.seq) {
          throw new SequencerError(
            "RECOVERY_RECORD_MISMATCH",
            `the record stored under seq ${entry.seq} says seq ${record.seq}`,
          );
        }
        const result = machine.execute(toMachineCommand(record));
        time = Math.max(time, record.time);
        onReplay?.(record, result.events, result);
      }
      this.machine = machine;
      this.nextSeq = machine.lastSeq + 1;
      this.lastTime = time;
      this.appliedTime = time;
      this.state = "ready";
      return machine.stateHash();
    } catch (error) {
      this.state = "failed";
      throw error;
    }
  }

  /**
   * Sequences a command (engine command or ledger record): resolves with what the machine returned for it once
   * it is durable and applied, in sequence order. Rejects without using a sequence number if the command cannot
   * be encoded (unknown type, a ledger record with a missing, extra or mistyped field) or the clock is bad.
   */
  submit(command: CommandInput): Promise<Ack> {
    if (this.state !== "ready")
      return Promise.reject(
        this.failure ?? new SequencerError("SEQUENCER_NOT_READY", `submit() on a sequencer that is ${this.state}`),
      );
    const now = this.options.clock();
    if (!Number.isSafeInteger(now) || now < 0) {
      return Promise.reject(
        new SequencerError("SEQUENCER_INVALID_CLOCK", `the clock returned ${now}, not whole unix seconds`),
      );
    }
    // Time never goes back; the log records the time the machine will actually use.
    const time = Math.max(now, this.lastTime) as Seconds;
    const seq = this.nextSeq;
    let bytes: Uint8Array;
    let record: LogRecord;
    try {
      bytes = encodeRecord({ seq, time, command });
      record = decodeRecord(bytes);
    } catch (error) {
      return Promise.reject(error);
    }
    this.nextSeq = seq + 1;
    this.lastTime = time;
    return new Promise<Ack>((resolve, reject) => {
      const item: InFlight = { record, durable: false, resolve, reject };
      this.inFlight.push(item);
      this.options.wal.append({ seq, value: bytes }).then(
        () => {
          item.durable = true;
          this.applyDurable();
        },
        (cause: SequencerModuleError) => this.fail(cause),
      );
    });
  }

  /** Applies, in order, every command at the head of the queue whose write has completed. */
  private applyDurable(): void {
    const machine = this.machine!;
    while (this.head < this.inFlight.length && this.inFlight[this.head].durable && this.failure === null) {
      const item = this.inFlight[this.head++];
      let result: MachineResult;
      try {
        result = machine.execute(toMachineCommand(item.record));
      } catch (cause) {
        // Rejections and refusals are data; a throw (an engine bug, a ledger/engine mismatch) may have left a
        // half-applied state.
        this.head--;
        return this.fail(cause);
      }
      this.appliedTime = item.record.time;
      item.resolve({
        seq: item.record.seq,
        time: item.record.time,
        events: result.events,
        fillIds: result.fillIds,
        rejection: result.rejection,
      });
    }
    if (this.head === this.inFlight.length) {
      this.inFlight = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.inFlight.length) {
      this.inFlight = this.inFlight.slice(this.head);
      this.head = 0;
    }
  }

  private fail(cause: unknown): void {
    if (this.failure !== null) return;
    this.failure = new SequencerError("SEQUENCER_FAILED", "the sequencer stopped; restart and recover", { cause });
    if (this.state === "ready") this.state = "failed";
    for (let i = this.head; i < this.inFlight.length; i++) this.inFlight[i].reject(this.failure);
    this.inFlight = [];
    this.head = 0;
  }

  /**
   * Stores a snapshot of the machine (engine and ledger) as it is now (every applied record), then, unless told
   * not to, drops the log records it covers. The snapshot is durable before anything is dropped.
   */
  async snapshot(options: { truncate?: boolean } = {}): Promise<StoredSnapshot> {
    const machine = this.ready();
    const stored = await this.options.snapshots.save(machine.snapshot(), this.appliedTime);
    if (options.truncate ?? true) await this.options.wal.truncateBefore(stored.seq + 1);
    return stored;
  }

  /** The machine's state hash: engine and ledger. */
  stateHash(): string {
    return this.ready().stateHash();
  }

  /** Sequence number of the last record applied, engine command or ledger record (0 before any). */
  get appliedSeq(): number {
    return this.ready().lastSeq;
  }

  /** The log's batch counters (records per fsync), for metrics. */
  logStats(): WalStats {
    return this.options.wal.stats();
  }

  get view(): EngineView {
    return this.ready().view;
  }

  get ledgerView(): LedgerView {
    const machine = this.ready();
    return {
      ledger: machine.ledger,
      registry: machine.registry,
      controls: machine.controls,
      nonces: machine.nonces,
      snapshot: () => machine.ledgerSnapshot(),
    };
  }

  /** Stops taking commands, lets those already submitted finish (durable and acknowledged), closes the stores. */
  async close(): Promise<void> {
    if (this.state === "closed") return;
    this.state = "closed";
    await this.options.wal.close();
    await this.options.snapshots.close();
  }

  private ready(): TradingMachine {
    if (this.machine === null || this.state !== "ready") {
      throw this.failure ?? new SequencerError("SEQUENCER_NOT_READY", `the sequencer is ${this.state}`);
    }
    return this.machine;
  }
}
