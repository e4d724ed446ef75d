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
import { createLogger, logLevelOf, logProcessFaults } from "../../relayer/log/index.js";
import { demoMarkets } from "./demo-market.js";
import { DEMO_TOKENS, startLocalChain } from "./local-chain.js";

const step = (message: string) => console.log(`… ${message}`);
const rpcHost = process.env.RPC_HOST ?? "127.0.0.1";
const rpcPort = Number(process.env.RPC_PORT ?? 8545);
const relayerPort = Number(process.env.RELAYER_PORT ?? 8080);
const dataDir = resolve(process.env.DATA_DIR ?? "data");
// The runtime log: JSON lines on stdout at LOG_LEVEL (docs/operations.md); the banner below stays plain text.
const logger = createLogger({ level: logLevelOf(process.env) });
logProcessFaults(logger);

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
  logger,
  depositWatcher: {
    client: chain.client,
    confirmations: 1,
    fromBlock: chain.exchangeBlock,
    pollIntervalMs: 1_000,
    onError: (error) => logger.error({ component: "chain watcher", err: error }, "chain watcher: step failed; the next step retries"),
    onRefused: (record, rejection) => logger.warn({ component: "chain watcher", record, rejection }, "chain watcher: the ledger refused a record"),
  },
  // The operator is test account #1 of the standard mnemonic (local-chain.ts grants it OPERATOR_ROLE).
  settlement: {
    client: chain.client,
    account: mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: 1 }),
    confirmations: 1,
    onAlert: (alert) => logger.warn({ component: "settler", alert }, `settlement alert: ${alert.kind}`),
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
  npm run demo          (two accounts sign crossing orders; the trade settles on-chain)
  npm run market-maker  (quotes around the book's mid over a socket session)

Ctrl-C stops the relayer, the deposit watcher and the chain.`);
