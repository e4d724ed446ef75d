/**
 * Admission benchmark: order signatures verified per second.
 *
 *   npm run bench:admission            readable table
 *   npm run bench:admission -- --json  one JSON object
 *   options: --orders N (pre-signed orders, default 20,000)  --baseline-orders N (default 2,000: the generic path
 *            is slow)  --runs N (measured runs per path, default 3)  --workers N (pool size, default: CPUs)
 *
 * Paths, each checking that the signature recovers to the order's maker:
 *   generic   viem: hashTypedData + recoverTypedDataAddress (pure-JS noble secp256k1), the baseline
 *   single    relayer/admission verifyOrder: fixed-layout orderDigest + native secp256k1 recovery, one thread
 *   pool      VerifierPool.verifyMany over all orders, one worker per CPU (structured clone of the orders included)
 * and, to show where the time goes, hashing alone: viem's generic hashOrder against orderDigest.
 *
 * Method: orders are random (seeded) and signed before any timing, by 8 viem local accounts (`account.sign` of the
 * order's digest: the signature signTypedData makes). The pool is started, and every path run once, before timing.
 * Each figure is the median of `--runs` runs; every run verifies the whole set and must accept every order.
 */
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  domainSeparator,
  exchangeDomain,
  hashOrder,
  orderDigest,
  orderTypedData,
  type Order,
} from "../protocol/index.js";
import { secp256k1Implementation } from "../relayer/admission/ecdsa.js";
import { verifyOrder } from "../relayer/admission/order-verifier.js";
import { VerifierPool, type VerifyItem } from "../relayer/admission/verifier-pool.js";
import { seededRandom } from "../test/support/seeded-random.js";

// ---------- options ----------
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const JSON_OUTPUT = args.includes("--json");
const ORDERS = option("orders", 20_000);
const BASELINE_ORDERS = Math.min(option("baseline-orders", 2_000), ORDERS);
const RUNS = option("runs", 3);
const WORKERS = option("workers", availableParallelism());

// ---------- workload ----------
const domain = exchangeDomain(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
const separator = domainSeparator(domain);
const accounts = Array.from({ length: 8 }, (_, i) =>
  privateKeyToAccount(`0x${(i + 1).toString(16).padStart(64, "0")}`),
);
const WETH = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2";
const USDC = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";

async function signedOrders(count: number): Promise<VerifyItem[]> {
  const next = seededRandom(7); // every run signs the same orders
  const items: VerifyItem[] = [];
  for (let i = 0; i < count; i++) {
    const account = accounts[i % accounts.length];
    const order: Order = {
      maker: account.address,
      baseToken: WETH,
      quoteToken: USDC,
      side: next() < 0.5 ? 0 : 1,
      baseAmount: BigInt(Math.floor(next() * 1e6) + 1) * 10n ** 12n,
      quoteAmount: BigInt(Math.floor(next() * 1e9) + 1) * 10n ** 3n,
      triggerQuoteAmount: 0n,
      nonce: BigInt(i + 1),
      expiry: next() < 0.5 ? 0n : 1_800_000_000n + BigInt(i),
      maxFeeBps: 30,
      timeInForce: 0,
      flags: 0,
      selfTradePrevention: 0,
    };
    items.push({ separator, order, signature: await account.sign({ hash: orderDigest(separator, order) }) });
  }
  return items;
}

// ---------- paths ----------
async function generic(items: VerifyItem[]): Promise<number> {
  let accepted = 0;
  for (const { order, signature } of items) {
    const signer = await recoverTypedDataAddress({ ...orderTypedData(domain, order), signature });
    if (signer === order.maker) accepted++;
  }
  return accepted;
}

function single(items: VerifyItem[]): number {
  let accepted = 0;
  for (const { separator, order, signature } of items) if (verifyOrder(separator, order, signature).ok) accepted++;
  return accepted;
}

async function pooled(pool: VerifierPool, items: VerifyItem[]): Promise<number> {
  return (await pool.verifyMany(items)).filter((verdict) => verdict.ok).length;
}

function hashGeneric(items: VerifyItem[]): number {
  for (const { order } of items) hashOrder(domain, order);
  return items.length;
}

function hashFixed(items: VerifyItem[]): number {
  for (const { separator, order } of items) orderDigest(separator, order);
  return items.length;
}

// ---------- measurement ----------
interface Result {
  path: string;
  description: string;
  orders: number;
  seconds: number;
  perSecond: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(
  path: string,
  description: string,
  items: VerifyItem[],
  run: (items: VerifyItem[]) => number | Promise<number>,
): Promise<Result> {
  await run(items.slice(0, Math.min(items.length, 500))); // warm-up: JIT, caches, worker start-up paths
  const seconds: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    const accepted = await run(items);
    seconds.push((performance.now() - start) / 1000);
    if (accepted !== items.length) throw new Error(`${path}: accepted ${accepted} of ${items.length}`);
  }
  const s = median(seconds);
  return { path, description, orders: items.length, seconds: s, perSecond: items.length / s };
}

async function main() {
  const log = (line: string) => JSON_OUTPUT || console.error(line);
  log(`signing ${ORDERS.toLocaleString("en")} orders…`);
  const items = await signedOrders(ORDERS);
  const pool = await VerifierPool.start({ size: WORKERS });
  try {
    log("measuring…");
    const results: Result[] = [
      await measure(
        "generic",
        "viem hashTypedData + recoverTypedDataAddress (JS)",
        items.slice(0, BASELINE_ORDERS),
        generic,
      ),
      await measure("single", "orderDigest + native recovery, 1 thread", items, single),
      await measure("pool", `VerifierPool, ${WORKERS} workers`, items, (batch) => pooled(pool, batch)),
      await measure("hash-generic", "hashing only: viem hashOrder", items, hashGeneric),
      await measure("hash-fixed", "hashing only: orderDigest", items, hashFixed),
    ];
    const baseline = results[0].perSecond;
    const environment = {
      node: process.versions.node,
      cpus: availableParallelism(),
      workers: WORKERS,
      runs: RUNS,
      secp256k1: secp256k1Implementation(),
    };
    if (JSON_OUTPUT) {
      const byPath = Object.fromEntries(
        results.map(({ path, ...rest }) => [path, { ...rest, speedup: rest.perSecond / baseline }]),
      );
      console.log(JSON.stringify({ ...environment, results: byPath }));
      return;
    }
    const rows = [
      ["path", "what", "orders", "median s", "per second", "vs generic"],
      ...results.map((r) => [
        r.path,
        r.description,
        r.orders.toLocaleString("en"),
        r.seconds.toFixed(3),
        Math.round(r.perSecond).toLocaleString("en"),
        `${(r.perSecond / baseline).toFixed(1)}x`,
      ]),
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
    console.log(
      `Node ${environment.node}, ${environment.cpus} CPUs, secp256k1 ${environment.secp256k1.kind}, median of ${RUNS} runs`,
    );
    for (const row of rows)
      console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  } finally {
    await pool.close();
  }
}

await main();
