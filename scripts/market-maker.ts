// npm run market-maker: a small market maker on the SDK (relayer/client), against a running `npm start`.
// It logs in on the socket with cancel-on-disconnect (so its quotes vanish if it dies), then every REFRESH_MS
// cancels its quotes and places LEVELS bids and LEVELS asks around a reference price, SPREAD_TICKS apart, in one
// socket batch. The reference is the book's mid when both sides have orders of others, else REFERENCE_TICKS.
// Env: RELAYER_URL (http://127.0.0.1:8080), MARKET (first continuous market), ACCOUNT_INDEX (5: a test account
// `npm start` funded), REFERENCE_TICKS (3000), LEVELS (3), SPREAD_TICKS (5), LOTS (minimum size × 2),
// REFRESH_MS (5000), ROUNDS (0 = until Ctrl-C).
import { mnemonicToAccount } from "viem/accounts";
import { RelayerClient } from "../relayer/client/index.js";

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const int = (name: string, fallback: number) => {
  const value = Number(env(name, String(fallback)));
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
};

const url = env("RELAYER_URL", "http://127.0.0.1:8080");
const account = mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: int("ACCOUNT_INDEX", 5) });
const client = await RelayerClient.connect(url, account).catch((error) => {
  console.error(`no relayer at ${url} (${(error as Error).message}): start one with \`npm start\` first`);
  process.exit(1);
});
const market = client.info.markets.find((m) => m.id === process.env.MARKET) ?? client.info.markets.find((m) => m.mode === "continuous")!;
const levels = int("LEVELS", 3);
const spread = BigInt(int("SPREAD_TICKS", 5));
const lots = BigInt(int("LOTS", market.minSize * 2));
const refreshMs = int("REFRESH_MS", 5_000);
const rounds = int("ROUNDS", 0);

const session = await client.login();
await session.setOptions({ cancelOnDisconnect: true, heartbeatMs: 10_000 });
const book = await client.subscribeBook(market.id);
const mine = new Set<string>();
session.on("fill", (f) => console.log(`  fill: ${f.role} ${f.side} ${f.lots} lots @ ${f.priceTicks} ticks (fee ${f.fee})`));
console.log(`market maker ${account.address} on ${market.id} at ${url}: ${levels} levels a side, ${lots} lots each, every ${refreshMs} ms`);

/** The mid of other makers' best prices, in ticks, or the configured reference. */
function reference(): bigint {
  const { bids, asks } = book.book(levels + 1);
  const bid = bids.find((l) => !mine.has(`bid:${l.priceTicks}`));
  const ask = asks.find((l) => !mine.has(`ask:${l.priceTicks}`));
  if (bid !== undefined && ask !== undefined && bid.priceTicks < ask.priceTicks) return BigInt(Math.floor((bid.priceTicks + ask.priceTicks) / 2));
  return BigInt(int("REFERENCE_TICKS", 3_000));
}

async function requote(round: number): Promise<void> {
  await session.cancelAll(market.id);
  mine.clear();
  const mid = reference();
  const orders = [];
  for (let i = 1n; i <= BigInt(levels); i++) {
    for (const [side, priceTicks] of [["buy", mid - i * spread], ["sell", mid + i * spread]] as const) {
      if (priceTicks <= 0n) continue;
      orders.push(await client.signer.signOrder(client.order(market.id, { side, lots, priceTicks, postOnly: true })));
      mine.add(`${side === "buy" ? "bid" : "ask"}:${priceTicks}`);
    }
  }
  const results = await session.placeBatch(orders);
  const refused = results.filter((r) => "error" in r);
  console.log(`round ${round}: mid ${mid} ticks, ${results.length - refused.length} quotes placed${refused.length ? `, ${refused.length} refused (${JSON.stringify((refused[0] as { error: unknown }).error)})` : ""}`);
}

let stopping = false;
const stop = () => {
  stopping = true;
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (let round = 1; !stopping && (rounds === 0 || round <= rounds); round++) {
  await requote(round);
  if (rounds !== 0 && round === rounds) break;
  await new Promise((resolve) => setTimeout(resolve, refreshMs));
}
const { cancelled } = await session.cancelAll(market.id);
console.log(`stopped: ${cancelled.length} quotes cancelled`);
session.close();
client.close();
