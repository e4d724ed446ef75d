// A Safe trades on the relayer that `npm start` runs, in both of its modes (scripts/start/embedded.ts and
// scripts/start/real-chain.ts): the start script as a child process (Node 22 + tsx) on free ports with its data in a
// temp dir, a Safe 1.5 deployed on its chain with two owners (threshold 2) and the CompatibilityFallbackHandler, and
// every message the Safe sends signed through EIP-1271: the login, orders, a cancel, a cancel-all and a withdrawal.
// The Safe's sell is settled on-chain and its withdrawal executed, so the contract agreed with the relayer too.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "mocha";
import {
  createPublicClient,
  createWalletClient,
  hashTypedData,
  http,
  parseAbi,
  parseUnits,
  type Address,
  type PublicClient,
} from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { RelayerClient, type TypedDataSigner } from "../../relayer/client/index.js";
import type { SettlementNotice } from "../../relayer/wire/private-messages.js";
import { demoMarkets } from "../../scripts/start/demo-market.js";
import { startLocalChain, type LocalChain } from "../../scripts/start/local-chain.js";
import { deploySafeContractsWith, signAsSafe } from "../contracts/safe.js";
import { eventually, waitFor } from "./npm-start.js";

const MNEMONIC = "test test test test test test test test test test test junk";
// Hardhat's account #1: the operator both modes use (startLocalChain grants it OPERATOR_ROLE).
const OPERATOR_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
// Funded test accounts (#3 on): #4 takes the Safe's sell; #5 deploys the Safe and deposits for it from its wallet.
const taker = mnemonicToAccount(MNEMONIC, { addressIndex: 4 });
const funder = mnemonicToAccount(MNEMONIC, { addressIndex: 5 });

const TOKEN_ABI = parseAbi([
  "function approve(address spender, uint256 amount) returns (bool)",
  "function balanceOf(address account) view returns (uint256)",
]);
const EXCHANGE_ABI = parseAbi([
  "function depositTo(address token, uint256 amount, address account)",
  "function balanceOf(address account, address token) view returns (uint256)",
]);

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startScript(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function stop(started: Started | undefined): Promise<void> {
  if (started === undefined || started.child.exitCode !== null) return;
  started.child.kill("SIGTERM");
  const code = await Promise.race([started.exited, new Promise((r) => setTimeout(() => r("timeout"), 20_000))]);
  if (code === "timeout") {
    started.child.kill("SIGKILL");
    await started.exited;
  }
}

/** The Safe as an SDK account: every EIP-712 message it "signs" is the owners' SafeMessage over that message's hash. */
function safeAccount(
  chainId: number,
  safe: Address,
  owners: ReturnType<typeof privateKeyToAccount>[],
): TypedDataSigner {
  return { address: safe, signTypedData: (typedData) => signAsSafe(chainId, safe, hashTypedData(typedData), owners) };
}

/** Deploys a Safe on the relayer's chain, funds it in the exchange, and trades from it through every signed message. */
async function tradeFromSafe(relayerUrl: string, rpcUrl: string): Promise<void> {
  const chain = createPublicClient({ chain: hardhat, transport: http(rpcUrl) }) as PublicClient;
  const wallet = createWalletClient({ chain: hardhat, transport: http(rpcUrl), account: funder });
  const chainId = await chain.getChainId();
  const owners = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())];
  const { createSafe } = await deploySafeContractsWith(chain, wallet);
  const safe = (
    await createSafe(
      owners.map((o) => o.address),
      2n,
    )
  ).address;

  const client = await RelayerClient.connect(relayerUrl, safeAccount(chainId, safe, owners));
  const takerClient = await RelayerClient.connect(relayerUrl, taker);
  const market = client.market("WETH-USDC");
  const [weth, usdc] = [market.base.address as Address, market.quote.address as Address];
  const exchange = client.info.exchange;
  try {
    // Someone deposits for the Safe (Custody.depositTo); the relayer credits it from the chain.
    const deposit = parseUnits("2", 18);
    const send = async (
      address: Address,
      abi: typeof TOKEN_ABI | typeof EXCHANGE_ABI,
      functionName: string,
      args: unknown[],
    ) =>
      chain.waitForTransactionReceipt({
        hash: await wallet.writeContract({ address, abi, functionName, args } as never),
      });
    await send(weth, TOKEN_ABI, "approve", [exchange, deposit]);
    await send(exchange, EXCHANGE_ABI, "depositTo", [weth, deposit, safe]);
    await eventually("the Safe's deposit credited", 30_000, async () => {
      const { balances } = await client.rest.balances(safe);
      return (
        balances.some((b) => b.token.toLowerCase() === weth.toLowerCase() && b.available === deposit.toString()) ||
        undefined
      );
    });

    const session = await client.login();
    assert.equal(session.address.toLowerCase(), safe.toLowerCase());
    const settlements: SettlementNotice[] = [];
    session.on("settlement", (notice) => settlements.push(notice));

    // 1 WETH at 3,000 USDC: 1,000 lots of 0.001 WETH at 300,000 ticks of 0.01 USDC.
    const sell = await client.place(market.id, { side: "sell", lots: 1_000n, priceTicks: 300_000n });
    assert.equal(sell.status, "open");
    const buy = await takerClient.place(market.id, { side: "buy", lots: 1_000n, priceTicks: 300_000n });
    assert.equal(buy.fills.length, 1);
    const final = await eventually("the Safe's fill final on-chain", 60_000, async () =>
      settlements.find((s) => s.state === "final"),
    );
    assert.match(final.txHash, /^0x[0-9a-f]{64}$/);
    const onChain = (token: Address) =>
      chain.readContract({ address: exchange, abi: EXCHANGE_ABI, functionName: "balanceOf", args: [safe, token] });
    assert.equal(await onChain(weth), parseUnits("1", 18));
    const proceeds = await onChain(usdc);
    assert.ok(
      proceeds > 0n && proceeds < parseUnits("3000", 6),
      `the Safe received ${proceeds} USDC units less its fee`,
    );

    const resting = await client.place(market.id, { side: "sell", lots: 1n, priceTicks: 900_000n });
    assert.equal((await client.cancel(resting.orderHash)).status, "cancelled");
    const another = await client.place(market.id, { side: "sell", lots: 1n, priceTicks: 900_000n });
    assert.deepEqual((await client.cancelAll(market.id)).cancelled, [another.orderHash]);

    const requested = await client.withdraw(usdc, proceeds);
    assert.equal(requested.status, "requested");
    await eventually("the Safe's withdrawal executed on-chain", 60_000, async () => {
      const held = await chain.readContract({ address: usdc, abi: TOKEN_ABI, functionName: "balanceOf", args: [safe] });
      return held === proceeds || undefined;
    });
    session.close();
  } finally {
    client.close();
    takerClient.close();
  }
}

describe("npm start with a contract wallet (Safe 1.5, EIP-1271)", function () {
  this.timeout(240_000);
  let dir: string;
  let started: Started | undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "start-safe-"));
  });

  afterEach(async () => {
    await stop(started);
    started = undefined;
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("on the embedded chain, accepts a Safe's login, orders, cancels and withdrawal, and settles its trade", async () => {
    started = startScript({ RPC_PORT: "0", RELAYER_PORT: "0", DATA_DIR: join(dir, "embedded") });
    await waitFor(started, "Ctrl-C stops the relayer, the deposit watcher and the chain.", 120_000);
    const relayerUrl = /Relayer\s+(http:\/\/\S+)/.exec(started.output())?.[1];
    const rpcUrl = /RPC URL\s+(http:\/\/\S+)/.exec(started.output())?.[1];
    assert.ok(relayerUrl && rpcUrl, started.output());
    await tradeFromSafe(relayerUrl, rpcUrl);
  });

  describe("against a real chain (RPC_URL)", () => {
    let chain: LocalChain;

    before(async () => {
      chain = await startLocalChain({ host: "127.0.0.1", port: 0, step: () => {} });
    });

    after(async () => {
      await chain?.close();
    });

    it("accepts a Safe's login, orders, cancels and withdrawal, and settles its trade", async () => {
      const marketsFile = join(dir, "markets.json");
      await writeFile(marketsFile, JSON.stringify(demoMarkets(chain.tokens)));
      started = startScript({
        RPC_URL: chain.rpcUrl,
        EXCHANGE_ADDRESS: chain.exchange,
        OPERATOR_PRIVATE_KEY: OPERATOR_KEY,
        CONFIRMATIONS: "1",
        FROM_BLOCK: String(chain.exchangeBlock),
        MARKETS_FILE: marketsFile,
        RELAYER_PORT: "0",
        DATA_DIR: join(dir, "real-chain"),
      });
      await waitFor(started, "Ctrl-C stops the relayer and the chain watcher.", 120_000);
      const relayerUrl = /Relayer\s+(http:\/\/\S+)/.exec(started.output())?.[1];
      assert.ok(relayerUrl, started.output());
      await tradeFromSafe(relayerUrl, chain.rpcUrl);
    });
  });
});
