/**
 * Seeded random command streams for the property tests: a small price range,
 * few owners (so self-trades happen), every order kind, time in force and
 * self-trade mode, cancels of live and unknown ids, expiries and stops.
 */
import fc from "fast-check";
import {
  defineMarket,
  marketId,
  OrderKind,
  type Command,
  type MarketConfig,
  type MarketId,
  type PlaceCommand,
} from "../../engine/index.js";

export const CONTINUOUS = marketId(1);
export const AUCTION = marketId(2);

export function streamMarkets(): MarketConfig[] {
  const common = {
    baseToken: "0x00000000000000000000000000000000000000b1",
    quoteToken: "0x00000000000000000000000000000000000000a1",
    lotSize: 1000n,
    tickSize: 7n,
    makerFeeBps: 5,
    takerFeeBps: 15,
    maxPriceTicks: 200 as never,
  };
  return [
    defineMarket({ ...common, id: CONTINUOUS, mode: "continuous", minSize: 1 as never }),
    defineMarket({ ...common, id: AUCTION, mode: "auction", minSize: 2 as never }),
  ];
}

/** A random order, before it is numbered: turned into a place command by placeCommand. */
export interface PlaceStep {
  op: "place";
  market: number;
  side: number;
  kind: number;
  price: number;
  size: number;
  tif: number;
  ttl: number;
  postOnly: boolean;
  stopOffset: number;
  stp: number;
  owner: number;
  maxFeeBps: number;
  /** Whether to reuse a used id (every 7th command), as the relayer does once an order is gone. */
  reuse: boolean;
}

/** What a stream's orders range over; the defaults are the engine's property tests' own. */
export interface PlaceRanges {
  prices: [min: number, max: number];
  tifs: readonly number[];
  ttls: readonly number[];
  owners: [min: number, max: number];
  maxFeeBps: readonly number[];
}

const ENGINE_RANGES: PlaceRanges = {
  prices: [95, 105],
  tifs: [0, 0, 1, 2, 3],
  ttls: [0, 0, 0, 3, 10, 40],
  owners: [1, 4],
  maxFeeBps: [30, 30, 30, 30, 30, 30, 30, 10, 5],
};

/** Random orders of every kind, time in force and self-trade mode on both markets, mostly continuous. */
export function placeStep(ranges: Partial<PlaceRanges> = {}): fc.Arbitrary<PlaceStep> {
  const r = { ...ENGINE_RANGES, ...ranges };
  return fc.record({
    op: fc.constant("place" as const),
    market: fc.constantFrom(1, 1, 1, 2),
    side: fc.constantFrom(0, 1),
    kind: fc.constantFrom(0, 0, 0, 0, 1, 2, 3),
    price: fc.integer({ min: r.prices[0], max: r.prices[1] }),
    size: fc.integer({ min: 1, max: 12 }),
    tif: fc.constantFrom(...r.tifs),
    ttl: fc.constantFrom(...r.ttls),
    postOnly: fc.boolean(),
    stopOffset: fc.integer({ min: -5, max: 5 }),
    stp: fc.integer({ min: 0, max: 3 }),
    owner: fc.integer({ min: r.owners[0], max: r.owners[1] }),
    maxFeeBps: fc.constantFrom(...r.maxFeeBps),
    reuse: fc.boolean(),
  });
}

/**
 * The place command of `s` as order `id` at `seq` and `time`: market orders are immediate (IOC unless FOK) at the
 * far end of the price range, stops trigger around 100, a TTL sets the expiry (at least 1 for GTD), every 4th
 * command may be post-only.
 */
export function placeCommand(s: PlaceStep, seq: number, time: number, id: number): PlaceCommand {
  const isStop = s.kind === OrderKind.StopLimit || s.kind === OrderKind.StopMarket;
  const isMarket = s.kind === OrderKind.Market || s.kind === OrderKind.StopMarket;
  let tif = s.tif;
  if (isMarket && tif !== 1 && tif !== 2) tif = 1;
  const expiry = tif === 3 ? time + Math.max(1, s.ttl) : s.ttl === 0 ? 0 : time + s.ttl;
  return {
    type: "place",
    seq,
    time: time as never,
    market: s.market as MarketId,
    id: id as never,
    owner: s.owner as never,
    side: s.side as never,
    kind: s.kind as never,
    price: (isMarket ? (s.side === 0 ? 200 : 1) : s.price) as never,
    size: s.size as never,
    tif: tif as never,
    expiry: expiry as never,
    postOnly: s.postOnly && seq % 4 === 0,
    stopPrice: (isStop ? 100 + s.stopOffset : 0) as never,
    stp: s.stp as never,
    maxFeeBps: s.maxFeeBps,
  };
}

type Step =
  | PlaceStep
  | { op: "cancel"; market: number; pick: number; wrongOwner: boolean }
  | { op: "cancel-all"; owner: number; everywhere: boolean }
  | { op: "expire" }
  | { op: "close-batch" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: placeStep() },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("cancel" as const),
      market: fc.constantFrom(1, 1, 2),
      pick: fc.nat(),
      wrongOwner: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("cancel-all" as const),
      owner: fc.integer({ min: 1, max: 4 }),
      everywhere: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("expire" as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("close-batch" as const) }) },
);

/** Turns random steps into a well-numbered command stream with advancing time. */
export function toCommands(steps: Step[]): Command[] {
  const out: Command[] = [];
  const ids: number[] = [];
  let time = 1_000;
  let nextId = 1;
  steps.forEach((s, i) => {
    const seq = i + 1;
    time += i % 3 === 0 ? 1 : 0;
    const base = { seq, time: time as never };
    switch (s.op) {
      case "place": {
        const id = s.reuse && ids.length > 0 && seq % 7 === 0 ? ids[seq % ids.length] : nextId++;
        ids.push(id);
        out.push(placeCommand(s, seq, time, id));
        break;
      }
      case "cancel": {
        const id = ids.length === 0 ? 999_999 : ids[s.pick % ids.length];
        out.push({
          type: "cancel",
          ...base,
          market: s.market as MarketId,
          id: id as never,
          ...(s.wrongOwner ? { owner: 3 as never } : {}),
        });
        break;
      }
      case "cancel-all":
        out.push({
          type: "cancel-all",
          ...base,
          owner: s.owner as never,
          ...(s.everywhere ? {} : { market: CONTINUOUS }),
        });
        break;
      case "expire":
        time += 5;
        out.push({ type: "expire", seq, time: time as never });
        break;
      case "close-batch":
        out.push({ type: "close-batch", ...base, market: AUCTION });
        break;
    }
  });
  return out;
}

export const commandStream = (maxLength = 150): fc.Arbitrary<Command[]> =>
  fc.array(stepArb, { minLength: 1, maxLength, size: "max" }).map(toCommands);

/** Property-test settings: a fixed seed unless ENGINE_SEED says otherwise, so failures reproduce. */
export function propertySettings(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.ENGINE_SEED === undefined ? 20_260_101 : Number(process.env.ENGINE_SEED);
  return { seed, numRuns };
}
