// npm start without RPC_URL: the exchange on an embedded default. Starts a local Hardhat chain with a JSON-RPC
// server, deploys the exchange and three demo tokens, deposits for the chain's well-known test accounts
// (scripts/start/local-chain.ts), deploys AuctionSettlement and its verifier (scripts/start/auction-settlement.ts),
// starts the relayer with the continuous WETH-USDC market and the WBTC-USDC batch auction with proofs
// (scripts/start/demo-market.ts), a deposit watcher, the settler (operator: test account #1), the EIP-1271 checker of
// contract wallets and the auction settler with its prover (auction operator: test account #10) on the local chain,
// waits until the deposits are credited, prints what a newcomer needs, and runs until Ctrl-C.
// Env: RPC_HOST, RPC_PORT (8545), RELAYER_PORT (8080), DATA_DIR (./data, wiped: each start is a fresh chain).
import { readdir, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { createWalletClient, http } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { WalletSignatureChecker } from "../../relayer/admission/wallet-signature-checker.js";
import { startRelayer } from "../../relayer/app.js";
import { readSettlementPolicy } from "../../relayer/settlement/settlement-policy.js";
import { MarketRegistry } from "../../relayer/markets/index.js";
import { deployAuctionSettlement, EMBEDDED_CIRCUIT_SLOTS, missingCircuitArtifacts } from "./auction-settlement.js";
import { deployPerpMarket } from "./perp-market.js";
import { AUCTION_BATCH_INTERVAL_MS, embeddedMarkets } from "./demo-market.js";
import { createLogger, logLevelOf, logProcessFaults } from "../../relayer/log/index.js";
import { DEMO_TOKENS, startLocalChain } from "./local-chain.js";

const step = (message: string) => console.log(`… ${message}`);
const rpcHost = process.env.RPC_HOST ?? "127.0.0.1";
const rpcPort = Number(process.env.RPC_PORT ?? 8545);
const relayerPort = Number(process.env.RELAYER_PORT ?? 8080);
const dataDir = resolve(process.env.DATA_DIR ?? "data");
const settlementPolicy = readSettlementPolicy(process.env); // SETTLEMENT_* (docs/operations.md); checked before anything starts

// The auction market's batches cannot settle without the prover's files: say so now rather than in an alert per batch.
const missing = missingCircuitArtifacts(EMBEDDED_CIRCUIT_SLOTS);
if (missing.length > 0) {
  console.error(
    `the batch auction circuit's artifacts are missing (${missing.join(", ")}): run \`npm run circuits:build -- ${EMBEDDED_CIRCUIT_SLOTS}\``,
  );
  process.exit(1);
}

// The runtime log: JSON lines on stdout at LOG_LEVEL (docs/operations.md); the banner below stays plain text.
const logger = createLogger({ level: logLevelOf(process.env) });
logProcessFaults(logger);

// The chain is new on every start, so a relayer log from an earlier run would credit deposits it never saw.
let wiped = false;
if (process.env.DATA_DIR === undefined) {
  await rm(dataDir, { recursive: true, force: true });
  wiped = true;
} else if ((await readdir(dataDir).catch(() => [])).length > 0) {
  console.error(
    `DATA_DIR ${dataDir} is not empty: its state belongs to an earlier chain. Empty it or pick another directory.`,
  );
  process.exit(1);
}

const chain = await startLocalChain({ host: rpcHost, port: rpcPort, step });
const MNEMONIC = "test test test test test test test test test test test junk";
// The operator is test account #1 of the standard mnemonic (local-chain.ts grants it OPERATOR_ROLE). The auction
// operator is #10, past the funded traders (#3 on): a key of its own, so the two settlers never share nonces.
const operator = mnemonicToAccount(MNEMONIC, { addressIndex: 1 });
const auctionOperator = mnemonicToAccount(MNEMONIC, { addressIndex: 10 });
const markets = embeddedMarkets(chain.tokens);
const registry = MarketRegistry.fromConfig(markets);
const auctionMarkets = registry.list().filter((m) => m.proofs);

step(`deploying AuctionSettlement and the verifier of the ${EMBEDDED_CIRCUIT_SLOTS}-slot batch auction circuit`);
const auction = await deployAuctionSettlement({
  deployer: createWalletClient({ chain: hardhat, transport: http(chain.rpcUrl), account: chain.admin }),
  client: chain.client,
  exchange: chain.exchange,
  admin: chain.admin,
  auctionOperator: auctionOperator.address,
  markets: registry,
});

// The development price signer is test account #11: a key of its own, which the next issue's price service signs with.
const priceSigner = mnemonicToAccount(MNEMONIC, { addressIndex: 11 });
step("deploying MarginModule and the ETH-USD perpetual market (mock reference, development price signer)");
const perp = await deployPerpMarket({
  deployer: createWalletClient({ chain: hardhat, transport: http(chain.rpcUrl), account: chain.admin }),
  client: chain.client,
  exchange: chain.exchange,
  admin: chain.admin,
  operator: chain.operator,
  usdc: chain.tokens.USDC,
  priceSigner: priceSigner.address,
});

step(`starting the relayer (data in ${dataDir}${wiped ? ", wiped: a fresh chain each start" : ""})`);
const relayer = await startRelayer({
  port: relayerPort,
  dataDir,
  chainId: chain.chainId,
  exchange: chain.exchange,
  markets,
  feeRecipient: chain.feeRecipient,
  // Contract wallets (a Safe, any EIP-1271 account) sign through their code: the relayer asks them as settle() will.
  wallets: new WalletSignatureChecker({ client: chain.client, exchange: chain.exchange }),
  logger,
  depositWatcher: {
    client: chain.client,
    confirmations: 1,
    fromBlock: chain.exchangeBlock,
    pollIntervalMs: 1_000,
    onError: (error) =>
      logger.error({ component: "chain watcher", err: error }, "chain watcher: step failed; the next step retries"),
    onRefused: (record, rejection) =>
      logger.warn({ component: "chain watcher", record, rejection }, "chain watcher: the ledger refused a record"),
  },
  settlement: {
    client: chain.client,
    account: operator,
    confirmations: 1,
    ...settlementPolicy,
    onAlert: (alert) => logger.warn({ component: "settler", alert }, `settlement alert: ${alert.kind}`),
  },
  // Inclusion receipts are signed with the operator key; the WBTC-USDC batches settle through AuctionSettlement,
  // proved by the auction settler's prover process.
  auctions: {
    signer: operator,
    settlement: {
      client: chain.client,
      account: auctionOperator,
      auctionSettlement: auction.auctionSettlement,
      confirmations: 1,
      onAlert: (alert) => console.error("auction settlement alert:", alert),
    },
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
const amounts = DEMO_TOKENS.map((t) => `${t.deposit} ${t.symbol}`);
const deposits = `${amounts.slice(0, -1).join(", ")} and ${amounts[amounts.length - 1]}`;
const auctionIds = auctionMarkets.map((m) => m.id).join(", ");
console.log(`
Hybrid exchange — local chain and relayer are up

  Relayer       ${relayer.url}   (data in ${dataDir})
  RPC URL       ${chain.rpcUrl}   (chain id ${chain.chainId})
  Exchange      ${chain.exchange}
  WETH (18 dp)  ${chain.tokens.WETH}
  USDC (6 dp)   ${chain.tokens.USDC}
  WBTC (8 dp)   ${chain.tokens.WBTC}
  Market        WETH-USDC: lot 0.001 WETH, tick 0.01 USDC per WETH (continuous)
  Auction       ${auctionIds}: a batch every ${AUCTION_BATCH_INTERVAL_MS / 1000} s, settled only with a proof (N = ${EMBEDDED_CIRCUIT_SLOTS})
                lot 0.0001 WBTC, tick 0.01 USDC per WBTC; orders must set the auction-only flag (the SDK does)
                AuctionSettlement ${auction.auctionSettlement}, verifier ${auction.verifier}
                auction operator ${auctionOperator.address.toLowerCase()} (test account #10)
  Perpetual     ETH-USD (market 1, USDC collateral, 10x): MarginModule ${perp.marginModule}
                mock reference ${perp.ethUsdAggregator}, price signer ${priceSigner.address.toLowerCase()} (test account #11);
                collateral and funding only: perpetual fills do not settle yet (docs/margin.md)
  Operator      ${chain.operator}
  Fee recipient ${chain.feeRecipient}
  Traders       ${chain.funded[0]} … ${chain.funded.length} accounts (#3 on) of the standard test mnemonic,
                each with ${deposits} deposited (and as much again in its wallet)
  Ledger        ${credited} deposits credited from the chain by the deposit watcher

Try it:
  curl -s ${relayer.url}/v1/info
  curl -s ${relayer.url}/v1/markets/WETH-USDC/book
  ${demoEnv}npm run demo          (two accounts sign crossing orders; the trade settles on-chain; then a proved
                        ${auctionIds} batch: commitment, inclusion receipts, proof verified on-chain)
  ${makerEnv}npm run market-maker  (quotes around the book's mid, or 3000 USDC per WETH on an empty book)
  curl -s ${relayer.url}/v1/orders/<order hash>/receipt   (an auction order's signed inclusion receipts;
                        check one as docs/fairness.md says: verifyInclusionReceipt in the SDK)

Ctrl-C stops the relayer, the deposit watcher and the chain.`);
