// The HTTP shell's view of the sequencer: submit a command and get its acknowledgement, read the engine, know the
// last sequence number. It codes against the sequencer's public API only (openSequencer / recover / submit), so the
// sequencer can host the engine alone or engine + ledger (TradingMachine) without the routers noticing. Whether the
// log takes ledger records (register-owner, deposit-credited, …) is probed once with the sequencer's own codec.
import type { EngineEvent, Seconds } from "../../engine/index.js";
import type { LedgerRejection } from "../ledger/index.js";
import type {
  EngineCommandInput,
  EngineView,
  LedgerCommandInput,
  LedgerView,
  ReplayListener,
  Sequencer,
} from "../sequencer/index.js";
import { openSequencer, type OpenSequencerOptions } from "./index.js";
import { defaultLogger, type Logger } from "../log/index.js";

/**
 * What the shell reads from an acknowledgement (the sequencer's Ack, relayer/sequencer/sequencer.ts). `fillIds` are the
 * ledger's ids of the command's fill events, in event order (the settler and the history key fills on them);
 * `rejection` is a ledger record's refusal, when the sequencer reports one.
 */
export interface TradingAck {
  readonly seq: number;
  /** The time the sequencer gave the command. */
  readonly time: Seconds;
  readonly events: readonly EngineEvent[];
  readonly fillIds: readonly number[];
  readonly rejection: LedgerRejection | null;
}

/** Called with every acknowledgement, in sequence order, before the submitter hears back (the publisher's hook). */
export type AckListener = (ack: TradingAck) => void;

/** Called with each ledger record submitted through this Trading and its acknowledgement (read models of records). */
export type LedgerAckListener = (record: LedgerCommandInput, ack: TradingAck) => void;

export class Trading {
  private readonly listeners = new Set<AckListener>();
  private readonly ledgerListeners = new Set<LedgerAckListener>();

  private constructor(
    private readonly sequencer: Sequencer,
    private readonly logger: Logger,
  ) {}

  /** Registers `listener` for every later acknowledgement; returns the function that removes it. */
  onAck(listener: AckListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Registers `listener` for every later ledger record's acknowledgement; returns the function that removes it. */
  onLedgerAck(listener: LedgerAckListener): () => void {
    this.ledgerListeners.add(listener);
    return () => this.ledgerListeners.delete(listener);
  }

  /** Opens the sequencer's stores; `recover` must run before anything is submitted. */
  static async open(options: OpenSequencerOptions & { logger?: Logger }): Promise<Trading> {
    return new Trading(await openSequencer(options), options.logger ?? defaultLogger());
  }

  recover(onReplay?: ReplayListener): Promise<string> {
    return this.sequencer.recover(onReplay);
  }

  submit(command: EngineCommandInput): Promise<TradingAck> {
    return this.notify(this.sequencer.submit(command));
  }

  /** Submits a ledger record: owner registration here; deposit credits from the chain watcher (and test setups). */
  submitLedger(record: LedgerCommandInput): Promise<TradingAck> {
    return this.notify(this.sequencer.submit(record)).then((ack) => {
      for (const listener of this.ledgerListeners) {
        try {
          listener(record, ack);
        } catch (error) {
          this.logger.error({ seq: ack.seq, err: error }, "ledger ack listener failed");
        }
      }
      return ack;
    });
  }

  /** The sequencer resolves acks in seq order, so the listeners see them in seq order too. A listener's throw is its own. */
  private notify(ack: Promise<TradingAck>): Promise<TradingAck> {
    return ack.then((a) => {
      for (const listener of this.listeners) {
        try {
          listener(a);
        } catch (error) {
          this.logger.error({ seq: a.seq, err: error }, "ack listener failed");
        }
      }
      return a;
    });
  }

  /** Sequence number of the last command applied (0 before any). */
  get lastSeq(): number {
    return this.sequencer.appliedSeq;
  }

  get view(): EngineView {
    return this.sequencer.view;
  }

  get ledgerView(): LedgerView {
    return this.sequencer.ledgerView;
  }

  stateHash(): string {
    return this.sequencer.stateHash();
  }

  close(): Promise<void> {
    return this.sequencer.close();
  }
}
