/**
 * A market: the pair, its units, its fees and how it matches.
 *
 * Price p ticks means one lot trades for p × tickSize quote units, so a fill of
 * q lots at p ticks moves q × lotSize base and q × p × tickSize quote units,
 * exactly (see `units.ts`).
 */
import type { Lots, MarketId, MatchingMode, Ticks } from "./types.js";

export interface MarketConfig {
  readonly id: MarketId;
  /** Token addresses, carried for the relayer only. */
  readonly baseToken: string;
  readonly quoteToken: string;
  /** Base-token units per lot. */
  readonly lotSize: bigint;
  /** Quote-token units per lot per tick. */
  readonly tickSize: bigint;
  /** Smallest order size, in lots (≥ 1). */
  readonly minSize: Lots;
  readonly makerFeeBps: number;
  readonly takerFeeBps: number;
  readonly mode: MatchingMode;
  /** Highest valid price in ticks; the book indexes its price levels by tick, 1 … maxPriceTicks. */
  readonly maxPriceTicks: Ticks;
}

/** Upper bound on `maxPriceTicks`: the price-level arrays are dense (and lazily committed by the OS). */
export const MAX_PRICE_TICKS_LIMIT = 1 << 26;
export const DEFAULT_MAX_PRICE_TICKS = 1_000_000 as Ticks;
export const MAX_FEE_BPS = 10_000;

export type MarketInput = Omit<MarketConfig, "maxPriceTicks" | "minSize"> &
  Partial<Pick<MarketConfig, "maxPriceTicks" | "minSize">>;

/** Fills in defaults and checks a market definition; throws on a bad definition (operator input, not a command). */
export function defineMarket(input: MarketInput): MarketConfig {
  const market: MarketConfig = {
    ...input,
    minSize: input.minSize ?? (1 as Lots),
    maxPriceTicks: input.maxPriceTicks ?? DEFAULT_MAX_PRICE_TICKS,
  };
  const problem = marketProblem(market);
  if (problem !== null) throw new Error(`invalid market ${String(input.id)}: ${problem}`);
  return market;
}

function marketProblem(m: MarketConfig): string | null {
  if (!Number.isSafeInteger(m.id) || m.id < 0) return "id must be a non-negative safe integer";
  if (typeof m.lotSize !== "bigint" || m.lotSize <= 0n) return "lotSize must be a positive bigint";
  if (typeof m.tickSize !== "bigint" || m.tickSize <= 0n) return "tickSize must be a positive bigint";
  if (!Number.isSafeInteger(m.minSize) || m.minSize < 1) return "minSize must be a positive integer";
  for (const fee of [m.makerFeeBps, m.takerFeeBps]) {
    if (!Number.isInteger(fee) || fee < 0 || fee > MAX_FEE_BPS) return "fee rates must be integers in 0…10000";
  }
  if (m.mode !== "continuous" && m.mode !== "auction") return "mode must be continuous or auction";
  if (!Number.isInteger(m.maxPriceTicks) || m.maxPriceTicks < 1 || m.maxPriceTicks > MAX_PRICE_TICKS_LIMIT) {
    return `maxPriceTicks must be an integer in 1…${MAX_PRICE_TICKS_LIMIT}`;
  }
  return null;
}
