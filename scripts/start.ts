// npm start: the exchange on an embedded default. Starts a local Hardhat chain with a JSON-RPC server,
// deploys the exchange and two demo tokens (WETH-like, 18 decimals; USDC-like, 6 decimals), deposits
// for the chain's well-known test accounts, prints what a newcomer needs, and runs until Ctrl-C.
// (The relayer, a later step, will start here too.)
import hre, { network } from "hardhat";
import { createPublicClient, createWalletClient, formatUnits, http, parseUnits, type Address } from "viem";
import { hardhat } from "viem/chains";
import { deployContract, deployExchange, type ContractArtifact } from "./deploy.js";

const host = process.env.RPC_HOST ?? "127.0.0.1";
const port = Number(process.env.RPC_PORT ?? 8545);
const step = (message: string) => console.log(`… ${message}`);

step("starting the local chain");
const server = await network.createServer("default", host, port);
const { address, port: boundPort } = await server.listen();
const rpcUrl = `http://${address}:${boundPort}`;

const client = createPublicClient({ chain: hardhat, transport: http(rpcUrl) });
const accounts = (await client.request({ method: "eth_accounts" } as never)) as Address[];
const [admin, operator, feeRecipient, ...traders] = accounts;
const walletOf = (account: Address) => createWalletClient({ chain: hardhat, transport: http(rpcUrl), account });
const deployer = walletOf(admin);
const artifact = async (name: string) => (await hre.artifacts.readArtifact(name)) as unknown as ContractArtifact;

step("deploying the exchange and the demo tokens");
const exchange = await deployExchange(deployer, client, await artifact("Exchange"), {
  admin,
  operator,
  feeRecipient,
  cancelDelay: 60n,
  exitDelay: 3600n,
});
const tokenArtifact = await artifact("TestToken");
const tokens = [
  { symbol: "WETH", decimals: 18, deposit: "100" },
  { symbol: "USDC", decimals: 6, deposit: "300000" },
];
const deployed: Record<string, Address> = {};
for (const t of tokens) {
  deployed[t.symbol] = await deployContract(deployer, client, tokenArtifact, [`Demo ${t.symbol}`, t.symbol, t.decimals]);
}

const funded = traders.slice(0, 7);
step(`depositing for ${funded.length} test accounts`);
const exchangeAbi = (await artifact("Exchange")).abi;
for (const t of tokens) {
  const amount = parseUnits(t.deposit, t.decimals);
  const token = deployed[t.symbol];
  const total = amount * BigInt(funded.length);
  const write = (functionName: string, args: unknown[], to: Address, abi = tokenArtifact.abi) =>
    deployer.writeContract({ address: to, abi, functionName, args } as never).then((hash) => client.waitForTransactionReceipt({ hash }));
  await write("mint", [admin, total], token);
  await write("approve", [exchange, total], token);
  for (const trader of funded) await write("depositTo", [token, amount, trader], exchange, exchangeAbi);
  // Each account also holds some tokens in its wallet, to try deposits itself.
  for (const trader of funded) await write("mint", [trader, amount], token);
}

const chainId = await client.getChainId();
console.log(`
Hybrid exchange — local development chain is up

  RPC URL       ${rpcUrl}   (chain id ${chainId})
  Exchange      ${exchange}
  WETH (18 dp)  ${deployed.WETH}
  USDC (6 dp)   ${deployed.USDC}
  Operator      ${operator}
  Fee recipient ${feeRecipient}
  Traders       ${funded[0]} … ${funded.length} accounts of the standard test mnemonic,
                each with ${tokens.map((t) => `${t.deposit} ${t.symbol}`).join(" and ")} deposited (and as much again in its wallet)

Try it:
  curl -s ${rpcUrl} -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"to":"${exchange}","data":"0x${"f7888aec" /* balanceOf(address,address) */}${funded[0].slice(2).padStart(64, "0")}${deployed.USDC.slice(2).padStart(64, "0")}"},"latest"]}'
  (the first trader's USDC balance in the exchange: ${formatUnits(parseUnits(tokens[1].deposit, 6), 6)} USDC = 0x${parseUnits(tokens[1].deposit, 6).toString(16)})

Ctrl-C stops the chain.`);

process.on("SIGINT", async () => {
  await server.close();
  process.exit(0);
});
await server.afterClosed();
