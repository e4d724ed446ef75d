// Which order nonces a maker may still use, as the relayer admits them. On-chain, an order that completes consumes
// its nonce (Exchange._commitOrders: OrderNonceUsed), so two orders of one maker with the same nonce cannot both
// fill: the relayer must never match the second one, or its fill is published and then unwound at settlement (or,
// in one batch with the first, makes the batch revert). The rule, stricter than the contract's and simple to state
// (docs/protocol.md, "Nonces and fill state"):
//
//   a place command is refused (`nonce-used`) when the maker has a live order with the same nonce (resting, or a
//   stop waiting), or any order with that nonce has traded — in any market.
//
// A nonce is free again only if every order that carried it left without trading (cancelled, expired, refused).
// Pure state fed in log order by the TradingMachine, keyed by owner id (the registry's, itself from the log), so a
// replay refuses exactly what ran live.
import type { EngineEvent } from "../../engine/index.js";
import { orderKey } from "./bridge.js";
import type { MachinePlaceCommand } from "./commands.js";
import { LedgerSnapshotError } from "./errors.js";
import type { LedgerRejection } from "./rejections.js";

export interface OrderNoncesSnapshot {
  /** Live orders that carry a nonce, by market then id. */
  readonly live: { market: number; id: number; owner: number; nonce: bigint }[];
  /** Nonces an order has traded with, by owner then nonce. */
  readonly traded: { owner: number; nonces: bigint[] }[];
}

interface LiveOrder {
  readonly owner: number;
  readonly nonce: bigint;
}

export class OrderNonces {
  /** orderKey → the live order's owner and nonce. */
  private readonly live = new Map<string, LiveOrder>();
  /** owner → nonce → how many live orders carry it (one, unless a replayed older log admitted twins). */
  private readonly liveByOwner = new Map<number, Map<bigint, number>>();
  /** owner → nonces an order has traded with. */
  private readonly traded = new Map<number, Set<bigint>>();

  /** Why this place command must not reach the engine, or null. `maker` is for the rejection's text only. */
  refusePlace(cmd: MachinePlaceCommand, maker: string | undefined): LedgerRejection | null {
    return typeof cmd.nonce === "bigint" ? this.refusal(cmd.owner, cmd.nonce, maker ?? "") : null;
  }

  /** `nonce-used` when a live order of `owner` carries `nonce` or an order with it traded; null while it is free. */
  refusal(owner: number, nonce: bigint, maker: string): LedgerRejection | null {
    if ((this.liveByOwner.get(owner)?.get(nonce) ?? 0) > 0)
      return { code: "nonce-used", maker, nonce, by: "live-order" };
    if (this.traded.get(owner)?.has(nonce)) return { code: "nonce-used", maker, nonce, by: "traded-order" };
    return null;
  }

  /**
   * After the engine ran a place command: its order is live from `accepted` on. Then `events` (this or any other
   * command's) mark the nonces of orders that traded and forget orders that left the book.
   */
  notePlaced(cmd: MachinePlaceCommand, events: readonly EngineEvent[]): void {
    if (typeof cmd.nonce !== "bigint") return;
    if (!events.some((e) => e.type === "accepted" && e.market === cmd.market && e.id === cmd.id)) return;
    const key = orderKey(cmd.market, cmd.id);
    if (this.live.has(key)) return;
    this.addLive(key, { owner: cmd.owner, nonce: cmd.nonce });
  }

  /** Applies an engine step's events: fills mark their orders' nonces traded; orders no longer live are forgotten. */
  noteEvents(events: readonly EngineEvent[], isLive: (market: number, id: number) => boolean): void {
    if (this.live.size === 0) return;
    for (const e of events) {
      if (e.type === "fill") {
        this.markTraded(orderKey(e.market, e.makerId));
        this.markTraded(orderKey(e.market, e.takerId));
        this.forgetIfGone(e.market, e.makerId, isLive);
        this.forgetIfGone(e.market, e.takerId, isLive);
      } else if (e.type === "cancelled" || e.type === "expired" || e.type === "rejected") {
        this.forgetIfGone(e.market, e.id, isLive);
      }
    }
  }

  private markTraded(key: string): void {
    const order = this.live.get(key);
    if (order === undefined) return;
    let nonces = this.traded.get(order.owner);
    if (nonces === undefined) this.traded.set(order.owner, (nonces = new Set()));
    nonces.add(order.nonce);
  }

  private forgetIfGone(market: number, id: number, isLive: (market: number, id: number) => boolean): void {
    const key = orderKey(market, id);
    const order = this.live.get(key);
    if (order === undefined || isLive(market, id)) return;
    this.live.delete(key);
    const counts = this.liveByOwner.get(order.owner)!;
    const left = counts.get(order.nonce)! - 1;
    if (left > 0) counts.set(order.nonce, left);
    else counts.delete(order.nonce);
    if (counts.size === 0) this.liveByOwner.delete(order.owner);
  }

  private addLive(key: string, order: LiveOrder): void {
    this.live.set(key, order);
    let counts = this.liveByOwner.get(order.owner);
    if (counts === undefined) this.liveByOwner.set(order.owner, (counts = new Map()));
    counts.set(order.nonce, (counts.get(order.nonce) ?? 0) + 1);
  }

  // ----- snapshot -----

  snapshot(): OrderNoncesSnapshot {
    const live = [...this.live].map(([key, o]) => {
      const [market, id] = key.split("/").map(Number);
      return { market, id, owner: o.owner, nonce: o.nonce };
    });
    return {
      live: live.sort((a, b) => a.market - b.market || a.id - b.id),
      traded: [...this.traded]
        .map(([owner, nonces]) => ({ owner, nonces: [...nonces].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) }))
        .sort((a, b) => a.owner - b.owner),
    };
  }

  /** A snapshot from before nonces were tracked (undefined) restores with none known. */
  static restore(snapshot: OrderNoncesSnapshot | undefined): OrderNonces {
    const nonces = new OrderNonces();
    if (snapshot === undefined) return nonces;
    for (const o of snapshot.live) {
      if (typeof o.nonce !== "bigint" || !Number.isSafeInteger(o.owner))
        throw new LedgerSnapshotError(`order nonces: bad live order ${o.market}/${o.id}`);
      nonces.addLive(orderKey(o.market, o.id), { owner: o.owner, nonce: o.nonce });
    }
    for (const { owner, nonces: list } of snapshot.traded) {
      if (!Number.isSafeInteger(owner) || !list.every((n) => typeof n === "bigint"))
        throw new LedgerSnapshotError(`order nonces: bad traded nonces of owner ${owner}`);
      nonces.traded.set(owner, new Set(list));
    }
    return nonces;
  }
}
