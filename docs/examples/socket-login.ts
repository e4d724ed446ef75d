// The private socket.io session of docs/api.md, kept runnable against `npm start`:
//   npx tsx docs/examples/socket-login.ts            (RELAYER_URL to point elsewhere; default http://127.0.0.1:8080)
// Logs in by signing the relayer's challenge, turns cancel-on-disconnect on, places a buy well below the market,
// prints the private messages it brings, cancels it, and disconnects.
import { io } from "socket.io-client";
import { privateKeyToAccount } from "viem/accounts";
import { orderTypedData, Side, type Order } from "../../protocol/index.js";
import { priceToTicks } from "../../relayer/client/prices.js";
import { PrivateSession } from "../../relayer/client/private-session.js";
import { toWireSignedOrder } from "../../relayer/orders/index.js";
import type { InfoView } from "../../relayer/markets/index.js";

const url = process.env.RELAYER_URL ?? "http://127.0.0.1:8080";
// Hardhat's test key #3: `npm start` funds it. Use your own wallet in real life.
const account = privateKeyToAccount("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");

// Domain and market from the relayer: nothing hard-coded.
const info = (await (await fetch(`${url}/v1/info`)).json()) as InfoView;
const market = info.markets[0]!;

const socket = io(url, { transports: ["websocket"] });
await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("connect_error", reject));
const session = await PrivateSession.login(socket, account);
console.log("logged in as", session.address, "balances", session.balances);

session.on("order", (update) => console.log("order", update));
session.on("balance", (update) => console.log("balance", update));
session.on("fill", (fill) => console.log("fill", fill));
console.log("options", await session.setOptions({ cancelOnDisconnect: true, heartbeatMs: 5_000 }));

// minSize lots at 1,000 quote tokens per base token (USDC per WETH on npm start's market): below the asks around 3,000,
// so it rests on the book.
const lots = BigInt(market.minSize);
const priceTicks = priceToTicks(market, "1000");
const order: Order = {
  maker: account.address,
  baseToken: market.base.address,
  quoteToken: market.quote.address,
  side: Side.BUY,
  baseAmount: lots * BigInt(market.lotSize),
  quoteAmount: lots * priceTicks * BigInt(market.tickSize),
  triggerQuoteAmount: 0n,
  nonce: BigInt(Date.now()),
  expiry: 0n,
  maxFeeBps: Math.max(market.makerFeeBps, market.takerFeeBps),
  timeInForce: 0,
  flags: 0,
  selfTradePrevention: 0,
};
const signature = await account.signTypedData(orderTypedData(info.eip712.domain, order));
const placed = await session.place(toWireSignedOrder({ order, signature }));
console.log("placed", placed);
console.log("cancelled", await session.cancel(placed.orderHash));
session.close();
