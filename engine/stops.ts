/**
 * Stop orders waiting for their trigger. A buy stop triggers when a trade
 * prints at or above its stop price, a sell stop at or below. Stops are rare,
 * so they are kept in arrival order in a plain array, with the nearest
 * trigger on each side cached so that a trade which triggers nothing costs
 * two comparisons.
 */
import { Side, type PlaceCommand } from "./types.js";

export class StopBook {
  private stops: PlaceCommand[] = [];
  private lowestBuyStop = Infinity;
  private highestSellStop = -Infinity;

  get size(): number {
    return this.stops.length;
  }

  has(id: number): boolean {
    return this.stops.some((s) => s.id === id);
  }

  ownerOf(id: number): number {
    return this.stops.find((s) => s.id === id)?.owner ?? -1;
  }

  /** Would this stop trigger at once if the last trade was at `lastPrice` (0 = no trade yet)? */
  static triggersAt(stop: Pick<PlaceCommand, "side" | "stopPrice">, lastPrice: number): boolean {
    if (lastPrice === 0) return false;
    return stop.side === Side.Buy ? lastPrice >= stop.stopPrice : lastPrice <= stop.stopPrice;
  }

  add(stop: PlaceCommand): void {
    this.stops.push(stop);
    this.refresh();
  }

  /** Removes and returns the stop with this id. */
  remove(id: number): PlaceCommand | undefined {
    const stop = this.stops.find((s) => s.id === id);
    if (stop !== undefined) this.take([stop]);
    return stop;
  }

  /** Removes and returns the owner's stops, in arrival order. */
  removeOwner(owner: number): PlaceCommand[] {
    return this.take(this.stops.filter((s) => s.owner === owner));
  }

  /** Removes and returns stops with 0 < expiry ≤ now, in (expiry, arrival) order. */
  expire(now: number): PlaceCommand[] {
    const due = this.stops.filter((s) => s.expiry !== 0 && s.expiry <= now);
    if (due.length === 0) return due;
    const arrival = new Map(this.stops.map((s, i) => [s, i]));
    due.sort((a, b) => a.expiry - b.expiry || arrival.get(a)! - arrival.get(b)!);
    return this.take(due);
  }

  /** Removes and returns, in arrival order, the stops triggered by trades between `low` and `high`. */
  triggered(low: number, high: number): PlaceCommand[] {
    if (high === 0 || (high < this.lowestBuyStop && low > this.highestSellStop)) return [];
    return this.take(this.stops.filter((s) => (s.side === Side.Buy ? high >= s.stopPrice : low <= s.stopPrice)));
  }

  /** Waiting stops in arrival order. */
  all(): readonly PlaceCommand[] {
    return this.stops;
  }

  private take(gone: PlaceCommand[]): PlaceCommand[] {
    if (gone.length > 0) {
      const set = new Set(gone);
      this.stops = this.stops.filter((s) => !set.has(s));
      this.refresh();
    }
    return gone;
  }

  private refresh(): void {
    this.lowestBuyStop = Infinity;
    this.highestSellStop = -Infinity;
    for (const s of this.stops) {
      if (s.side === Side.Buy) this.lowestBuyStop = Math.min(this.lowestBuyStop, s.stopPrice);
      else this.highestSellStop = Math.max(this.highestSellStop, s.stopPrice);
    }
  }
}
