// npm run demo: the whole loop from a terminal, against a running `npm start`, on the SDK (relayer/client). Two of
// the test accounts npm start funded (#3 and #4 of the standard mnemonic) sign crossing orders on WETH-USDC; the
// relayer matches them, the buyer's private socket session reports the fill and then its settlement (submitted →
// included → final) with the transaction hash, and the exchange's on-chain balances show the trade. Another account's
// order may fill B first (a market maker's cheaper ask): each fill names its real maker, and whatever of A's sell or
// B's buy is still open at the end is cancelled, so the demo leaves nothing on the book. Then, on the relayer's batch
// auction with proofs, a proved batch end to end (scripts/demo/auction.ts).
// Env: RELAYER_URL (http://127.0.0.1:8080), CHAIN_RPC_URL (http://127.0.0.1:8545, for the on-chain balances): the
// Relayer and RPC URL `npm start` prints. Not RPC_URL: exported in the shell, it would switch `npm start` itself to
// a real chain (docs/operations.md).
import { createPublicClient, formatUnits, http, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { priceToTicks, RelayerClient } from "../relayer/client/index.js";
import { runAuctionDemo } from "./demo/auction.js";
import type { SettlementNotice } from "../relayer/wire/private-messages.js";
import { exchangeBalances } from "./demo/balances.js";

const relayerUrl = process.env.RELAYER_URL ?? "http://127.0.0.1:8080";
const rpcUrl = process.env.CHAIN_RPC_URL ?? "http://127.0.0.1:8545";
const MNEMONIC = "test test test test test test test test test test test junk";
const SETTLEMENT_TIMEOUT_MS = 60_000;
const step = (message: string) => console.log(`… ${message}`);

if (process.env.RPC_URL !== undefined && process.env.CHAIN_RPC_URL === undefined) {
  console.log(
    `  (RPC_URL is not read here: the demo reads the chain from CHAIN_RPC_URL, now ${rpcUrl}; RPC_URL switches \`npm start\` to a real chain)`,
  );
}

const alice = mnemonicToAccount(MNEMONIC, { addressIndex: 3 });
const bob = mnemonicToAccount(MNEMONIC, { addressIndex: 4 });

step(`reading ${relayerUrl}/v1/info`);
const [a, b] = await Promise.all([
  RelayerClient.connect(relayerUrl, alice),
  RelayerClient.connect(relayerUrl, bob),
]).catch((error) => {
  console.error(
    `no relayer at ${relayerUrl} (${(error as Error).message}): start one with \`npm start\` first, or set RELAYER_URL to the Relayer URL it printed`,
  );
  process.exit(1);
});
const info = a.info;
const market =
  info.markets.find((m) => m.id === "WETH-USDC" && m.mode === "continuous") ??
  info.markets.find((m) => m.mode === "continuous");
if (market === undefined) throw new Error("the relayer lists no continuous market");
const { base, quote } = market;
console.log(
  `  chain ${info.chainId}, exchange ${info.exchange}, market ${market.id} (lot ${formatUnits(BigInt(market.lotSize), base.decimals)} ${base.symbol})`,
);
console.log(`  A (seller) ${alice.address}  test account #3\n  B (buyer)  ${bob.address}  test account #4`);

const chain = createPublicClient({ transport: http(rpcUrl) });
async function showChainBalances(when: string): Promise<void> {
  step(`balances in the exchange contract ${when} (on-chain, ${rpcUrl})`);
  try {
    for (const [name, account] of [
      ["A", alice],
      ["B", bob],
    ] as const) {
      console.log(`  ${name}: ${await exchangeBalances(chain, info.exchange, account.address, [base, quote])}`);
    }
  } catch (error) {
    console.log(`  (skipped: cannot read the chain at ${rpcUrl}: ${(error as Error).message.split("\n")[0]})`);
  }
}

async function showBook(when: string): Promise<void> {
  const book = await a.rest.book(market!.id, 5);
  const line = (l: { lots: number; baseAmount: string; priceTicks: number }) =>
    `${l.lots} lots (${formatUnits(BigInt(l.baseAmount), base.decimals)} ${base.symbol}) @ ${l.priceTicks} ticks`;
  console.log(
    `  book ${when} (seq ${book.seq}): bids [${book.bids.map(line).join("; ")}]  asks [${book.asks.map(line).join("; ")}]`,
  );
}

await showChainBalances("before");

step("B logs in on the socket (signs the relayer's challenge) to follow its orders, fills and settlements");
const session = await b.login();
const settlements: SettlementNotice[] = [];
session.on("settlement", (notice) => {
  settlements.push(notice);
  console.log(`  settlement ${notice.state}: fills [${notice.fillIds.join(", ")}], transaction ${notice.txHash}`);
});

// 1 WETH at 3,000 USDC, in lots and ticks (quoteAmount = lots × ticks × tickSize).
const lots = 10n ** BigInt(base.decimals) / BigInt(market.lotSize);
const priceTicks = priceToTicks(market, "3000");

await showBook("before");
step(`A signs (EIP-712) and posts: sell 1 ${base.symbol} for 3000 ${quote.symbol}`);
const sell = await a.place(market.id, { side: "sell", lots, priceTicks });
console.log(`  201 ${sell.status}: order ${sell.orderHash.slice(0, 10)}…, seq ${sell.seq}`);
await showBook("with A's sell");
step(`B signs and posts: buy 1 ${base.symbol} for 3000 ${quote.symbol}`);
const buy = await b.place(market.id, { side: "buy", lots, priceTicks });
console.log(`  201 ${buy.status}: order ${buy.orderHash.slice(0, 10)}…, seq ${buy.seq}`);
if (buy.fills.length === 0) throw new Error("B's buy did not cross A's sell: no fill");
for (const f of buy.fills) {
  const makerHash = String(f.makerOrderHash) as Hex;
  // The best ask fills first: A's sell, or another account's cheaper one (a market maker's, say).
  const maker = makerHash === sell.orderHash ? "A" : `${(await a.rest.getOrder(makerHash)).order.maker}, not A`;
  console.log(
    `  FILL ${formatUnits(BigInt(f.baseAmount), base.decimals)} ${base.symbol} for ${formatUnits(BigInt(f.quoteAmount), quote.decimals)} ${quote.symbol}` +
      ` (maker ${makerHash.slice(0, 10)}… ${maker}, taker ${String(f.takerOrderHash).slice(0, 10)}… B)`,
  );
}
await showBook("after");

step("waiting for the settler to put the fill on-chain and for its confirmations");
const deadline = Date.now() + SETTLEMENT_TIMEOUT_MS;
while (!settlements.some((s) => s.state === "final") && Date.now() < deadline)
  await new Promise((r) => setTimeout(r, 100));
const final = settlements.find((s) => s.state === "final");
if (final === undefined) {
  console.error(`no final settlement within ${SETTLEMENT_TIMEOUT_MS / 1000} s (is the relayer's settler running?)`);
  process.exit(1);
}
console.log(`  SETTLED in transaction ${final.txHash}`);
await showChainBalances("after");

// Whatever of either order the other's did not fill (another account's order took part) leaves the book with the demo.
for (const [name, client, hash] of [
  ["A's sell", a, sell.orderHash],
  ["B's buy", b, buy.orderHash],
] as const) {
  const order = await client.rest.getOrder(hash);
  if (order.status !== "open" && order.status !== "partially-filled") continue;
  await client.cancel(hash);
  console.log(
    `  ${name}: ${formatUnits(BigInt(order.remaining), base.decimals)} ${base.symbol} was left open (another account's order filled the other side): cancelled`,
  );
}

session.close();
a.close();
b.close();
console.log("\nDone: matched off-chain, settled on-chain by the operator, final after the configured confirmations.");

await runAuctionDemo({ relayerUrl, rpcUrl });
