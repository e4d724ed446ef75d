// npm run bench:gas [-- --json]
// Gas per fill (receipt gasUsed / fills: base cost and calldata included) of Exchange.settle for
// batches of 1, 10, 50 and 100 fills in two scenarios, each on a freshly deployed exchange:
//   A, worst case: every fill between a new maker order and a new taker order of distinct accounts, fully filled.
//   B, market maker: one maker order of one market maker, filled by N different takers.
// Every account holds both tokens before and after (steady state: no balance is created, as a first receipt
// of a token would be — 20,000 gas more for that account — and none is emptied, which would earn a refund).
import { network } from "hardhat";
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import {
  buildBatch,
  exchangeDomain,
  orderTypedData,
  Side,
  type Fill,
  type Order,
  type SignedOrder,
} from "../protocol/index.js";
import { deployBenchExchange } from "./bench/bench-exchange.js";

const BATCH_SIZES = [1, 10, 50, 100];
const TARGETS = { A: 50_000, B: 25_000 } as const;
const json = process.argv.includes("--json");
const log = (line: string) => {
  if (!json) console.error(line);
};

const { viem } = await network.create();
const publicClient = await viem.getPublicClient();
const [admin, operator] = await viem.getWalletClients();
const chainId = await publicClient.getChainId();

const accounts: PrivateKeyAccount[] = Array.from({ length: 201 }, (_, i) =>
  privateKeyToAccount(keccak256(toHex(`bench-gas-account-${i}`))),
);

async function deployMarket() {
  const { exchange, weth, usdc } = await deployBenchExchange(viem);
  const total = 10n ** 30n;
  for (const token of [weth, usdc]) {
    await token.write.mint([admin.account.address, total]);
    await token.write.approve([exchange.address, total]);
  }
  const operatorExchange = await viem.getContractAt("Exchange", exchange.address, { client: { wallet: operator } });
  const domain = exchangeDomain(chainId, exchange.address);
  /** Deposits for each account (depositTo), the way a user's first deposit registers it. */
  async function fund(who: PrivateKeyAccount[], token: typeof weth, amount: bigint) {
    const hashes: Hex[] = [];
    for (const account of who) hashes.push(await exchange.write.depositTo([token.address, amount, account.address]));
    await Promise.all(hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash })));
  }
  function order(maker: PrivateKeyAccount, side: Side, baseAmount: bigint, nonce: bigint): Order {
    return {
      maker: maker.address,
      baseToken: weth.address,
      quoteToken: usdc.address,
      side,
      baseAmount,
      quoteAmount: (baseAmount * 3000n * 10n ** 6n) / 10n ** 18n,
      triggerQuoteAmount: 0n,
      nonce,
      expiry: 4_000_000_000n,
      maxFeeBps: 20,
      timeInForce: 0,
      flags: 0,
      selfTradePrevention: 0,
    };
  }
  async function sign(account: PrivateKeyAccount, o: Order): Promise<SignedOrder> {
    const signature = await account.signTypedData(orderTypedData(domain, o));
    return { order: o, signature };
  }
  async function settle(orders: SignedOrder[], fills: Fill[]): Promise<bigint> {
    const hash = await operatorExchange.write.settle([buildBatch(1n, orders, fills)]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error("settle reverted");
    return receipt.gasUsed;
  }
  return { weth, usdc, fund, order, sign, settle };
}

const ONE = 10n ** 18n;
const PRICE = 3000n * 10n ** 6n;

function fillOf(makerIndex: number, takerIndex: number, base: bigint): Fill {
  const quote = (base * PRICE) / ONE;
  // maker 0.05 % and taker 0.10 % of what each receives (the maker sells, so it receives quote)
  return {
    makerIndex,
    takerIndex,
    baseAmount: base,
    quoteAmount: quote,
    makerFee: quote / 2000n,
    takerFee: base / 1000n,
  };
}

async function scenarioA(fills: number): Promise<bigint> {
  const m = await deployMarket();
  const makers = accounts.slice(0, fills);
  const takers = accounts.slice(100, 100 + fills);
  await m.fund([...makers, ...takers], m.weth, 2n * ONE);
  await m.fund([...makers, ...takers], m.usdc, 2n * PRICE);
  const orders: SignedOrder[] = [];
  const batchFills: Fill[] = [];
  for (let i = 0; i < fills; i++) {
    orders.push(await m.sign(makers[i], m.order(makers[i], Side.SELL, ONE, 1n)));
    orders.push(await m.sign(takers[i], m.order(takers[i], Side.BUY, ONE, 1n)));
    batchFills.push(fillOf(2 * i, 2 * i + 1, ONE));
  }
  return m.settle(orders, batchFills);
}

async function scenarioB(fills: number): Promise<bigint> {
  const m = await deployMarket();
  const marketMaker = accounts[200];
  const takers = accounts.slice(0, fills);
  await m.fund([marketMaker, ...takers], m.weth, 2n * BigInt(fills) * ONE);
  await m.fund([marketMaker, ...takers], m.usdc, 2n * PRICE);
  const orders: SignedOrder[] = [await m.sign(marketMaker, m.order(marketMaker, Side.SELL, BigInt(fills) * ONE, 1n))];
  const batchFills: Fill[] = [];
  for (let i = 0; i < fills; i++) {
    orders.push(await m.sign(takers[i], m.order(takers[i], Side.BUY, ONE, 1n)));
    batchFills.push(fillOf(0, i + 1, ONE));
  }
  return m.settle(orders, batchFills);
}

const scenarios: { name: "A" | "B"; batch: number; gasPerFill: number; gasUsed: number }[] = [];
for (const [name, run] of [
  ["A", scenarioA],
  ["B", scenarioB],
] as const) {
  for (const batch of BATCH_SIZES) {
    log(`scenario ${name}: settling a batch of ${batch} fills…`);
    const gasUsed = await run(batch);
    scenarios.push({ name, batch, gasUsed: Number(gasUsed), gasPerFill: Math.round(Number(gasUsed) / batch) });
  }
}

if (json) {
  console.log(
    JSON.stringify({ scenarios: scenarios.map(({ name, batch, gasPerFill }) => ({ name, batch, gasPerFill })) }),
  );
} else {
  console.log("\nscenario  fills  gas used     gas/fill   target @100");
  for (const s of scenarios) {
    const target =
      s.batch === 100
        ? `${TARGETS[s.name].toLocaleString("en")} ${s.gasPerFill <= TARGETS[s.name] ? "met" : "MISSED"}`
        : "";
    console.log(
      `${s.name.padEnd(9)} ${String(s.batch).padStart(5)}  ${s.gasUsed.toLocaleString("en").padStart(11)}  ${s.gasPerFill.toLocaleString("en").padStart(9)}   ${target}`,
    );
  }
  console.log("\ngas/fill = receipt gasUsed / fills (includes the 21,000 base cost and calldata)");
}
