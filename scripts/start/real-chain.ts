// npm start against a real chain: checks the exchange and the operator key on the chain, starts the relayer with
// the configured markets, a chain watcher (deposits, on-chain cancels, nonce floors, exits at N confirmations) and
// the EIP-1271 checker of contract wallets (Safes) on that chain, prints where everything is, and runs until Ctrl-C.
// DATA_DIR (./data) is kept across starts: the relayer's log and the watcher's cursor continue where they stopped.
// The operator key is never printed: only its address.
import { resolve } from "node:path";
import { createPublicClient, http, webSocket, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { EXCHANGE_ABI } from "../../relayer/abi/exchange.js";
import { WalletSignatureChecker } from "../../relayer/admission/wallet-signature-checker.js";
import { startRelayer } from "../../relayer/app.js";
import { ConfigError, type ChainConfig } from "../../relayer/config/index.js";
import { readSettlementPolicy } from "../../relayer/settlement/settlement-policy.js";
import {
  createLogger,
  logLevelOf,
  logProcessFaults,
  redactUrls,
  secretPartsOf,
  shownUrl,
} from "../../relayer/log/index.js";

/** Refuses to start unless `account` holds `role` (by name) on the contract at `address`. */
async function requireRole(
  client: PublicClient,
  address: Address,
  role: "OPERATOR_ROLE" | "AUCTION_SETTLER_ROLE",
  account: Address,
  setting: string,
  what: string,
): Promise<void> {
  const id = await client.readContract({ address, abi: EXCHANGE_ABI, functionName: role });
  if (!(await client.readContract({ address, abi: EXCHANGE_ABI, functionName: "hasRole", args: [id, account] }))) {
    throw new ConfigError("CONFIG_INVALID", setting, `${what} ${account} does not hold ${role} on ${address}`);
  }
}

/** The chain id, or RPC_UNREACHABLE when the node does not answer (after viem's retries), with the network's reason. */
async function firstAnswer(client: PublicClient, shownRpc: string): Promise<number> {
  try {
    return await client.getChainId();
  } catch (error) {
    throw new ConfigError("RPC_UNREACHABLE", "RPC_URL", `${shownRpc} does not answer: ${networkReason(error)}`, {
      cause: error,
    });
  }
}

/** A short reason for a failed request: the system's error code (ECONNREFUSED, ENOTFOUND…) deepest in the causes, else viem's short message. */
function networkReason(error: unknown): string {
  let code: string | undefined;
  for (
    let e: unknown = error, depth = 0;
    e !== null && typeof e === "object" && depth < 8;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === "string" && /^E[A-Z_]+$/.test(c)) code = c;
  }
  const short = (error as { shortMessage?: unknown } | null)?.shortMessage;
  const text =
    typeof short === "string" ? short : error instanceof Error ? error.message.split("\n")[0]! : String(error);
  return redactUrls(code === undefined ? text : `${text} (${code})`);
}

async function requireCode(client: PublicClient, address: Address, setting: string, chainId: number): Promise<void> {
  const code = await client.getCode({ address });
  if (code === undefined || code === "0x")
    throw new ConfigError("CONFIG_INVALID", setting, `has no contract on chain ${chainId}`);
}

export async function runOnChain(config: ChainConfig): Promise<void> {
  const relayerPort = Number(process.env.RELAYER_PORT ?? 8080);
  const dataDir = resolve(process.env.DATA_DIR ?? "data");
  const settlementPolicy = readSettlementPolicy(process.env); // SETTLEMENT_* (docs/operations.md)
  const step = (message: string) => console.log(`… ${message}`);
  // The runtime log (JSON lines on stdout, docs/operations.md): the RPC URL's path, query and user-info are on its
  // redaction list on top of the URL redaction every line gets.
  const logger = createLogger({ level: logLevelOf(process.env), secrets: secretPartsOf(config.rpcUrl) });
  logProcessFaults(logger);
  // The URL's path and query often hold a provider's API key: only the origin is ever printed.
  const shownRpc = shownUrl(config.rpcUrl);

  step(`connecting to ${shownRpc}`);
  const transport = new URL(config.rpcUrl).protocol.startsWith("ws") ? webSocket(config.rpcUrl) : http(config.rpcUrl);
  const client = createPublicClient({ transport }) as PublicClient;
  const chainId = await firstAnswer(client, shownRpc);
  await requireCode(client, config.exchange, "EXCHANGE_ADDRESS", chainId);
  await requireRole(
    client,
    config.exchange,
    "OPERATOR_ROLE",
    config.operator.address,
    "OPERATOR_PRIVATE_KEY",
    "the operator key's address",
  );
  const auction = config.auction;
  if (auction !== null) {
    // Proofs markets: AuctionSettlement settles them (docs/fairness.md); its operator must hold its OPERATOR_ROLE,
    // and it must hold the exchange's AUCTION_SETTLER_ROLE, or every auction-only order's settlement would revert.
    await requireCode(client, auction.settlement, "AUCTION_SETTLEMENT_ADDRESS", chainId);
    await requireRole(
      client,
      auction.settlement,
      "OPERATOR_ROLE",
      auction.operator.address,
      "AUCTION_OPERATOR_PRIVATE_KEY",
      "the auction operator key's address",
    );
    await requireRole(
      client,
      config.exchange,
      "AUCTION_SETTLER_ROLE",
      auction.settlement,
      "AUCTION_SETTLEMENT_ADDRESS",
      "the auction settlement contract",
    );
  }
  const feeRecipient = await client.readContract({
    address: config.exchange,
    abi: EXCHANGE_ABI,
    functionName: "feeRecipient",
  });
  const operator = privateKeyToAccount(config.operator.revealPrivateKey());

  step(`starting the relayer (data in ${dataDir})`);
  const relayer = await startRelayer({
    port: relayerPort,
    dataDir,
    chainId,
    exchange: config.exchange,
    markets: config.markets,
    feeRecipient,
    // Contract wallets (a Safe, any EIP-1271 account) sign through their code: the relayer asks them as settle() will.
    wallets: new WalletSignatureChecker({ client, exchange: config.exchange }),
    logger,
    depositWatcher: {
      client,
      confirmations: config.confirmations,
      fromBlock: config.fromBlock,
      onError: (error) =>
        logger.error({ component: "chain watcher", err: error }, "chain watcher: step failed; the next step retries"),
      onRefused: (record, rejection) =>
        logger.warn(
          { component: "chain watcher", record: record.type, rejection: rejection.code },
          "chain watcher: the ledger refused a record",
        ),
    },
    // The settler signs locally with the operator key (docs/settlement.md); the key itself is never printed.
    settlement: {
      client,
      account: operator,
      confirmations: config.confirmations,
      ...settlementPolicy,
      onAlert: (alert) => logger.warn({ component: "settler", alert }, `settlement alert: ${alert.kind}`),
    },
    // Inclusion receipts are signed with the operator key; proofs markets settle through AuctionSettlement.
    auctions: {
      signer: operator,
      settlement:
        auction === null
          ? undefined
          : {
              client,
              account: privateKeyToAccount(auction.operator.revealPrivateKey()),
              auctionSettlement: auction.settlement,
              confirmations: config.confirmations,
              onAlert: (alert) =>
                logger.warn({ component: "auction settler", alert }, `auction settlement alert: ${alert.kind}`),
            },
    },
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n… stopping the relayer and the chain watcher");
    await relayer.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  const markets = relayer.services.markets
    .list()
    .map((m) => m.id)
    .join(", ");
  console.log(`
Hybrid exchange — relayer on chain ${chainId}

  Relayer       ${relayer.url}   (data in ${dataDir})
  RPC URL       ${shownRpc}
  Exchange      ${config.exchange}
  Markets       ${markets}   (from ${config.marketsFile})
  Operator      ${config.operator.address}${
    auction === null
      ? ""
      : `
  Auctions      proved through ${auction.settlement} (auction operator ${auction.operator.address})`
  }
  Fee recipient ${feeRecipient}
  Watcher       ${config.confirmations} confirmations, first block ${config.fromBlock}

Ctrl-C stops the relayer and the chain watcher.`);
}
