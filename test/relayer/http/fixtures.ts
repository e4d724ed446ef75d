// A relayer on an ephemeral port over a temp data dir, real signatures from viem local accounts, and funded
// accounts (deposit-credited records through the sequencer, as the chain watcher will submit them).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { Address, Hex } from "viem";
import { exchangeDomain, hashOrder, orderTypedData, type Order } from "../../../protocol/index.js";
import { startRelayer, type RelayerConfig, type RunningRelayer } from "../../../relayer/app.js";
import { toWireSignedOrder } from "../../../relayer/orders/index.js";
import { CONFIG } from "../markets/markets-fixture.js";
import { USDC, WETH } from "../orders/fixtures.js";

export const CHAIN_ID = 31337;
export const EXCHANGE: Address = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
export const NOW = 1_800_000_000;
export const DOMAIN = exchangeDomain(CHAIN_ID, EXCHANGE);

// Hardhat's well-known development keys.
export const alice = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
export const bob = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
export const mallory = privateKeyToAccount("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");

export { USDC, WETH };

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "relayer-http-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export function start(dataDir: string, extra: Partial<RelayerConfig> = {}): Promise<RunningRelayer> {
  return startRelayer({
    port: 0,
    dataDir,
    chainId: CHAIN_ID,
    exchange: EXCHANGE,
    markets: CONFIG,
    clock: () => NOW,
    log: () => {},
    ...extra,
  });
}

/** POSTs `body` (or the raw text) as JSON to `path`; answers the status, the JSON body and the headers. */
export async function postJson(
  url: string,
  path: string,
  body: unknown,
  raw?: string,
): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

/** Credits WETH and USDC to each account through the sequencer. */
export async function fund(relayer: RunningRelayer, accounts: PrivateKeyAccount[]): Promise<void> {
  for (const account of accounts) {
    for (const [token, amount] of [
      [WETH, 100n * 10n ** 18n],
      [USDC, 1_000_000n * 10n ** 6n],
    ] as const) {
      const ack = await relayer.services.trading.submitLedger({
        type: "deposit-credited",
        depositId: `${account.address.toLowerCase()}-${token}`,
        account: account.address,
        token,
        amount,
      });
      if (ack.rejection) throw new Error(`deposit refused: ${JSON.stringify(ack.rejection)}`);
    }
  }
}

let lastNonce = 1_000_000n; // above the small nonces some tests give explicitly
/** A fresh nonce for each order, as the SDK counts them (the relayer refuses a maker's used nonce: NONCE_USED). */
export const nextNonce = (): bigint => ++lastNonce;

/** An order on WETH-USDC: `lots` lots (0.001 WETH each) at `price` ticks (1 USDC per WETH each). */
export function order(
  maker: PrivateKeyAccount,
  side: 0 | 1,
  lots: bigint,
  price: bigint,
  extra: Partial<Order> = {},
): Order {
  return {
    maker: maker.address.toLowerCase() as Address,
    baseToken: WETH,
    quoteToken: USDC,
    side,
    baseAmount: lots * 10n ** 15n,
    quoteAmount: lots * price * 1000n,
    triggerQuoteAmount: 0n,
    nonce: nextNonce(),
    expiry: 0n,
    maxFeeBps: 30,
    timeInForce: 0,
    flags: 0,
    selfTradePrevention: 0,
    ...extra,
  };
}

export async function signed(
  signer: PrivateKeyAccount,
  o: Order,
): Promise<{ body: Record<string, unknown>; hash: Hex }> {
  const signature = await signer.signTypedData(orderTypedData(DOMAIN, o));
  return {
    body: toWireSignedOrder({ order: o, signature }) as unknown as Record<string, unknown>,
    hash: hashOrder(DOMAIN, o),
  };
}

export async function post(url: string, body: unknown, raw?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/v1/orders`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export async function get(url: string, path: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url + path);
  return { status: res.status, json: await res.json() };
}
