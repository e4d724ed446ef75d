// The chain's say over orders, as the relayer applies it: exit requests, on-chain cancels by hash and nonce floors
// (events of contracts/exchange/Accounts.sol, turned into records by the chain watcher at N confirmations). Pure
// state fed in log order by the TradingMachine: it decides which place commands to refuse and which live orders
// to cancel; the machine runs those cancels through the engine in the same apply step, so a replay of the log
// gives the same events and the same state.
//
// The engine knows an order by (market, id, owner) only. To find orders by hash and nonce, the place command
// carries them (OrderIdentity) and this keeps them for the orders that are live, keyed like the ledger's locks.
import type {
  CancelAllCommand,
  CancelCommand,
  EngineEvent,
  MarketId,
  OrderId,
  OwnerId,
  Seconds,
} from "../../engine/index.js";
import { normalizeAddress, type Address } from "./address.js";
import { orderKey } from "./bridge.js";
import type { ChainControlCommand, MachinePlaceCommand } from "./commands.js";
import { LedgerSnapshotError } from "./errors.js";
import { done, refuse, type LedgerRejection, type LedgerResult } from "./rejections.js";

/** A live order that carries its signed identity. */
export interface IdentifiedOrder {
  readonly market: number;
  readonly id: number;
  readonly owner: number;
  readonly orderHash: string;
  readonly nonce: bigint;
}

/** The engine commands a control record causes, without seq and time (the machine stamps the record's). */
export type ControlCancel = Omit<CancelCommand, "seq" | "time"> | Omit<CancelAllCommand, "seq" | "time">;

export interface ChainControlsSnapshot {
  /** Accounts with an exit request in force, sorted. */
  readonly exiting: string[];
  /** On-chain cancels, by maker then hash. */
  readonly cancelled: { maker: string; orderHash: string }[];
  /** Nonce floors, by maker. */
  readonly floors: { maker: string; floor: bigint }[];
  /** Ids of the chain events applied, sorted. */
  readonly events: string[];
  /** Live orders with their identity, by market then id. */
  readonly orders: IdentifiedOrder[];
}

/** Owner ids ↔ addresses, as the ledger's registry keeps them. */
export interface OwnerDirectory {
  address(owner: number): Address | undefined;
  ownerOf(address: string): number | undefined;
}

const HASH = /^0x[0-9a-f]{64}$/;
const UINT64_MAX = (1n << 64n) - 1n;
const isEventId = (x: unknown): x is string => typeof x === "string" && x.length > 0 && x.length <= 256;

export class ChainControls {
  private readonly exiting = new Set<Address>();
  private readonly cancelled = new Map<Address, Set<string>>();
  private readonly floors = new Map<Address, bigint>();
  private readonly events = new Set<string>();
  private readonly orders = new Map<string, IdentifiedOrder>();

  // ----- queries -----

  isExiting(account: string): boolean {
    return this.exiting.has(normalizeAddress(account) ?? ("" as Address));
  }

  nonceFloor(maker: string): bigint {
    return this.floors.get(normalizeAddress(maker) ?? ("" as Address)) ?? 0n;
  }

  isCancelled(maker: string, orderHash: string): boolean {
    return this.cancelled.get(normalizeAddress(maker) ?? ("" as Address))?.has(orderHash.toLowerCase()) ?? false;
  }

  // ----- place commands -----

  /** Why a place command must not reach the engine, or null. `maker` is the owner's registered address. */
  refusePlace(cmd: MachinePlaceCommand, maker: Address | undefined): LedgerRejection | null {
    if (maker === undefined) return null; // the engine's risk hook refuses an unregistered owner
    if (this.exiting.has(maker)) return { code: "account-exiting", account: maker };
    if (typeof cmd.orderHash === "string" && this.cancelled.get(maker)?.has(cmd.orderHash.toLowerCase())) {
      return { code: "order-cancelled-onchain", maker, orderHash: cmd.orderHash.toLowerCase() };
    }
    const floor = this.floors.get(maker);
    if (typeof cmd.nonce === "bigint" && floor !== undefined && cmd.nonce < floor)
      return { code: "nonce-below-floor", maker, nonce: cmd.nonce, floor };
    return null;
  }

  /** Remembers the identity of a placed order the engine accepted (in `events`, the place command's events). */
  notePlaced(cmd: MachinePlaceCommand, events: readonly EngineEvent[]): void {
    if (typeof cmd.orderHash !== "string" || !HASH.test(cmd.orderHash.toLowerCase()) || typeof cmd.nonce !== "bigint")
      return;
    if (!events.some((e) => e.type === "accepted" && e.market === cmd.market && e.id === cmd.id)) return;
    this.orders.set(orderKey(cmd.market, cmd.id), {
      market: cmd.market,
      id: cmd.id,
      owner: cmd.owner,
      orderHash: cmd.orderHash.toLowerCase(),
      nonce: cmd.nonce,
    });
  }

  /** Forgets the identities of orders that `events` touched and that are no longer live. */
  forgetGone(events: readonly EngineEvent[], isLive: (market: number, id: number) => boolean): void {
    if (this.orders.size === 0) return;
    for (const e of events) {
      if (e.type === "fill") {
        this.forgetIfGone(e.market, e.makerId, isLive);
        this.forgetIfGone(e.market, e.takerId, isLive);
      } else if (e.type === "cancelled" || e.type === "expired" || e.type === "rejected") {
        this.forgetIfGone(e.market, e.id, isLive);
      }
    }
  }

  // ----- control records -----

  /**
   * Applies one control record: returns the cancels the engine must run now, or a refusal that changed nothing.
   * Cancels come in (market, id) order, so the engine's events do not depend on map insertion order.
   */
  apply(cmd: ChainControlCommand, owners: OwnerDirectory): LedgerResult<ControlCancel[]> {
    if (!isEventId(cmd.eventId)) return refuse({ code: "invalid-id", id: cmd.eventId });
    const who = normalizeAddress(
      cmd.type === "account-exit-requested" || cmd.type === "account-exit-cancelled" ? cmd.account : cmd.maker,
    );
    if (who === null) return refuse({ code: "invalid-address", address: "account" in cmd ? cmd.account : cmd.maker });
    if (
      cmd.type === "onchain-order-cancelled" &&
      (typeof cmd.orderHash !== "string" || !HASH.test(cmd.orderHash.toLowerCase()))
    ) {
      return refuse({ code: "invalid-id", id: cmd.orderHash });
    }
    if (
      cmd.type === "onchain-nonce-floor" &&
      (typeof cmd.floor !== "bigint" || cmd.floor < 0n || cmd.floor > UINT64_MAX)
    ) {
      return refuse({ code: "invalid-amount", amount: cmd.floor });
    }
    if (this.events.has(cmd.eventId)) return refuse({ code: "duplicate-chain-event", eventId: cmd.eventId });
    this.events.add(cmd.eventId);
    const owner = owners.ownerOf(who);
    switch (cmd.type) {
      case "account-exit-requested":
        this.exiting.add(who);
        return done(owner === undefined ? [] : [{ type: "cancel-all", owner: owner as OwnerId }]);
      case "account-exit-cancelled":
        this.exiting.delete(who);
        return done([]);
      case "onchain-order-cancelled": {
        const hash = cmd.orderHash.toLowerCase();
        let hashes = this.cancelled.get(who);
        if (hashes === undefined) this.cancelled.set(who, (hashes = new Set()));
        hashes.add(hash);
        return done(this.cancelsOf(owner, (o) => o.orderHash === hash));
      }
      case "onchain-nonce-floor": {
        const floor = cmd.floor > (this.floors.get(who) ?? 0n) ? cmd.floor : this.floors.get(who)!;
        this.floors.set(who, floor);
        return done(this.cancelsOf(owner, (o) => o.nonce < floor));
      }
    }
  }

  private cancelsOf(owner: number | undefined, match: (o: IdentifiedOrder) => boolean): ControlCancel[] {
    if (owner === undefined) return [];
    return [...this.orders.values()]
      .filter((o) => o.owner === owner && match(o))
      .sort((a, b) => a.market - b.market || a.id - b.id)
      .map((o) => ({ type: "cancel", market: o.market as MarketId, id: o.id as OrderId, owner: owner as OwnerId }));
  }

  private forgetIfGone(market: number, id: number, isLive: (market: number, id: number) => boolean): void {
    const key = orderKey(market, id);
    if (this.orders.has(key) && !isLive(market, id)) this.orders.delete(key);
  }

  // ----- snapshot -----

  snapshot(): ChainControlsSnapshot {
    const cancelled: { maker: string; orderHash: string }[] = [];
    for (const [maker, hashes] of this.cancelled) for (const orderHash of hashes) cancelled.push({ maker, orderHash });
    return {
      exiting: [...this.exiting].sort(),
      cancelled: cancelled.sort((a, b) => (a.maker + a.orderHash < b.maker + b.orderHash ? -1 : 1)),
      floors: [...this.floors].map(([maker, floor]) => ({ maker, floor })).sort((a, b) => (a.maker < b.maker ? -1 : 1)),
      events: [...this.events].sort(),
      orders: [...this.orders.values()].map((o) => ({ ...o })).sort((a, b) => a.market - b.market || a.id - b.id),
    };
  }

  static restore(snapshot: ChainControlsSnapshot | undefined): ChainControls {
    const controls = new ChainControls();
    if (snapshot === undefined) return controls; // a snapshot from before the chain's controls existed
    const address = (a: string) => {
      const n = normalizeAddress(a);
      if (n === null || n !== a) throw new LedgerSnapshotError(`chain controls: ${a} is not a lower-case address`);
      return n;
    };
    for (const a of snapshot.exiting) controls.exiting.add(address(a));
    for (const { maker, orderHash } of snapshot.cancelled) {
      const m = address(maker);
      if (!HASH.test(orderHash)) throw new LedgerSnapshotError(`chain controls: bad order hash ${orderHash}`);
      if (!controls.cancelled.has(m)) controls.cancelled.set(m, new Set());
      controls.cancelled.get(m)!.add(orderHash);
    }
    for (const { maker, floor } of snapshot.floors) {
      if (typeof floor !== "bigint") throw new LedgerSnapshotError("chain controls: a nonce floor is not a bigint");
      controls.floors.set(address(maker), floor);
    }
    for (const id of snapshot.events) controls.events.add(id);
    for (const o of snapshot.orders) {
      if (typeof o.nonce !== "bigint" || !HASH.test(o.orderHash))
        throw new LedgerSnapshotError(`chain controls: bad order ${o.market}/${o.id}`);
      controls.orders.set(orderKey(o.market, o.id), {
        market: o.market,
        id: o.id,
        owner: o.owner,
        orderHash: o.orderHash,
        nonce: o.nonce,
      });
    }
    return controls;
  }
}

/** Stamps a control's cancels with the record's seq and time: they are part of the record's apply step. */
export function stamp(cancel: ControlCancel, seq: number, time: Seconds): CancelCommand | CancelAllCommand {
  return { ...cancel, seq, time } as CancelCommand | CancelAllCommand;
}
