// npm run deploy: puts an exchange on a chain for `npm start` to run against, and prints the `npm start` line to
// use next. Settings from the environment or flags (scripts/deploy-exchange/settings.ts, `npm run deploy -- --help`,
// docs/operations.md); what it deploys, in order: scripts/deploy-exchange/deployment.ts. Everything that can be
// checked is checked before the first transaction. Never prints a key, a password, or an RPC URL's path or query.
// A configuration error prints `configuration error (<CODE>): <SETTING>: …` and exits 1; any other failure prints
// one line without the RPC URL, after the addresses of whatever was deployed already.
import hre from "hardhat";
import { BaseError, createPublicClient, createWalletClient, http, webSocket, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ConfigError } from "../relayer/config/index.js";
import type { ContractArtifact } from "./deploy.js";
import { deploy } from "./deploy-exchange/deployment.js";
import { checkMarketTokens } from "./deploy-exchange/market-tokens.js";
import { DEPLOY_SETTINGS, parseDeployArguments, readDeploySettings } from "./deploy-exchange/settings.js";
import { shownRpcUrl, startCommand } from "./deploy-exchange/start-command.js";

const step = (message: string) => console.log(`… ${message}`);

function printHelp(): void {
  const width = Math.max(...DEPLOY_SETTINGS.map((s) => s.name.length));
  console.log(
    "npm run deploy [-- --flag value …]: deploys the exchange; each setting is an environment variable or its flag.\n",
  );
  for (const s of DEPLOY_SETTINGS) {
    const flag = s.secret ? "(environment only)" : `--${s.name.toLowerCase().replaceAll("_", "-")}`;
    console.log(`  ${s.name.padEnd(width)}  ${flag}\n  ${"".padEnd(width)}  ${s.help}`);
  }
}

async function main(): Promise<void> {
  const args = parseDeployArguments(process.argv.slice(2));
  if (args.help) return printHelp();
  const settings = await readDeploySettings({ ...process.env, ...args.env });

  const shownRpc = shownRpcUrl(settings.rpcUrl);
  step(`connecting to ${shownRpc}`);
  const transport = settings.rpcUrl.startsWith("ws") ? webSocket(settings.rpcUrl) : http(settings.rpcUrl);
  const client = createPublicClient({ transport }) as PublicClient;
  const wallet = createWalletClient({ transport, account: privateKeyToAccount(settings.deployer.revealPrivateKey()) });
  const chainId = await client.getChainId();

  if (settings.markets !== null) await checkMarketTokens(client, settings.markets, chainId);
  if ((await client.getBalance({ address: settings.deployer.address })) === 0n) {
    throw new Error(`the deployer ${settings.deployer.address} holds no ether on chain ${chainId} to pay for gas`);
  }

  step(`deploying from ${settings.deployer.address} on chain ${chainId}`);
  const deployment = await deploy(settings, {
    client,
    wallet,
    artifact: async (name) => (await hre.artifacts.readArtifact(name)) as unknown as ContractArtifact,
    step,
  });

  const auctionOperator = settings.auctionOperator;
  const auction =
    deployment.auction === null ? null : { settlement: deployment.auction.settlement, operator: auctionOperator! };
  const tokens = Object.entries(deployment.tokens)
    .map(([symbol, address]) => `\n  ${`${symbol} (demo)`.padEnd(14)}${address}`)
    .join("");
  console.log(`
Exchange deployed on chain ${chainId} (${shownRpc})

  Exchange      ${deployment.exchange}   (block ${deployment.exchangeBlock}: FROM_BLOCK)
  Admin         ${settings.admin}${deployment.adminHandedOver ? "   (handed over by the deployer, which holds no role)" : ""}
  Operator      ${settings.operator}   (OPERATOR_ROLE)
  Fee recipient ${settings.feeRecipient}
  Delays        cancel ${settings.cancelDelay} s, exit ${settings.exitDelay} s${tokens}${
    auction === null
      ? ""
      : `
  Auctions      AuctionSettlement ${auction.settlement} (operator ${auction.operator}), verifier ${deployment.auction!.verifier}`
  }
  Markets       ${deployment.markets.markets.map((m) => m.id).join(", ")}   (${settings.marketsFile})${
    settings.fundAccounts.length === 0
      ? ""
      : `
  Funded        ${settings.fundAccounts.length} account(s), with deposits the relayer credits from FROM_BLOCK on`
  }

Next, start the relayer on it, with the operator's key in place of <key of …> (or OPERATOR_KEYSTORE and
OPERATOR_KEYSTORE_PASSWORD_FILE instead), and CONFIRMATIONS to suit the chain:

${startCommand({ rpcUrl: settings.rpcUrl, exchange: deployment.exchange, fromBlock: deployment.exchangeBlock, marketsFile: settings.marketsFile, operator: settings.operator, auction })}
`);
}

try {
  await main();
  process.exit(0); // a ws:// transport would keep the process alive
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`configuration error (${error.code}): ${error.message}`);
  } else {
    // viem's full message names the RPC URL, whose path or query may hold an API key: its short message does not.
    const message =
      error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
    console.error(`deploy failed: ${message}`);
  }
  process.exit(1);
}
