// The relayer benchmark's orders, signed before timing starts: random limit orders around one price (about half
// cross, so the engine and ledger settle fills too), and for the fan-out path bids at distinct prices that never fill.
import { domainSeparator, exchangeDomain, orderDigest, type Order } from "../../protocol/index.js";
import { toWireSignedOrder } from "../../relayer/orders/index.js";
import { BENCH_CHAIN_ID, BENCH_EXCHANGE, BENCH_LOT, BENCH_TICK, BENCH_TOKENS } from "./relayer-market.js";
import { signDigest, type BenchAccount } from "./signing.js";
import { seededRandom } from "../../test/support/seeded-random.js";

const separator = domainSeparator(exchangeDomain(BENCH_CHAIN_ID, BENCH_EXCHANGE));

/** One signed limit order's JSON body (Decrement self-trade mode: a maker's own crossing orders reduce each other). */
export function signedBody(account: BenchAccount, side: 0 | 1, lots: bigint, price: bigint, nonce: bigint): string {
  const order: Order = {
    maker: account.address,
    baseToken: BENCH_TOKENS.base,
    quoteToken: BENCH_TOKENS.quote,
    side,
    baseAmount: lots * BENCH_LOT,
    quoteAmount: lots * price * BENCH_TICK,
    triggerQuoteAmount: 0n,
    nonce,
    expiry: 0n,
    maxFeeBps: 30,
    timeInForce: 0,
    flags: 0,
    selfTradePrevention: 3,
  };
  return JSON.stringify(toWireSignedOrder({ order, signature: signDigest(account, orderDigest(separator, order)) }));
}

/** JSON bodies of signed orders: random side, 1–20 lots, 2,950–3,050 ticks, unique nonces. */
export function signedBodies(accounts: BenchAccount[], count: number, nonceBase: number): string[] {
  const next = seededRandom(nonceBase + 11);
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const lots = BigInt(1 + Math.floor(next() * 20));
    const price = BigInt(2_950 + Math.floor(next() * 101));
    const side = next() < 0.5 ? 0 : 1;
    bodies.push(signedBody(accounts[i % accounts.length], side, lots, price, BigInt(nonceBase + i)));
  }
  return bodies;
}

/** Bids at distinct prices 1, 2, 3, … ticks, on a relayer of their own (nothing to cross). */
export function fanoutBodies(accounts: BenchAccount[], count: number): { bodies: string[]; prices: number[] } {
  const prices = Array.from({ length: count }, (_, i) => 1 + i);
  const bodies = prices.map((price, i) =>
    signedBody(accounts[i % accounts.length], 0, 1n, BigInt(price), BigInt(5_000_000 + i)),
  );
  return { bodies, prices };
}
