// npm run market-maker: a small market maker on the SDK (relayer/client), against a running `npm start`.
// It logs in on the socket with cancel-on-disconnect (so its quotes vanish if it dies), then every REFRESH_MS
// cancels its quotes, reads the book and places LEVELS bids and LEVELS asks around a reference price, SPREAD_TICKS
// apart, in one socket batch. The reference is the mid of the best bid and ask when the book has both (and they do
// not cross), else REFERENCE_PRICE. The book is read over REST after the cancel-all's answer: the relayer answers once
// the engine applied the cancels and the REST book reads the engine, so the book then holds other makers' orders only
// (the socket feed would still show the cancelled quotes for a moment, and the maker would follow itself).
// Env: RELAYER_URL (http://127.0.0.1:8080), MARKET (first continuous market), ACCOUNT_INDEX (5: a test account
// `npm start` funded), REFERENCE_PRICE (3000: quote tokens per base token, USDC per WETH), LEVELS (3),
// SPREAD_TICKS (5), LOTS (minimum size × 2), REFRESH_MS (5000), ROUNDS (0 = until Ctrl-C).
import { mnemonicToAccount } from "viem/accounts";
import { OrderBuildError, priceToTicks, RelayerClient, ticksToPrice } from "../relayer/client/index.js";

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const int = (name: string, fallback: number) => {
  const value = Number(env(name, String(fallback)));
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
};
const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

if (process.env.REFERENCE_TICKS !== undefined)
  fail(
    "REFERENCE_TICKS is no longer read: set REFERENCE_PRICE, in quote tokens per base token (e.g. 3000 USDC per WETH)",
  );
const url = env("RELAYER_URL", "http://127.0.0.1:8080");
const account = mnemonicToAccount("test test test test test test test test test test test junk", {
  addressIndex: int("ACCOUNT_INDEX", 5),
});
const client = await RelayerClient.connect(url, account).catch((error) =>
  fail(
    `no relayer at ${url} (${(error as Error).message}): start one with \`npm start\` first, or set RELAYER_URL to the Relayer URL it printed`,
  ),
);
const market =
  client.info.markets.find((m) => m.id === process.env.MARKET) ??
  client.info.markets.find((m) => m.mode === "continuous")!;
const unit = `${market.quote.symbol} per ${market.base.symbol}`;
const configured = env("REFERENCE_PRICE", "3000");
let configuredTicks = 0n;
try {
  configuredTicks = priceToTicks(market, configured);
} catch (error) {
  if (!(error instanceof OrderBuildError)) throw error;
  fail(`REFERENCE_PRICE: ${error.message}`);
}
const levels = int("LEVELS", 3);
const spread = BigInt(int("SPREAD_TICKS", 5));
const lots = BigInt(int("LOTS", market.minSize * 2));
const refreshMs = int("REFRESH_MS", 5_000);
const rounds = int("ROUNDS", 0);

const session = await client.login();
await session.setOptions({ cancelOnDisconnect: true, heartbeatMs: 10_000 });
session.on("fill", (f) =>
  console.log(
    `  fill: ${f.role} ${f.side} ${f.lots} lots @ ${ticksToPrice(market, BigInt(f.priceTicks))} ${unit} (fee ${f.fee})`,
  ),
);
console.log(
  `market maker ${account.address} on ${market.id} at ${url}: ${levels} levels a side, ${lots} lots each, every ${refreshMs} ms`,
);

/** The mid of the book's best bid and ask, in ticks, or the configured reference; call it with no quotes of ours on the book. */
async function reference(): Promise<{ ticks: bigint; from: string }> {
  const { bids, asks } = await client.rest.book(market.id, 1);
  const [bid, ask] = [bids[0], asks[0]];
  if (bid !== undefined && ask !== undefined && bid.priceTicks < ask.priceTicks) {
    return { ticks: (BigInt(bid.priceTicks) + BigInt(ask.priceTicks)) / 2n, from: "the book's mid" };
  }
  return { ticks: configuredTicks, from: "REFERENCE_PRICE" };
}

async function requote(round: number): Promise<void> {
  await session.cancelAll(market.id);
  const mid = await reference();
  const orders = [];
  const placed = { buy: [] as string[], sell: [] as string[] };
  for (let i = 1n; i <= BigInt(levels); i++) {
    for (const [side, priceTicks] of [
      ["buy", mid.ticks - i * spread],
      ["sell", mid.ticks + i * spread],
    ] as const) {
      if (priceTicks <= 0n || priceTicks > BigInt(market.maxPriceTicks)) continue;
      orders.push(await client.signer.signOrder(client.order(market.id, { side, lots, priceTicks, postOnly: true })));
      placed[side].push(ticksToPrice(market, priceTicks));
    }
  }
  const results = await session.placeBatch(orders);
  const refused = results.filter((r) => "error" in r);
  console.log(
    `round ${round}: reference ${ticksToPrice(market, mid.ticks)} ${unit} (${mid.from}), ${results.length - refused.length} quotes placed` +
      ` (bids ${placed.buy.join(", ")}; asks ${placed.sell.join(", ")})` +
      (refused.length
        ? `, ${refused.length} refused (${JSON.stringify((refused[0] as { error: unknown }).error)})`
        : ""),
  );
}

let stopping = false;
let wake = () => {};
const stop = () => {
  stopping = true;
  wake();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (let round = 1; !stopping && (rounds === 0 || round <= rounds); round++) {
  await requote(round);
  if (rounds !== 0 && round === rounds) break;
  await new Promise<void>((resolve) => {
    wake = resolve;
    setTimeout(resolve, refreshMs);
  });
}
const { cancelled } = await session.cancelAll(market.id);
console.log(`stopped: ${cancelled.length} quotes cancelled`);
session.close();
client.close();
