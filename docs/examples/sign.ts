// Signed bodies for the curl examples of docs/api.md, kept runnable against `npm start`: prints one JSON body on
// standard output, to pipe into `curl … -d @-`. The signer is a test account `npm start` funds (#3 is "A", #4 "B"),
// the EIP-712 domain and the WETH-USDC market come from GET /v1/info (RELAYER_URL, default http://127.0.0.1:8080).
// Fixed nonces keep the hashes the same on every fresh `npm start`, so the docs can quote them.
//   npx tsx docs/examples/sign.ts order <account#> <buy|sell> <lots> <priceTicks> <nonce>   POST /v1/orders
//   npx tsx docs/examples/sign.ts cancel <account#> <orderHash>                              DELETE /v1/orders/:hash
//   npx tsx docs/examples/sign.ts cancel-all <account#>                                      POST /v1/orders/cancel-all (WETH-USDC)
//   npx tsx docs/examples/sign.ts withdrawal <account#> <USDC|WETH> <amount in units> <nonce> POST /v1/withdrawals
import type { Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { RelayerClient } from "../../relayer/client/index.js";

const [command, index, ...args] = process.argv.slice(2);
const url = process.env.RELAYER_URL ?? "http://127.0.0.1:8080";
// The standard test mnemonic: never hold real funds with it.
const account = mnemonicToAccount("test test test test test test test test test test test junk", {
  addressIndex: Number(index),
});
const client = await RelayerClient.connect(url, account);
const market = client.market("WETH-USDC");

let body: unknown;
if (command === "order") {
  const [side, lots, priceTicks, nonce] = args;
  body = await client.signer.signOrder(
    client.order(market.id, {
      side: side as "buy" | "sell",
      lots: BigInt(lots!),
      priceTicks: BigInt(priceTicks!),
      nonce: BigInt(nonce!),
    }),
  );
} else if (command === "cancel") {
  body = await client.signer.signCancel(args[0] as Hex);
} else if (command === "cancel-all") {
  body = await client.signer.signCancelAll(market);
} else if (command === "withdrawal") {
  const [symbol, amount, nonce] = args;
  const token = [market.base, market.quote].find((t) => t.symbol === symbol)!.address;
  body = await client.signer.signWithdrawal({
    token,
    amount: BigInt(amount!),
    recipient: account.address,
    nonce: BigInt(nonce!),
    expiry: 0n,
  });
} else {
  console.error(
    "usage: npx tsx docs/examples/sign.ts order|cancel|cancel-all|withdrawal <account#> … (see the file's head)",
  );
  process.exit(1);
}
console.log(JSON.stringify(body));
client.close();
