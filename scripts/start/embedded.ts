// npm start without RPC_URL: the exchange on an embedded default. Starts a local Hardhat chain with a JSON-RPC
// server, deploys the exchange and two demo tokens, deposits for the chain's well-known test accounts
// (scripts/start/local-chain.ts), starts the relayer with the WETH-USDC market (scripts/start/demo-market.ts) and a
// deposit watcher and the settler (operator: test account #1) on the local chain, waits until the deposits are credited, prints what a newcomer needs, and runs
// until Ctrl-C.
// Env: RPC_HOST, RPC_PORT (8545), RELAYER_PORT (8080), DATA_DIR (./data, wiped: each start is a fresh chain).
import { readdir, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { mnemonicToAccount } from "viem/accounts";
import { startRelayer } from "../../relayer/app.js";
import { demoMarkets } from "./demo-market.js";
import { DEMO_TOKENS, startLocalChain } from "./local-chain.js";

const step = (message: string) => console.log(`… ${message}`);
const rpcHost = process.env.RPC_HOST ?? "127.0.0.1";
const rpcPort = Number(process.env.RPC_PORT ?? 8545);
const relayerPort = Number(process.env.RELAYER_PORT ?? 8080);
const dataDir = resolve(process.env.DATA_DIR ?? "data");

// The chain is new on every start, so a relayer log from an earlier run would credit deposits it never saw.
let wiped = false;
if (process.env.DATA_DIR === undefined) {
  await rm(dataDir, { recursive: true, force: true });
  wiped = true;
} else if ((await readdir(dataDir).catch(() => [])).length > 0) {
  console.error(`DATA_DIR ${dataDir} is not empty: its state belongs to an earlier chain. Empty it or pick another directory.`);
  process.exit(1);
}

const chain = await startLocalChain({ host: rpcHost, port: rpcPort, step });

step(`starting the relayer (data in ${dataDir}${wiped ? ", wiped: a fresh chain each start" : ""})`);
const relayer = await startRelayer({
  port: relayerPort,
  dataDir,
  chainId: chain.chainId,
  exchange: chain.exchange,
  markets: demoMarkets(chain.tokens),
  feeRecipient: chain.feeRecipient,
  depositWatcher: {
    client: chain.client,
    confirmations: 1,
    fromBlock: chain.exchangeBlock,
    pollIntervalMs: 1_000,
    onError: (error) => console.error("deposit watcher:", error),
    onRefused: (record, rejection) => console.error("deposit watcher: the ledger refused", record, rejection),
  },
  // The operator is test account #1 of the standard mnemonic (local-chain.ts grants it OPERATOR_ROLE).
  settlement: {
    client: chain.client,
    account: mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: 1 }),
    confirmations: 1,
    onAlert: (alert) => console.error("settlement alert:", alert),
  },
});

step("crediting the deposits into the relayer's ledger (deposit watcher, 1 confirmation)");
const watcher = relayer.services.depositWatcher!;
// The watcher's own first poll may be under way: pollOnce runs after it. Past the last deposit's block, all are in.
for (;;) {
  const poll = await watcher.pollOnce();
  if (poll.cursor !== null && poll.cursor >= chain.lastDepositBlock) break;
}
const credited = chain.funded.length * DEMO_TOKENS.length;

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log("\n… stopping the relayer, the deposit watcher and the chain");
  await relayer.close();
  await chain.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

// The demo and the market maker look for the default URLs; on other ports they are told where to look, and the chain
// URL goes by CHAIN_RPC_URL because RPC_URL would switch npm start itself to a real chain.
const defaultUrls = relayer.url === "http://127.0.0.1:8080" && chain.rpcUrl === "http://127.0.0.1:8545";
const makerEnv = defaultUrls ? "" : `RELAYER_URL=${relayer.url} `;
const demoEnv = defaultUrls ? "" : `${makerEnv}CHAIN_RPC_URL=${chain.rpcUrl} `;
const deposits = DEMO_TOKENS.map((t) => `${t.deposit} ${t.symbol}`).join(" and ");
console.log(`
Hybrid exchange — local chain and relayer are up

  Relayer       ${relayer.url}   (data in ${dataDir})
  RPC URL       ${chain.rpcUrl}   (chain id ${chain.chainId})
  Exchange      ${chain.exchange}
  WETH (18 dp)  ${chain.tokens.WETH}
  USDC (6 dp)   ${chain.tokens.USDC}
  Market        WETH-USDC: lot 0.001 WETH, tick 0.01 USDC per WETH
  Operator      ${chain.operator}
  Fee recipient ${chain.feeRecipient}
  Traders       ${chain.funded[0]} … ${chain.funded.length} accounts (#3 on) of the standard test mnemonic,
                each with ${deposits} deposited (and as much again in its wallet)
  Ledger        ${credited} deposits credited from the chain by the deposit watcher

Try it:
  curl -s ${relayer.url}/v1/info
  curl -s ${relayer.url}/v1/markets/WETH-USDC/book
  ${demoEnv}npm run demo          (two accounts sign crossing orders; the trade settles on-chain)
  ${makerEnv}npm run market-maker  (quotes around the book's mid, or 3000 USDC per WETH on an empty book)

Ctrl-C stops the relayer, the deposit watcher and the chain.`);
