// The signing example of docs/protocol.md, kept runnable: npx tsx docs/examples/sign-order.ts
import { privateKeyToAccount } from "viem/accounts";
import { exchangeDomain, hashOrder, orderTypedData, Side, type Order } from "../../protocol/index.js";

// Hardhat's first test key; use your own wallet in real life.
const account = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
// The domain as GET /v1/info gives it; these are `npm start`'s addresses on the local chain.
const domain = exchangeDomain(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
const order: Order = {
  maker: account.address,
  baseToken: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", // WETH, 18 decimals
  quoteToken: "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0", // USDC, 6 decimals
  side: Side.BUY,
  baseAmount: 10n ** 18n, //          1 WETH
  quoteAmount: 3000n * 10n ** 6n, //  for at most 3,000 USDC
  triggerQuoteAmount: 0n,
  nonce: 1n,
  expiry: 0n,
  maxFeeBps: 30,
  timeInForce: 0,
  flags: 0,
  selfTradePrevention: 0,
};
const signature = await account.signTypedData(orderTypedData(domain, order));
console.log({ orderHash: hashOrder(domain, order), signature });
