// A relayer with an auction market on a real in-process Hardhat chain: the exchange of test/contracts/fixture.ts, the
// N = 32 verifier and AuctionSettlement in front of it (its own operator key, not the continuous settler's), and the
// settlement tests' traders, funding and order helpers.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Address, Hex, PublicClient } from "viem";
import { keccak256, toHex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { OrderFlags, orderTypedData, type Order } from "../../../protocol/index.js";
import { startRelayer, type RunningRelayer } from "../../../relayer/app.js";
import { toWireSignedOrder } from "../../../relayer/orders/index.js";
import type { AuctionAlert } from "../../../relayer/auction/auction-settler.js";
import { deployChain, order as settlementOrder, LOT, TICK, type Chain } from "../settlement/fixtures.js";

export { fund, differences, trader, LOT, TICK } from "../settlement/fixtures.js";

/** The auction settler's operator: a key of its own (its own nonces), funded with gas money. */
export const AUCTION_OPERATOR = privateKeyToAccount(keccak256(toHex("auction-operator")));

export type AuctionChain = Awaited<ReturnType<typeof deployAuctionChain>>;

export async function deployAuctionChain() {
  const chain = await deployChain();
  const { viem } = chain.connection;
  const verifier = await viem.deployContract("BatchAuctionVerifier32");
  const auction = await viem.deployContract("AuctionSettlement", [
    chain.admin.account.address,
    AUCTION_OPERATOR.address,
    chain.exchange.address,
  ]);
  await chain.exchange.write.grantRole([await chain.exchange.read.AUCTION_SETTLER_ROLE(), auction.address]);
  await auction.write.setMarket([chain.weth.address, chain.usdc.address, LOT, TICK]);
  await auction.write.setVerifier([32, verifier.address]);
  await chain.rpc("hardhat_setBalance", [AUCTION_OPERATOR.address, toHex(10n ** 20n)]);
  return { ...chain, auction, verifier };
}

/** The WETH-USDC market in auction mode (the settlement tests' lot, tick and fees). */
export function auctionMarkets(chain: Chain, options: { proofs?: boolean; batchIntervalMs?: number } = {}) {
  return {
    markets: [
      {
        id: "WETH-USDC",
        engineId: 1,
        base: { symbol: "WETH", address: chain.weth.address.toLowerCase(), decimals: 18 },
        quote: { symbol: "USDC", address: chain.usdc.address.toLowerCase(), decimals: 6 },
        lotSize: LOT.toString(),
        tickSize: TICK.toString(),
        minSize: 1,
        makerFeeBps: 10,
        takerFeeBps: 20,
        mode: "auction" as const,
        proofs: options.proofs ?? true,
        batchIntervalMs: options.batchIntervalMs ?? 3_600_000,
      },
    ],
  };
}

/** Every order of these tests is built here: AUCTION_ONLY, as a proofs market requires (`flags: 0` for a market without proofs). */
export function auctionOrder(
  chain: Chain,
  maker: Address,
  side: 0 | 1,
  lots: bigint,
  price: bigint,
  extra: Partial<Order> = {},
): Order {
  return settlementOrder(chain, maker, side, lots, price, { flags: OrderFlags.AUCTION_ONLY, ...extra });
}

/** Signs and places an order through the order service; returns its hash. */
export async function placeOrder(
  relayer: RunningRelayer,
  chain: Chain,
  signer: PrivateKeyAccount,
  o: Order,
): Promise<Hex> {
  const signature = await signer.signTypedData(orderTypedData(chain.domain, o));
  const placed = await relayer.services.orders.place(toWireSignedOrder({ order: o, signature }));
  return placed.orderHash as Hex;
}

export interface AuctionRelayer {
  relayer: RunningRelayer;
  alerts: AuctionAlert[];
  close(): Promise<void>;
}

/** A running relayer (HTTP, socket.io, both settlers) over the auction chain. */
export async function startAuctionRelayer(
  chain: AuctionChain,
  options: { proofs?: boolean; batchIntervalMs?: number; dataDir?: string } = {},
): Promise<AuctionRelayer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "auction-relayer-")));
  const alerts: AuctionAlert[] = [];
  const client = chain.publicClient as unknown as PublicClient;
  const relayer = await startRelayer({
    port: 0,
    dataDir,
    chainId: chain.chainId,
    exchange: chain.exchange.address,
    markets: auctionMarkets(chain, options),
    feeRecipient: chain.feeRecipient.account.address,
    log: () => {},
    settlement: { client, account: chain.operatorAccount, confirmations: 1, pollIntervalMs: 20 },
    auctions: {
      signer: chain.operatorAccount,
      settlement: {
        client,
        account: AUCTION_OPERATOR,
        auctionSettlement: chain.auction.address,
        confirmations: 1,
        pollIntervalMs: 20,
        onAlert: (a) => alerts.push(a),
      },
    },
  });
  return {
    relayer,
    alerts,
    async close() {
      await relayer.close();
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits (bounded, not a timing assertion) until `check()` holds. */
export async function until(check: () => boolean | Promise<boolean>, what: string, tries = 3000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}
