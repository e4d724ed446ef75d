// What `npm run deploy` puts on a chain, in order, each transaction waited for before the next:
//
//   1. the Exchange (admin, operator, fee recipient, cancel and exit delays);
//   2. with DEMO_TOKENS, the demo tokens, and MARKETS_FILE written with their market(s);
//   3. when a market has proofs, the N = 32 verifier and AuctionSettlement (its OPERATOR_ROLE to the auction
//      operator, the verifier and each proofs market's lot and tick set), and the Exchange's AUCTION_SETTLER_ROLE
//      granted to it;
//   4. when the admin is not the deployer but the deployer had to administer (3), DEFAULT_ADMIN_ROLE handed to the
//      admin and renounced by the deployer, so that no role stays with the deploying key;
//   5. with FUND_ACCOUNTS, deposits of each demo token for each account, and as much again in its wallet.
//
// Each address is reported (`step`) as soon as it exists, so a deployment that stops half-way says what it left.
import { writeFile } from "node:fs/promises";
import { getAddress, parseUnits, zeroHash, type Abi, type Address, type PublicClient, type WalletClient } from "viem";
import type { MarketRegistryConfig } from "../../relayer/markets/markets.js";
import { deployContractReceipt, deployExchangeReceipt, type ContractArtifact } from "../deploy.js";
import { demoMarkets } from "../start/demo-market.js";
import { DEMO_TOKENS } from "../start/local-chain.js";
import { plannedMarkets, provedMarkets, type DeploySettings } from "./settings.js";

/** The circuit size whose verifier is committed (contracts/auction/verifiers); larger ones are built locally. */
const VERIFIER_SLOTS = 32;
/** OpenZeppelin AccessControl's admin role: bytes32(0). */
const DEFAULT_ADMIN_ROLE = zeroHash;

export interface Deployment {
  exchange: Address;
  /** The Exchange's deployment block: npm start's FROM_BLOCK. */
  exchangeBlock: bigint;
  /** The demo tokens by symbol; empty without DEMO_TOKENS. */
  tokens: Record<string, Address>;
  markets: MarketRegistryConfig;
  auction: { settlement: Address; verifier: Address } | null;
  /** Whether DEFAULT_ADMIN_ROLE went from the deployer to the admin after the setup. */
  adminHandedOver: boolean;
}

export interface DeployContext {
  client: PublicClient;
  /** Signs with the deployer's key. */
  wallet: WalletClient;
  artifact(name: string): Promise<ContractArtifact>;
  step(message: string): void;
}

export async function deploy(settings: DeploySettings, context: DeployContext): Promise<Deployment> {
  const { client, wallet, step } = context;
  const deployer = settings.deployer.address;
  const proofs = provedMarkets(plannedMarkets(settings)).length > 0;
  // Granting AUCTION_SETTLER_ROLE and setting up AuctionSettlement take an admin: the deployer, until step 4.
  const setupAdmin = proofs ? deployer : settings.admin;
  const send = async (to: Address, abi: Abi, functionName: string, args: unknown[]) => {
    const hash = await wallet.writeContract({
      address: to,
      abi,
      functionName,
      args,
      account: wallet.account!,
      chain: wallet.chain,
    });
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} on ${to} reverted in transaction ${hash}`);
  };

  step("deploying the Exchange");
  const exchangeArtifact = await context.artifact("Exchange");
  const { address: exchangeAddress, blockNumber: exchangeBlock } = await deployExchangeReceipt(
    wallet,
    client,
    exchangeArtifact,
    {
      admin: setupAdmin,
      operator: settings.operator,
      feeRecipient: settings.feeRecipient,
      cancelDelay: settings.cancelDelay,
      exitDelay: settings.exitDelay,
    },
  );
  // Checksummed, as people read and copy them (the relayer reads any letter case).
  const exchange = getAddress(exchangeAddress);
  step(`Exchange ${exchange} (block ${exchangeBlock})`);
  /** The contracts whose DEFAULT_ADMIN_ROLE step 4 hands over. */
  const administered: { name: string; address: Address; abi: Abi }[] = [
    { name: "Exchange", address: exchange, abi: exchangeArtifact.abi },
  ];

  const tokens: Record<string, Address> = {};
  let markets = settings.markets;
  const tokenArtifact = await context.artifact("TestToken");
  if (settings.demoTokens) {
    for (const t of DEMO_TOKENS) {
      tokens[t.symbol] = getAddress(
        (await deployContractReceipt(wallet, client, tokenArtifact, [`Demo ${t.symbol}`, t.symbol, t.decimals]))
          .address,
      );
      step(`demo token ${t.symbol} (${t.decimals} decimals) ${tokens[t.symbol]}`);
    }
    markets = demoMarkets(tokens as Parameters<typeof demoMarkets>[0]);
    await writeFile(settings.marketsFile, `${JSON.stringify(markets, null, 2)}\n`, { flag: "wx" });
    step(`wrote ${settings.marketsFile}: ${markets.markets.map((m) => m.id).join(", ")}`);
  }

  let auction: Deployment["auction"] = null;
  if (proofs) {
    const verifier = getAddress(
      (await deployContractReceipt(wallet, client, await context.artifact(`BatchAuctionVerifier${VERIFIER_SLOTS}`), []))
        .address,
    );
    step(`verifier of ${VERIFIER_SLOTS}-order batches ${verifier}`);
    const settlementArtifact = await context.artifact("AuctionSettlement");
    const settlement = getAddress(
      (await deployContractReceipt(wallet, client, settlementArtifact, [deployer, settings.auctionOperator, exchange]))
        .address,
    );
    step(`AuctionSettlement ${settlement} (operator ${settings.auctionOperator})`);
    await send(settlement, settlementArtifact.abi, "setVerifier", [VERIFIER_SLOTS, verifier]);
    for (const m of provedMarkets(markets!)) {
      await send(settlement, settlementArtifact.abi, "setMarket", [
        m.base.address,
        m.quote.address,
        BigInt(m.lotSize),
        BigInt(m.tickSize),
      ]);
      step(`AuctionSettlement settles ${m.id} (lot ${m.lotSize}, tick ${m.tickSize})`);
    }
    const settlerRole = await client.readContract({
      address: exchange,
      abi: exchangeArtifact.abi,
      functionName: "AUCTION_SETTLER_ROLE",
    });
    await send(exchange, exchangeArtifact.abi, "grantRole", [settlerRole, settlement]);
    step("Exchange: AUCTION_SETTLER_ROLE granted to AuctionSettlement");
    auction = { settlement, verifier };
    administered.push({ name: "AuctionSettlement", address: settlement, abi: settlementArtifact.abi });
  }

  const adminHandedOver = setupAdmin.toLowerCase() !== settings.admin.toLowerCase();
  if (adminHandedOver) {
    for (const { name, address, abi } of administered) {
      await send(address, abi, "grantRole", [DEFAULT_ADMIN_ROLE, settings.admin]);
      await send(address, abi, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer]);
      step(`${name}: DEFAULT_ADMIN_ROLE handed to ${settings.admin}`);
    }
  }

  if (settings.fundAccounts.length > 0) {
    for (const t of DEMO_TOKENS) {
      step(
        `depositing ${t.deposit} ${t.symbol} for each of ${settings.fundAccounts.length} account(s), and as much in their wallets`,
      );
      const amount = parseUnits(t.deposit, t.decimals);
      const total = amount * BigInt(settings.fundAccounts.length);
      await send(tokens[t.symbol], tokenArtifact.abi, "mint", [deployer, total]);
      await send(tokens[t.symbol], tokenArtifact.abi, "approve", [exchange, total]);
      for (const account of settings.fundAccounts) {
        await send(exchange, exchangeArtifact.abi, "depositTo", [tokens[t.symbol], amount, account]);
        await send(tokens[t.symbol], tokenArtifact.abi, "mint", [account, amount]);
      }
    }
  }

  return { exchange, exchangeBlock, tokens, markets: markets!, auction, adminHandedOver };
}
