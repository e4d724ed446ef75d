// The relayer's market registry: what an order's token pair means. Each market pairs the engine's definition
// (numeric id, lot, tick, minimum size, fees, mode: engine/market.ts, built with its own defineMarket so the same
// object feeds the engine) with what the API shows (a readable id like "WETH-USDC", token symbols and decimals).
// Built once from a plain config object (JSON-friendly: amounts as decimal strings), validated with zod; it does
// no I/O, so loading the config is the caller's business.
import { z } from "zod";
import {
  defineMarket,
  MAX_PRICE_TICKS_LIMIT,
  type Lots,
  type MarketConfig,
  type MarketId,
  type Ticks,
} from "../../engine/index.js";
import { MAX_FEE_BPS, UINT128_MAX } from "../../protocol/index.js";
import { ApiError } from "../errors/api-error.js";
import { RelayerError } from "../errors/relayer-error.js";
import { address, smallInt } from "../orders/wire-fields.js";
import type { MarketInfo, Token } from "../wire/markets.js";

export type { MarketInfo, Token };

export interface RelayerMarket {
  /** The API's name for the market, e.g. "WETH-USDC". */
  readonly id: string;
  readonly base: Token;
  readonly quote: Token;
  /** The engine's definition: numeric id, lotSize and tickSize (token units), minSize (lots), fees, mode. */
  readonly engine: MarketConfig;
  /**
   * An auction market whose batches settle only with a proof (AuctionSettlement): its orders must carry the
   * AUCTION_ONLY flag, so the operator cannot settle them without one (docs/fairness.md). Relayer-only: the engine
   * matches the same either way.
   */
  readonly proofs: boolean;
  /** Auction markets: how often the relayer closes a batch (relayer/auction/batch-clock.ts). */
  readonly batchIntervalMs: number;
}

const SYMBOL = /^[A-Za-z0-9.]{1,16}$/;

const tokenConfig = z.strictObject({
  symbol: z.string().regex(SYMBOL),
  address,
  decimals: smallInt(0, 255), // ERC-20 decimals() is a uint8
});

/** A positive token amount below 2^128: a bigint in code, a decimal string in JSON. */
const unitAmount = z
  .union([
    z.bigint(),
    z
      .string()
      .max(39)
      .regex(/^[1-9][0-9]*$/)
      .transform(BigInt),
  ])
  .refine((n) => n >= 1n && n <= UINT128_MAX, { error: "must be an integer in 1..2^128-1" });

const marketConfig = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9.]{1,16}-[A-Za-z0-9.]{1,16}$/),
  engineId: smallInt(0, Number.MAX_SAFE_INTEGER),
  base: tokenConfig,
  quote: tokenConfig,
  lotSize: unitAmount,
  tickSize: unitAmount,
  minSize: smallInt(1, Number.MAX_SAFE_INTEGER).default(1),
  makerFeeBps: smallInt(0, MAX_FEE_BPS),
  takerFeeBps: smallInt(0, MAX_FEE_BPS),
  mode: z.enum(["continuous", "auction"]),
  maxPriceTicks: smallInt(1, MAX_PRICE_TICKS_LIMIT).optional(),
  proofs: z.boolean().default(false),
  batchIntervalMs: smallInt(10, 3_600_000).default(1000),
});

// An order names its market only by its two tokens, so a pair may be listed once; ids must be unique too.
const registryConfig = z
  .strictObject({ markets: z.array(marketConfig).min(1).max(10_000) })
  .superRefine(({ markets }, ctx) => {
    const seen = { id: new Set<string>(), engineId: new Set<number>(), pair: new Set<string>() };
    markets.forEach((m, i) => {
      const pair = pairKey(m.base.address, m.quote.address);
      const checks: [keyof typeof seen, string | number, string][] = [
        ["id", m.id, "duplicate market id"],
        ["engineId", m.engineId, "duplicate engine id"],
        ["pair", pair, "token pair listed twice"],
      ];
      for (const [key, value, message] of checks) {
        const set = seen[key] as Set<string | number>;
        if (set.has(value))
          ctx.addIssue({ code: "custom", path: ["markets", i, key === "pair" ? "quote" : key], message });
        set.add(value);
      }
      if (m.base.address === m.quote.address)
        ctx.addIssue({ code: "custom", path: ["markets", i, "quote"], message: "base and quote are the same token" });
      if (m.proofs && m.mode !== "auction")
        ctx.addIssue({ code: "custom", path: ["markets", i, "proofs"], message: 'proofs need mode "auction"' });
    });
  });

/** What the config file holds: amounts as decimal strings (or bigints), addresses in any case. */
export type MarketRegistryConfig = z.input<typeof registryConfig>;

/** The operator's market config is wrong: the relayer must not start. */
export class InvalidMarketConfigError extends RelayerError<"INVALID_MARKET_CONFIG"> {
  override readonly name = "InvalidMarketConfigError";
  constructor(message: string) {
    super("INVALID_MARKET_CONFIG", message);
  }
}

function pairKey(base: string, quote: string): string {
  return `${base.toLowerCase()}/${quote.toLowerCase()}`;
}

export class MarketRegistry {
  readonly #byId = new Map<string, RelayerMarket>();
  readonly #byEngineId = new Map<number, RelayerMarket>();
  readonly #byPair = new Map<string, RelayerMarket>();
  readonly #list: readonly RelayerMarket[];

  private constructor(markets: RelayerMarket[]) {
    this.#list = markets;
    for (const m of markets) {
      this.#byId.set(m.id, m);
      this.#byEngineId.set(m.engine.id, m);
      this.#byPair.set(pairKey(m.base.address, m.quote.address), m);
    }
  }

  /** Validates a plain config object; throws InvalidMarketConfigError saying which entry and field is wrong. */
  static fromConfig(config: unknown): MarketRegistry {
    const parsed = registryConfig.safeParse(config);
    if (!parsed.success) throw new InvalidMarketConfigError(`invalid market config: ${z.prettifyError(parsed.error)}`);
    return new MarketRegistry(
      parsed.data.markets.map((m) => ({
        id: m.id,
        base: m.base,
        quote: m.quote,
        engine: defineMarket({
          id: m.engineId as MarketId,
          baseToken: m.base.address,
          quoteToken: m.quote.address,
          lotSize: m.lotSize,
          tickSize: m.tickSize,
          minSize: m.minSize as Lots,
          makerFeeBps: m.makerFeeBps,
          takerFeeBps: m.takerFeeBps,
          mode: m.mode,
          maxPriceTicks: m.maxPriceTicks as Ticks | undefined,
        }),
        proofs: m.proofs,
        batchIntervalMs: m.batchIntervalMs,
      })),
    );
  }

  byId(id: string): RelayerMarket | undefined {
    return this.#byId.get(id);
  }

  byEngineId(id: number): RelayerMarket | undefined {
    return this.#byEngineId.get(id);
  }

  /** The market where `base` is the base token and `quote` the quote token (the reverse pair is another market). */
  byPair(base: string, quote: string): RelayerMarket | undefined {
    return this.#byPair.get(pairKey(base, quote));
  }

  /** The market of an order's token pair, or ApiError 422 UNKNOWN_MARKET. */
  forOrder(order: { baseToken: string; quoteToken: string }): RelayerMarket {
    const market = this.byPair(order.baseToken, order.quoteToken);
    if (market === undefined) throw new ApiError("UNKNOWN_MARKET", "No market is listed for this token pair.");
    return market;
  }

  list(): readonly RelayerMarket[] {
    return this.#list;
  }

  /** The engine's market definitions, in config order (the engine's cancel-all order). */
  engineMarkets(): MarketConfig[] {
    return this.#list.map((m) => m.engine);
  }

  /** The markets as GET /v1/info shows them: JSON-safe, bigints as decimal strings. */
  infoView(): MarketInfo[] {
    return this.#list.map(marketInfo);
  }
}

function marketInfo(m: RelayerMarket): MarketInfo {
  const e = m.engine;
  return {
    id: m.id,
    engineId: e.id,
    base: { ...m.base },
    quote: { ...m.quote },
    lotSize: e.lotSize.toString(),
    tickSize: e.tickSize.toString(),
    minSize: e.minSize,
    minBaseAmount: (BigInt(e.minSize) * e.lotSize).toString(),
    maxPriceTicks: e.maxPriceTicks,
    makerFeeBps: e.makerFeeBps,
    takerFeeBps: e.takerFeeBps,
    mode: e.mode,
    proofs: m.proofs,
  };
}
