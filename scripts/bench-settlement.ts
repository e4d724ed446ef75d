// npm run bench:settlement [-- --json] [-- --fills N]
// The settlement pipeline on the embedded chain (in-process EDR, automining): N maker/taker pairs of distinct accounts
// (the shape of bench:gas scenario A: every fill between a new maker order and a new taker order) are placed through
// the order service as fast as it takes them; the settler (started, as startRelayer starts it) batches the fills (up
// to 100, or 200 ms), simulates, sends and tracks them to final (1 confirmation). Measured: fills per second from the
// first match to the last final batch, gas per fill (Σ gasUsed / fills), and each fill's match → final latency.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { keccak256, toHex, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { exchangeDomain, orderTypedData, type Order } from "../protocol/index.js";
import { toWireSignedOrder } from "../relayer/orders/index.js";
import { openServices } from "../relayer/open-services.js";
import { settlementMarkets, SETTLEMENT_LOT as LOT, SETTLEMENT_TICK as TICK } from "./bench/settlement-market.js";
import { deployBenchExchange } from "./bench/bench-exchange.js";

const json = process.argv.includes("--json");
const fillsArg = process.argv.indexOf("--fills");
const PAIRS = fillsArg > 0 ? Number(process.argv[fillsArg + 1]) : 500;
const MAX_FILLS = 100;
const log = (line: string) => {
  if (!json) console.error(line);
};

const { viem } = await network.create();
const publicClient = await viem.getPublicClient();
const [admin, operator, feeRecipient] = await viem.getWalletClients();
const chainId = await publicClient.getChainId();
const { exchange, weth, usdc } = await deployBenchExchange(viem);
const operatorKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // Hardhat account #1
if (privateKeyToAccount(operatorKey).address.toLowerCase() !== operator.account.address.toLowerCase())
  throw new Error("operator is not account #1");

const dataDir = await mkdtemp(join(tmpdir(), "bench-settlement-"));
const matchedAt = new Map<number, number>();
const finalAt = new Map<number, number>();
const services = await openServices({
  dataDir,
  chainId,
  exchange: exchange.address,
  feeRecipient: feeRecipient.account.address,
  markets: settlementMarkets(weth.address, usdc.address),
  settlement: {
    client: publicClient as unknown as PublicClient,
    account: privateKeyToAccount(operatorKey),
    confirmations: 1,
    policies: { 1: { maxFills: MAX_FILLS, maxDelayMs: 200 } },
    pollIntervalMs: 5,
    reconcileIntervalMs: 0,
    onSettlementState: (s) => {
      if (s.state === "final") for (const id of s.fillIds) finalAt.set(id, performance.now());
    },
    onAlert: (a) => log(`alert: ${a.kind}`),
  },
});
services.trading.onAck((ack) => {
  for (const id of ack.fillIds) matchedAt.set(id, performance.now());
});

log(`funding ${2 * PAIRS} accounts on-chain and in the ledger…`);
const accounts = Array.from({ length: 2 * PAIRS }, (_, i) =>
  privateKeyToAccount(keccak256(toHex(`bench-settlement-${i}`))),
);
for (const [token, amount] of [
  [weth, 10n ** 18n],
  [usdc, 10_000n * 10n ** 6n],
] as const) {
  await token.write.mint([admin.account.address, amount * BigInt(accounts.length)]);
  await token.write.approve([exchange.address, amount * BigInt(accounts.length)]);
  for (const a of accounts) {
    const hash = await exchange.write.depositTo([token.address, amount, a.address]);
    await services.trading.submitLedger({
      type: "deposit-credited",
      depositId: `${hash}:0`,
      account: a.address,
      token: token.address,
      amount,
    });
  }
}

log(`signing ${2 * PAIRS} orders…`);
const domain = exchangeDomain(chainId, exchange.address);
const bodies: unknown[] = [];
for (let i = 0; i < PAIRS; i++) {
  for (const [who, side] of [
    [accounts[i], 1],
    [accounts[PAIRS + i], 0],
  ] as const) {
    const o: Order = {
      maker: who.address.toLowerCase() as Address,
      baseToken: weth.address.toLowerCase() as Address,
      quoteToken: usdc.address.toLowerCase() as Address,
      side,
      baseAmount: 100n * LOT,
      quoteAmount: 100n * 3000n * TICK,
      triggerQuoteAmount: 0n,
      nonce: 1n,
      expiry: 0n,
      maxFeeBps: 30,
      timeInForce: 0,
      flags: 0,
      selfTradePrevention: 0,
    };
    bodies.push(toWireSignedOrder({ order: o, signature: await who.signTypedData(orderTypedData(domain, o)) }));
  }
}

log("placing orders; the settler runs alongside…");
const settler = services.settler!;
settler.start();
const started = performance.now();
for (const body of bodies) await services.orders.place(body);
while (finalAt.size < PAIRS) await new Promise((r) => setTimeout(r, 5));
const ended = performance.now();
await settler.stop();

const batches = settler.list();
const gas = batches.reduce((sum, b) => sum + BigInt(b.inclusion?.gasUsed ?? "0"), 0n);
const fills = batches.reduce((n, b) => n + b.fills.length, 0);
const latencies = [...finalAt.entries()].map(([id, at]) => at - matchedAt.get(id)!).sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const result = {
  fillsPerSec: Math.round(fills / ((ended - started) / 1000)),
  gasPerFill: Number(gas / BigInt(fills)),
  matchToFinalP50Ms: Math.round(pct(50)),
  matchToFinalP99Ms: Math.round(pct(99)),
  batches: batches.length,
  meanBatchSize: Math.round(fills / batches.length),
};
await services.close();
await rm(dataDir, { recursive: true, force: true });

if (json) {
  console.log(
    JSON.stringify({
      fillsPerSec: result.fillsPerSec,
      gasPerFill: result.gasPerFill,
      matchToFinalP99Ms: result.matchToFinalP99Ms,
      matchToFinalP50Ms: result.matchToFinalP50Ms,
      batches: result.batches,
      meanBatchSize: result.meanBatchSize,
    }),
  );
} else {
  console.log("\nfills  batches  mean batch  fills/s  gas/fill  match→final p50  p99");
  console.log(
    `${String(fills).padStart(5)}  ${String(result.batches).padStart(7)}  ${String(result.meanBatchSize).padStart(10)}  ${String(result.fillsPerSec).padStart(7)}  ${result.gasPerFill.toLocaleString("en").padStart(8)}  ${`${result.matchToFinalP50Ms} ms`.padStart(15)}  ${result.matchToFinalP99Ms} ms`,
  );
  console.log(
    "\nembedded chain (EDR, automining), 1 confirmation; compare gas/fill with `npm run bench:gas` scenario A (same fill shape)",
  );
}
