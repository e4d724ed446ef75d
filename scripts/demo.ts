// npm run demo: the whole loop from a terminal, against a running `npm start`. Two of the test accounts npm start
// funded (#3 and #4 of the standard mnemonic) sign crossing orders on WETH-USDC; the relayer matches them and the
// fill shows in the POST answer and the book. On-chain settlement is a later step: the demo stops at the fill.
// Env: RELAYER_URL (http://127.0.0.1:8080), RPC_URL (http://127.0.0.1:8545, for the on-chain balances only).
import { createPublicClient, formatUnits, http, parseAbi, type Address } from "viem";
import { mnemonicToAccount, type HDAccount } from "viem/accounts";
import { orderTypedData, type ExchangeDomain, type Order } from "../engine/protocol/index.js";
import type { InfoView } from "../relayer/orders/info.js";
import { toWireSignedOrder } from "../relayer/orders/index.js";

const relayerUrl = (process.env.RELAYER_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
const rpcUrl = process.env.RPC_URL ?? "http://127.0.0.1:8545";
const MNEMONIC = "test test test test test test test test test test test junk";
const step = (message: string) => console.log(`… ${message}`);

async function api(path: string, init?: RequestInit): Promise<{ status: number; json: any }> {
  const res = await fetch(`${relayerUrl}${path}`, init);
  return { status: res.status, json: await res.json() };
}

step(`reading ${relayerUrl}/v1/info`);
const info = (await api("/v1/info").catch((error) => {
  console.error(`no relayer at ${relayerUrl} (${(error as Error).message}): start one with \`npm start\` first`);
  process.exit(1);
})).json as InfoView;
const market = info.markets.find((m) => m.id === "WETH-USDC" && m.mode === "continuous") ?? info.markets.find((m) => m.mode === "continuous");
if (market === undefined) throw new Error("the relayer lists no continuous market");
const domain = info.eip712.domain as ExchangeDomain;
const { base, quote } = market;
console.log(`  chain ${info.chainId}, exchange ${info.exchange}, market ${market.id} (lot ${formatUnits(BigInt(market.lotSize), base.decimals)} ${base.symbol})`);

const alice = mnemonicToAccount(MNEMONIC, { addressIndex: 3 });
const bob = mnemonicToAccount(MNEMONIC, { addressIndex: 4 });
console.log(`  A (seller) ${alice.address}  test account #3\n  B (buyer)  ${bob.address}  test account #4`);

// The relayer has no balance endpoint yet: show what the exchange contract holds for each account (the deposits
// npm start made, which the deposit watcher credited into the relayer's ledger).
step(`deposits in the exchange (on-chain, ${rpcUrl})`);
try {
  const client = createPublicClient({ transport: http(rpcUrl) });
  const abi = parseAbi(["function balanceOf(address account, address token) view returns (uint256)"]);
  for (const [name, account] of [["A", alice], ["B", bob]] as const) {
    const amounts = await Promise.all(
      [base, quote].map(async (t) => `${formatUnits(await client.readContract({ address: info.exchange, abi, functionName: "balanceOf", args: [account.address, t.address] }), t.decimals)} ${t.symbol}`),
    );
    console.log(`  ${name}: ${amounts.join(", ")}`);
  }
} catch (error) {
  console.log(`  (skipped: cannot read the chain at ${rpcUrl}: ${(error as Error).message.split("\n")[0]})`);
}

async function showBook(when: string): Promise<void> {
  const { json } = await api(`/v1/markets/${market!.id}/book?depth=5`);
  const line = (l: any) => `${l.lots} lots (${formatUnits(BigInt(l.baseAmount), base.decimals)} ${base.symbol}) @ ${l.priceTicks} ticks`;
  console.log(`  book ${when} (seq ${json.seq}): bids [${json.bids.map(line).join("; ")}]  asks [${json.asks.map(line).join("; ")}]`);
}

// 1 WETH at 3,000 USDC: size in lots, price in ticks (quoteAmount = lots × ticks × tickSize).
const lotSize = BigInt(market.lotSize);
const tickSize = BigInt(market.tickSize);
const lots = 10n ** BigInt(base.decimals) / lotSize;
const priceTicks = (3_000n * 10n ** BigInt(quote.decimals) * lotSize) / (tickSize * 10n ** BigInt(base.decimals));
const nonce = BigInt(Date.now()); // a fresh order each run: the relayer refuses an order hash it knows
const orderOf = (maker: HDAccount, side: 0 | 1): Order => ({
  maker: maker.address.toLowerCase() as Address,
  baseToken: base.address,
  quoteToken: quote.address,
  side,
  baseAmount: lots * lotSize,
  quoteAmount: lots * priceTicks * tickSize,
  triggerQuoteAmount: 0n,
  nonce,
  expiry: 0n,
  maxFeeBps: Math.max(market.makerFeeBps, market.takerFeeBps),
  timeInForce: 0,
  flags: 0,
  selfTradePrevention: 0,
});
const describe = (o: Order) =>
  `${o.side === 1 ? "sell" : "buy"} ${formatUnits(o.baseAmount, base.decimals)} ${base.symbol} for ${formatUnits(o.quoteAmount, quote.decimals)} ${quote.symbol}`;

async function place(name: string, signer: HDAccount, order: Order): Promise<any> {
  step(`${name} signs (EIP-712) and posts: ${describe(order)}`);
  const signature = await signer.signTypedData(orderTypedData(domain, order));
  const { status, json } = await api("/v1/orders", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(toWireSignedOrder({ order, signature })),
  });
  if (status !== 201) throw new Error(`POST /v1/orders answered ${status}: ${JSON.stringify(json)}`);
  console.log(`  ${status} ${json.status}: order ${json.orderHash.slice(0, 10)}…, seq ${json.seq}, filled ${formatUnits(BigInt(json.filled), base.decimals)} ${base.symbol}`);
  return json;
}

await showBook("before");
await place("A", alice, orderOf(alice, 1));
await showBook("with A's sell");
const taken = await place("B", bob, orderOf(bob, 0));
if (taken.fills.length === 0) throw new Error("B's buy did not cross A's sell: no fill");
for (const f of taken.fills) {
  console.log(
    `  FILL ${formatUnits(BigInt(f.baseAmount), base.decimals)} ${base.symbol} for ${formatUnits(BigInt(f.quoteAmount), quote.decimals)} ${quote.symbol}` +
      ` (maker ${String(f.makerOrderHash).slice(0, 10)}… A, taker ${String(f.takerOrderHash).slice(0, 10)}… B)`,
  );
  console.log(`       ${JSON.stringify(f)}`);
}
await showBook("after");
console.log("\nDone: the trade is matched off-chain and recorded in the relayer's log. It is not settled on-chain yet —");
console.log("on-chain settlement comes with the settlement pipeline (a later step); the exchange balances above are unchanged.");
