// npm run sim:settlement-blocks [-- --json] [-- --block-ms 12000] [-- --fill-rate 6.5] [-- --seconds 48] [-- --delay-ms 1000]
// Settlement on a chain with slow blocks: an in-process Hardhat chain (EDR) with automine off, mining a block every
// --block-ms, while pairs of crossing orders are placed through the order service at --fill-rate fills per second for
// --seconds, then nothing. The same trading runs under each settlement policy, each on a fresh chain:
//   one-at-a-time   maxInFlight 1, no merging (the settler before issue 11: one transaction per block)
//   default         maxInFlight 8, queues merge while the pipeline is full
// Measured per policy: fills, batches, the settlement lag (age of the oldest fill not final; median and max of samples
// every 500 ms), how long the backlog took to drain once trading stopped (seconds and blocks), and gas per fill.
// --json prints one object: { blockMs, fillRate, seconds, policies: [{ policy, fills, batches, lagP50S, lagMaxS,
// drainS, drainBlocks, gasPerFill }] }.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { keccak256, toHex, type PublicClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { exchangeDomain, orderTypedData, type Order } from "../protocol/index.js";
import { toWireSignedOrder } from "../relayer/orders/index.js";
import { openServices } from "../relayer/open-services.js";
import { SETTLEMENT_LOT as LOT, SETTLEMENT_TICK as TICK } from "./bench/settlement-market.js";
import type { SettlerOptions } from "../relayer/settlement/index.js";
import { deployBenchExchange } from "./bench/bench-exchange.js";

const json = process.argv.includes("--json");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const BLOCK_MS = arg("block-ms", 12_000);
const FILL_RATE = arg("fill-rate", 6.5);
const SECONDS = arg("seconds", 48);
const DELAY_MS = arg("delay-ms", 1_000);
const TRADERS = 8;
const OPERATOR_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // Hardhat account #1
const log = (line: string) => {
  if (!json) console.error(line);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const POLICIES: { policy: string; settings: Partial<SettlerOptions> }[] = [
  { policy: "one-at-a-time", settings: { maxInFlight: 1, mergeWhenBehind: false } },
  { policy: "default", settings: {} },
];

async function run(settings: Partial<SettlerOptions>) {
  const { viem, provider } = await network.create();
  const rpc = (method: string, params: unknown[] = []) => provider.request({ method, params });
  const publicClient = await viem.getPublicClient();
  const [admin, , feeRecipient] = await viem.getWalletClients();
  const chainId = await publicClient.getChainId();
  const { exchange, weth, usdc } = await deployBenchExchange(viem);
  const dataDir = await mkdtemp(join(tmpdir(), "sim-settlement-"));
  const services = await openServices({
    dataDir,
    chainId,
    exchange: exchange.address,
    feeRecipient: feeRecipient.account.address,
    markets: {
      markets: [
        {
          id: "WETH-USDC",
          engineId: 1,
          base: { symbol: "WETH", address: weth.address.toLowerCase(), decimals: 18 },
          quote: { symbol: "USDC", address: usdc.address.toLowerCase(), decimals: 6 },
          lotSize: LOT.toString(),
          tickSize: TICK.toString(),
          minSize: 1,
          makerFeeBps: 10,
          takerFeeBps: 20,
          mode: "continuous",
        },
      ],
    },
    settlement: {
      client: publicClient as unknown as PublicClient,
      account: privateKeyToAccount(OPERATOR_KEY),
      confirmations: 1,
      batchPolicy: { maxDelayMs: DELAY_MS },
      pollIntervalMs: 100,
      reconcileIntervalMs: 0,
      onAlert: (a) => log(`alert: ${a.kind}`),
      ...settings,
    },
  });
  try {
    const traders: PrivateKeyAccount[] = Array.from({ length: TRADERS }, (_, i) =>
      privateKeyToAccount(keccak256(toHex(`sim-settlement-${i}`))),
    );
    for (const [token, amount] of [
      [weth, 10n ** 21n],
      [usdc, 10n ** 13n],
    ] as const) {
      await token.write.mint([admin.account.address, amount * BigInt(TRADERS)]);
      await token.write.approve([exchange.address, amount * BigInt(TRADERS)]);
      for (const t of traders) {
        const hash = await exchange.write.depositTo([token.address, amount, t.address]);
        await services.trading.submitLedger({
          type: "deposit-credited",
          depositId: `${hash}:0`,
          account: t.address,
          token: token.address,
          amount,
        });
      }
    }
    const domain = exchangeDomain(chainId, exchange.address);
    let nonce = 0n;
    const place = async (who: PrivateKeyAccount, side: 0 | 1) => {
      const o: Order = {
        maker: who.address.toLowerCase() as `0x${string}`,
        baseToken: weth.address.toLowerCase() as `0x${string}`,
        quoteToken: usdc.address.toLowerCase() as `0x${string}`,
        side,
        baseAmount: LOT,
        quoteAmount: 3000n * TICK,
        triggerQuoteAmount: 0n,
        nonce: ++nonce,
        expiry: 0n,
        maxFeeBps: 30,
        timeInForce: 0,
        flags: 0,
        selfTradePrevention: 0,
      };
      return services.orders.place(
        toWireSignedOrder({ order: o, signature: await who.signTypedData(orderTypedData(domain, o)) }),
      );
    };

    await rpc("evm_setAutomine", [false]);
    await rpc("evm_setIntervalMining", [BLOCK_MS]);
    const settler = services.settler!;
    settler.start();
    const lags: number[] = [];
    const lagOf = async () =>
      Number(/^relayer_settlement_lag_seconds (\S+)$/m.exec(await services.metrics.metrics())?.[1] ?? NaN);
    const sampler = setInterval(() => void lagOf().then((l) => lags.push(l)), 500);

    const started = Date.now();
    let fills = 0;
    for (let i = 0; Date.now() - started < SECONDS * 1000; i++) {
      const due = started + (i * 1000) / FILL_RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      await place(traders[(2 * i) % TRADERS], 1);
      fills += (await place(traders[(2 * i + 1) % TRADERS], 0)).fills.length;
    }
    const stoppedAt = Date.now();
    const stoppedBlock = await publicClient.getBlockNumber();
    const drainLimit = stoppedAt + Math.max(20 * BLOCK_MS, 60_000);
    while (!settler.idle && Date.now() < drainLimit) await sleep(100);
    const drained = settler.idle;
    const drainS = (Date.now() - stoppedAt) / 1000;
    const drainBlocks = Number((await publicClient.getBlockNumber()) - stoppedBlock);
    clearInterval(sampler);
    await settler.stop();

    const batches = settler.list();
    const settled = batches.filter((b) => b.state === "final");
    const gas = settled.reduce((sum, b) => sum + BigInt(b.inclusion?.gasUsed ?? "0"), 0n);
    const settledFills = settled.reduce((n, b) => n + b.fills.length, 0);
    const sorted = [...lags].sort((a, b) => a - b);
    return {
      fills,
      batches: batches.length,
      lagP50S: Number(sorted[Math.floor(sorted.length / 2)].toFixed(1)),
      lagMaxS: Number(sorted[sorted.length - 1].toFixed(1)),
      drainS: drained ? Number(drainS.toFixed(1)) : null,
      drainBlocks: drained ? drainBlocks : null,
      gasPerFill: settledFills === 0 ? null : Number(gas / BigInt(settledFills)),
    };
  } finally {
    await rpc("evm_setIntervalMining", [0]).catch(() => undefined);
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (const { policy, settings } of POLICIES) {
  log(
    `${policy}: ${SECONDS} s of trading at ${FILL_RATE} fills/s, a block every ${BLOCK_MS} ms, batches every ${DELAY_MS} ms…`,
  );
  results.push({ policy, ...(await run(settings)) });
}

if (json) {
  console.log(JSON.stringify({ blockMs: BLOCK_MS, fillRate: FILL_RATE, seconds: SECONDS, policies: results }));
} else {
  const cell = (v: number | null, unit = "") => (v === null ? "—" : `${v.toLocaleString("en")}${unit}`);
  console.log(`\npolicy          fills  batches  lag p50  lag max  drained after       gas/fill`);
  for (const r of results) {
    const drain = r.drainS === null ? "not drained" : `${r.drainS} s (${r.drainBlocks} blocks)`;
    console.log(
      `${r.policy.padEnd(14)}  ${String(r.fills).padStart(5)}  ${String(r.batches).padStart(7)}  ${cell(r.lagP50S, " s").padStart(7)}  ${cell(r.lagMaxS, " s").padStart(7)}  ${drain.padEnd(18)}  ${cell(r.gasPerFill).padStart(8)}`,
    );
  }
  console.log(
    `\na block every ${BLOCK_MS} ms (EDR, automine off), ${FILL_RATE} fills/s for ${SECONDS} s, batches close every ${DELAY_MS} ms, 1 confirmation`,
  );
}
