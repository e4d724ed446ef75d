// Who and what the engine's numbers stand for: market id → the market's tokens and units (the engine's own
// MarketConfig, fixed configuration), owner id → account address (state: an owner is registered by a logged
// record, so a replay maps ids to the same addresses).
import type { MarketConfig, MarketId, OwnerId } from "../../engine/index.js";
import { normalizeAddress, type Address } from "./address.js";
import { done, refuse, type LedgerResult } from "./rejections.js";

export class Registry {
  private readonly markets = new Map<number, MarketConfig>();
  private readonly owners = new Map<number, Address>();
  private readonly byAddress = new Map<Address, number>();

  constructor(markets: readonly MarketConfig[]) {
    for (const m of markets) {
      if (this.markets.has(m.id)) throw new TypeError(`duplicate market ${m.id}`);
      if (normalizeAddress(m.baseToken) === null || normalizeAddress(m.quoteToken) === null) {
        throw new TypeError(`market ${m.id}: base and quote tokens must be addresses`);
      }
      this.markets.set(m.id, m);
    }
  }

  market(id: MarketId | number): MarketConfig | undefined {
    return this.markets.get(id);
  }

  marketList(): MarketConfig[] {
    return [...this.markets.values()];
  }

  /** The account behind an engine owner id, or undefined if it was never registered. */
  address(owner: OwnerId | number): Address | undefined {
    return this.owners.get(owner);
  }

  ownerOf(address: string): number | undefined {
    return this.byAddress.get(normalizeAddress(address) ?? "");
  }

  /** Binds an engine owner id to an account, once: neither the id nor the address can be bound again. */
  registerOwner(owner: number, address: string): LedgerResult {
    if (!Number.isSafeInteger(owner) || owner < 0) return refuse({ code: "invalid-id", id: owner });
    const a = normalizeAddress(address);
    if (a === null) return refuse({ code: "invalid-address", address });
    if (this.owners.has(owner)) return refuse({ code: "duplicate-owner", owner });
    const other = this.byAddress.get(a);
    if (other !== undefined) return refuse({ code: "duplicate-address", address: a, owner: other });
    this.owners.set(owner, a);
    this.byAddress.set(a, owner);
    return done(null);
  }

  /** Owners as [id, address] pairs, ascending id. */
  ownerEntries(): [number, Address][] {
    return [...this.owners.entries()].sort((x, y) => x[0] - y[0]);
  }
}
