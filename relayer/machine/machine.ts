// The relayer's deterministic state: the engine and the ledger, fed one log record at a time. Engine commands go
// to the engine, whose risk hook reads the ledger and whose events update it (LedgerBridge); ledger records go to
// the ledger. Same records in the same order → same events, same refusals, same state hash; a snapshot restores
// both halves at the same sequence number.
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import {
  Engine,
  marketId,
  orderId,
  RecordingSink,
  type Command,
  type EngineEvent,
  type PlaceCommand,
  type EngineSnapshot,
  type MarketConfig,
} from "../../engine/index.js";
import { canonicalStringify } from "../sequencer/canonical-json.js";
import { LedgerBridge } from "../ledger/bridge.js";
import { ChainControls, stamp, type ChainControlsSnapshot } from "../ledger/chain-controls.js";
import {
  applyLedgerCommand,
  isChainControlCommand,
  isLedgerCommand,
  type LedgerCommand,
  type MachinePlaceCommand,
} from "../ledger/commands.js";
import { LedgerSnapshotError } from "../ledger/errors.js";
import { Ledger } from "../ledger/ledger.js";
import { OrderNonces, type OrderNoncesSnapshot } from "../ledger/order-nonces.js";
import { Registry } from "../ledger/registry.js";
import type { LedgerRejection } from "../ledger/rejections.js";
import { restoreLedger, snapshotLedger, type LedgerSnapshot } from "../ledger/snapshot.js";

/** Engine commands (a place may carry the signed order's hash and nonce) and ledger records. */
export type MachineCommand = Exclude<Command, PlaceCommand> | MachinePlaceCommand | LedgerCommand;

export interface MachineResult {
  /** The engine's events (none for a ledger record). */
  readonly events: EngineEvent[];
  /** Ids the ledger gave this command's fills, in event order. */
  readonly fillIds: number[];
  /**
   * Why a ledger record was refused (it changed nothing), or null. A place command the chain's controls refuse
   * (account-exiting, order-cancelled-onchain, nonce-below-floor) or whose nonce the maker already used
   * (nonce-used) never reaches the engine: no events, this set.
   */
  readonly rejection: LedgerRejection | null;
}

export interface MachineOptions {
  readonly markets: readonly MarketConfig[];
  readonly feeRecipient: string;
  readonly book?: "fast" | "reference";
  /** Sizing hint for the engine's order pools (see EngineOptions). */
  readonly expectedOrders?: number;
}

export interface MachineSnapshot {
  readonly version: number;
  /** The last record applied, engine command or ledger record (the engine's own lastSeq only counts its commands). */
  readonly lastSeq: number;
  readonly engine: EngineSnapshot;
  readonly ledger: LedgerSnapshot;
  /** Version 2 on: exits, on-chain cancels and nonce floors in force (relayer/ledger/chain-controls.ts). */
  readonly controls?: ChainControlsSnapshot;
  /** Version 3 on: the nonces of live and traded orders (relayer/ledger/order-nonces.ts). */
  readonly nonces?: OrderNoncesSnapshot;
}

/** Version 1 snapshots have no `controls` and restore with none in force; versions 1 and 2 know no used nonces. */
export const MACHINE_SNAPSHOT_VERSION = 3;

export class TradingMachine {
  lastSeq = 0;
  private readonly sink = new RecordingSink();
  private readonly bridge: LedgerBridge;
  private readonly engine: Engine;

  private constructor(
    readonly ledger: Ledger,
    readonly registry: Registry,
    build: (bridge: LedgerBridge) => Engine,
    private readonly chainControls: ChainControls = new ChainControls(),
    private readonly orderNonces: OrderNonces = new OrderNonces(),
  ) {
    this.bridge = new LedgerBridge(ledger, registry, this.sink);
    this.engine = build(this.bridge);
  }

  static create(options: MachineOptions): TradingMachine {
    return new TradingMachine(
      new Ledger(options.feeRecipient),
      new Registry(options.markets),
      (bridge) =>
        new Engine({
          markets: options.markets,
          sink: bridge,
          risk: bridge.risk,
          book: options.book,
          expectedOrders: options.expectedOrders,
        }),
    );
  }

  static restore(snapshot: MachineSnapshot, options: Omit<MachineOptions, "feeRecipient">): TradingMachine {
    const { ledger, registry } = restoreLedger(snapshot.ledger, options.markets);
    if (![1, 2, MACHINE_SNAPSHOT_VERSION].includes(snapshot.version))
      throw new LedgerSnapshotError(`unsupported machine snapshot version ${snapshot.version}`);
    const controls = ChainControls.restore(snapshot.controls);
    const machine = new TradingMachine(
      ledger,
      registry,
      (bridge) =>
        Engine.restore(snapshot.engine, {
          sink: bridge,
          risk: bridge.risk,
          book: options.book,
          expectedOrders: options.expectedOrders,
        }),
      controls,
      OrderNonces.restore(snapshot.nonces),
    );
    const restored = options.markets.map((m) => machine.engine.market(m.id));
    if (
      snapshot.engine.markets.length !== options.markets.length ||
      !isDeepStrictEqual(restored, [...options.markets])
    ) {
      throw new LedgerSnapshotError("the snapshot was taken with other markets than the configured ones");
    }
    machine.lastSeq = snapshot.lastSeq;
    return machine;
  }

  execute(cmd: MachineCommand): MachineResult {
    this.lastSeq = cmd.seq;
    if (isChainControlCommand(cmd)) {
      // The control and the cancels it causes are one step: nothing else runs between them, live or on replay.
      const r = this.chainControls.apply(cmd, this.registry);
      if (!r.ok) return { events: [], fillIds: [], rejection: r.rejection };
      for (const cancel of r.value) this.engine.execute(stamp(cancel, cmd.seq, cmd.time));
      return this.engineResult(null);
    }
    if (isLedgerCommand(cmd)) {
      const r = applyLedgerCommand(this.ledger, this.registry, cmd);
      return { events: [], fillIds: [], rejection: r.ok ? null : r.rejection };
    }
    if (cmd.type === "place") {
      const maker = this.registry.address(cmd.owner);
      const refusal = this.chainControls.refusePlace(cmd, maker) ?? this.orderNonces.refusePlace(cmd, maker);
      if (refusal !== null) return { events: [], fillIds: [], rejection: refusal };
      this.engine.execute(cmd);
      return this.engineResult(cmd);
    }
    this.engine.execute(cmd);
    return this.engineResult(null);
  }

  /**
   * The events of what the engine just ran. A placed order's identity and nonce are noted before the events are
   * applied, so that a taker filled on arrival marks its nonce traded and is forgotten at once; identities of orders
   * that left the book are forgotten.
   */
  private engineResult(placed: MachinePlaceCommand | null): MachineResult {
    const events = this.sink.take();
    const isLive = (market: number, id: number) => this.engine.hasOrder(marketId(market), orderId(id));
    if (placed !== null) {
      this.chainControls.notePlaced(placed, events);
      this.orderNonces.notePlaced(placed, events);
    }
    this.orderNonces.noteEvents(events, isLive);
    this.chainControls.forgetGone(events, isLive);
    return { events, fillIds: this.bridge.takeFillIds(), rejection: null };
  }

  /** The chain's controls in force (exits, on-chain cancels, nonce floors), for queries only. */
  get controls(): Pick<ChainControls, "isExiting" | "isCancelled" | "nonceFloor" | "snapshot"> {
    return this.chainControls;
  }

  /** The nonces in use (live and traded orders), for queries only. */
  get nonces(): Pick<OrderNonces, "refusal"> {
    return this.orderNonces;
  }

  /** The engine, for queries only: every change goes through `execute`. */
  get view(): Pick<
    Engine,
    | "market"
    | "hasOrder"
    | "orderCount"
    | "bestBid"
    | "bestAsk"
    | "lastPrice"
    | "depth"
    | "snapshot"
    | "checkInvariants"
  > {
    return this.engine;
  }

  /** The ledger's half of `snapshot()`, without snapshotting the engine (read models and settlement ask often). */
  ledgerSnapshot(): LedgerSnapshot {
    return snapshotLedger(this.ledger, this.registry);
  }

  snapshot(): MachineSnapshot {
    return {
      version: MACHINE_SNAPSHOT_VERSION,
      lastSeq: this.lastSeq,
      engine: this.engine.snapshot(),
      ledger: this.ledgerSnapshot(),
      controls: this.chainControls.snapshot(),
      nonces: this.orderNonces.snapshot(),
    };
  }

  /** SHA-256 of the canonical snapshot of both halves. */
  stateHash(): string {
    return createHash("sha256").update(canonicalStringify(this.snapshot())).digest("hex");
  }
}
