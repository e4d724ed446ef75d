// The real-chain path as a newcomer walks it (docs/operations.md, "Rehearse on a standalone chain"): a standalone
// Hardhat node (`hardhat node`, interval mining), `npm run deploy` against it with a keystore, the `npm start` line it
// prints run in real-chain mode, two funded accounts trading through the SDK, and the fill final on-chain. Every
// part is a real child process on 127.0.0.1; nothing is wired by hand.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encryptKeystoreJson, Wallet } from "ethers";
import hre from "hardhat";
import {
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  encodeAbiParameters,
  parseAbi,
  parseUnits,
  toHex,
  zeroHash,
  type Address,
  type Hex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { after, before, describe, it } from "mocha";
import { RelayerClient } from "../../relayer/client/index.js";
import type { SettlementNotice } from "../../relayer/wire/private-messages.js";
import { demoMarkets } from "../../scripts/start/demo-market.js";
import { eventually, waitFor } from "./npm-start.js";

const MNEMONIC = "test test test test test test test test test test test junk";
const account = (index: number) => mnemonicToAccount(MNEMONIC, { addressIndex: index });
const keyOf = (index: number) => toHex(account(index).getHdKey().privateKey!);
const [, operator, feeRecipient, , alice, bob, deployer, admin, auctionOperator] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map(
  account,
);
const PASSWORD = "deploy-test-password-4c1e";
// Names `npm run deploy` and `npm start` read: none may leak in from the environment the tests run in.
const SETTINGS =
  /^(RPC_URL|DEPLOYER_|OPERATOR_|ADMIN_ADDRESS|FEE_RECIPIENT|CANCEL_DELAY|EXIT_DELAY|MARKETS_FILE|DEMO_TOKENS|FUND_ACCOUNTS|AUCTION_|EXCHANGE_ADDRESS|FROM_BLOCK|CONFIRMATIONS|RELAYER_PORT|DATA_DIR)/;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SETTINGS.test(name)));

interface Child {
  child: ChildProcess;
  /** stdout and stderr so far (the last 200 kB: the node logs every request). */
  output(): string;
  exited: Promise<number | null>;
}

/** A child process in its own process group, so that stopping it stops what it started (npm → tsx → node). */
function run(command: string, args: string[], env: Record<string, string>): Child {
  const child = spawn(command, args, {
    env: { ...cleanEnv, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const take = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-200_000));
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function stop(c: Child | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (c === undefined || c.child.exitCode !== null || c.child.signalCode !== null) return c?.child.exitCode ?? null;
  try {
    process.kill(-c.child.pid!, signal);
  } catch {
    // the group is gone already
  }
  return c.exited;
}

function assertHides(out: string, ...secrets: string[]): void {
  for (const secret of secrets)
    assert.ok(
      !out.toLowerCase().includes(secret.replace(/^0x/, "").toLowerCase()),
      `the output shows a secret:\n${out}`,
    );
}

/** The `NAME=value` assignments of the printed `… npm start` line. */
function assignments(line: string): Record<string, string> {
  return Object.fromEntries([...line.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]]));
}

describe("npm run deploy, then npm start against the deployed exchange, on a standalone Hardhat node", function () {
  this.timeout(300_000);
  let dir: string;
  let node: Child | undefined;
  let start: Child | undefined;
  let rpcUrl: string;

  before(async function () {
    this.timeout(90_000);
    dir = await mkdtemp(join(tmpdir(), "deploy-test-"));
    node = run(
      process.execPath,
      ["node_modules/hardhat/dist/src/cli.js", "node", "--hostname", "127.0.0.1", "--port", "0"],
      {},
    );
    rpcUrl = (await waitFor(node, /JSON-RPC server at (http:\/\/127\.0\.0\.1:\d+)\//, 80_000))[1];
  });

  after(async () => {
    for (const c of [start, node]) {
      if ((await Promise.race([stop(c), new Promise((r) => setTimeout(() => r("late"), 10_000))])) === "late")
        await stop(c, "SIGKILL");
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("mines blocks on its own, so that confirmations advance without transactions", async () => {
    const client = createPublicClient({ transport: http(rpcUrl) });
    const first = await client.getBlockNumber({ cacheTime: 0 });
    await eventually("a block mined by the interval", 10_000, async () =>
      (await client.getBlockNumber({ cacheTime: 0 })) > first ? true : undefined,
    );
  });

  it("deploys with a keystore, funds two accounts, and the printed npm start settles their trade on-chain", async () => {
    const keystore = await encryptKeystoreJson(
      { address: new Wallet(keyOf(0)).address, privateKey: keyOf(0) },
      PASSWORD,
      { scrypt: { N: 1 << 12 } },
    );
    await writeFile(join(dir, "deployer.json"), keystore);
    await writeFile(join(dir, "password.txt"), `${PASSWORD}\n`);
    const marketsFile = join(dir, "markets.json");

    // Settings from the environment and from flags, as the docs show both.
    const deploy = run(
      "npm",
      ["run", "deploy", "--", "--demo-tokens", "--fund-accounts", `${alice.address},${bob.address}`],
      {
        RPC_URL: rpcUrl,
        DEPLOYER_KEYSTORE: join(dir, "deployer.json"),
        DEPLOYER_KEYSTORE_PASSWORD_FILE: join(dir, "password.txt"),
        OPERATOR_ADDRESS: operator.address,
        FEE_RECIPIENT: feeRecipient.address,
        MARKETS_FILE: marketsFile,
      },
    );
    assert.equal(await deploy.exited, 0, deploy.output());
    const printed = deploy.output();
    assertHides(printed, keyOf(0), PASSWORD);
    const line = printed.split("\n").find((l) => /\bnpm start\s*$/.test(l));
    assert.ok(line !== undefined, `no npm start line:\n${printed}`);
    const next = assignments(line);
    assert.equal(next.RPC_URL, rpcUrl);
    assert.equal(next.MARKETS_FILE, marketsFile);
    assert.match(next.EXCHANGE_ADDRESS ?? "", /^0x[0-9a-fA-F]{40}$/);
    assert.match(next.FROM_BLOCK ?? "", /^[1-9][0-9]*$/);
    assert.match(line, new RegExp(`OPERATOR_PRIVATE_KEY=<key of ${operator.address}>`, "i"));
    const markets = JSON.parse(await readFile(marketsFile, "utf8")) as {
      markets: { id: string; base: { address: Address }; quote: { address: Address } }[];
    };
    assert.deepEqual(
      markets.markets.map((m) => m.id),
      ["WETH-USDC"],
    );

    // The line as printed, with the operator's key in place of the placeholder and the test's own port, data and
    // confirmations (2: the node mines a block a second).
    start = run("npm", ["start"], {
      ...next,
      OPERATOR_PRIVATE_KEY: keyOf(1),
      CONFIRMATIONS: "2",
      RELAYER_PORT: "0",
      DATA_DIR: join(dir, "data"),
    });
    const relayerUrl = (await waitFor(start, /Relayer\s+(http:\/\/\S+)/, 120_000))[1];
    await waitFor(start, /Ctrl-C stops the relayer and the chain watcher\./, 30_000);

    const [a, b] = await Promise.all([
      RelayerClient.connect(relayerUrl, alice),
      RelayerClient.connect(relayerUrl, bob),
    ]);
    try {
      const market = a.market("WETH-USDC");
      const { base, quote } = market;
      // The deposits the deploy made reach the ledger through the chain watcher, after 2 confirmations.
      for (const [client, who] of [
        [a, alice],
        [b, bob],
      ] as const) {
        await eventually(`the deposits of ${who.address}`, 30_000, async () => {
          const { balances } = await client.rest.balances(who.address);
          const deposited = (token: string) =>
            balances.find((e) => e.token.toLowerCase() === token.toLowerCase())?.available;
          return deposited(base.address) === parseUnits("100", 18).toString() &&
            deposited(quote.address) === parseUnits("300000", 6).toString()
            ? true
            : undefined;
        });
      }

      const session = await b.login();
      const settlements: SettlementNotice[] = [];
      session.on("settlement", (notice) => settlements.push(notice));
      // 1 WETH at 3,000 USDC: 1,000 lots of 0.001 WETH at 300,000 ticks of 0.01 USDC per WETH.
      await a.place(market.id, { side: "sell", lots: 1000n, priceTicks: 300_000n });
      const buy = await b.place(market.id, { side: "buy", lots: 1000n, priceTicks: 300_000n });
      assert.equal(buy.fills.length, 1);
      const final = await eventually("the fill's final settlement", 60_000, async () =>
        settlements.find((s) => s.state === "final"),
      );
      session.close();

      const chain = createPublicClient({ transport: http(rpcUrl) });
      const receipt = await chain.getTransactionReceipt({ hash: final.txHash! });
      assert.equal(receipt.status, "success");
      assert.equal(receipt.to?.toLowerCase(), next.EXCHANGE_ADDRESS!.toLowerCase());
      const balanceOf = parseAbi(["function balanceOf(address account, address token) view returns (uint256)"]);
      const onChain = (who: Address, token: string) =>
        chain.readContract({
          address: next.EXCHANGE_ADDRESS as Address,
          abi: balanceOf,
          functionName: "balanceOf",
          args: [who, token as Address],
        });
      // Fees come out of what each side receives: A sold 1 WETH for 3,000 USDC less the 0.1 % maker fee, B bought
      // it for 3,000 USDC and received it less the 0.2 % taker fee.
      assert.equal(await onChain(alice.address, base.address), parseUnits("99", 18));
      assert.equal(await onChain(alice.address, quote.address), parseUnits("302997", 6));
      assert.equal(await onChain(bob.address, base.address), parseUnits("100.998", 18));
      assert.equal(await onChain(bob.address, quote.address), parseUnits("297000", 6));
      assert.equal(await onChain(feeRecipient.address, base.address), parseUnits("0.002", 18));
      assert.equal(await onChain(feeRecipient.address, quote.address), parseUnits("3", 6));
    } finally {
      a.close();
      b.close();
    }

    // Ctrl-C in the terminal: SIGINT to the whole group (npm, its shell, tsx, node).
    await stop(start, "SIGINT");
    assert.match(start.output(), /stopping the relayer and the chain watcher/);
    assertHides(start.output(), keyOf(1));
  });
  it("fails in one line that shows neither the RPC URL's path and query nor the key, when the chain does not answer", async () => {
    const deploy = run("npm", ["run", "-s", "deploy", "--", "--demo-tokens"], {
      RPC_URL: "http://127.0.0.1:1/v2/s3cr3tApiKey?token=s3cr3tToken",
      DEPLOYER_PRIVATE_KEY: keyOf(6),
      OPERATOR_ADDRESS: operator.address,
      MARKETS_FILE: join(dir, "unreachable.json"),
    });
    assert.equal(await deploy.exited, 1, deploy.output());
    assert.match(deploy.output(), /connecting to http:\/\/127\.0\.0\.1:1\/…/);
    assert.match(deploy.output(), /deploy failed: HTTP request failed\./);
    assertHides(deploy.output(), "s3cr3t", keyOf(6));
  });

  describe("with an operator's own tokens already on the chain", () => {
    let tokens: { WETH: Address; USDC: Address };
    const deployEnv = () => ({ RPC_URL: rpcUrl, DEPLOYER_PRIVATE_KEY: keyOf(6), OPERATOR_ADDRESS: operator.address });

    before(async function () {
      this.timeout(60_000);
      const chain = createPublicClient({ transport: http(rpcUrl) });
      const wallet = createWalletClient({ transport: http(rpcUrl), account: account(0) });
      const { abi, bytecode } = await hre.artifacts.readArtifact("TestToken");
      const deployToken = async (symbol: string, decimals: number) => {
        const hash = await wallet.deployContract({
          abi,
          bytecode: bytecode as Hex,
          args: [symbol, symbol, decimals],
          chain: null,
        });
        return (await chain.waitForTransactionReceipt({ hash })).contractAddress!;
      };
      tokens = { WETH: await deployToken("WETH", 18), USDC: await deployToken("USDC", 6) };
    });

    it("refuses a markets file whose token decimals differ from the chain's, before sending a transaction", async () => {
      const markets = demoMarkets(tokens);
      markets.markets[0].base.decimals = 6;
      await writeFile(join(dir, "wrong-decimals.json"), JSON.stringify(markets));
      const deploy = run("npm", ["run", "-s", "deploy"], {
        ...deployEnv(),
        MARKETS_FILE: join(dir, "wrong-decimals.json"),
      });
      assert.equal(await deploy.exited, 1, deploy.output());
      assert.match(
        deploy.output(),
        /configuration error \(CONFIG_INVALID\): MARKETS_FILE: market WETH-USDC: base token WETH \(0x[0-9a-fA-F]{40}\) has 18 decimals on chain 31337, the file says 6/,
      );
      assertHides(deploy.output(), keyOf(6));
      const chain = createPublicClient({ transport: http(rpcUrl) });
      assert.equal(await chain.getTransactionCount({ address: deployer.address }), 0, "the deployer sent nothing");
    });

    it("with a proofs market, deploys AuctionSettlement ready to settle it, hands the admin role over, and npm start accepts it", async () => {
      const proofs = {
        markets: demoMarkets(tokens).markets.map((m) => ({ ...m, mode: "auction" as const, proofs: true })),
      };
      await writeFile(join(dir, "proofs.json"), JSON.stringify(proofs));
      const deploy = run("npm", ["run", "-s", "deploy"], {
        ...deployEnv(),
        MARKETS_FILE: join(dir, "proofs.json"),
        ADMIN_ADDRESS: admin.address,
        AUCTION_OPERATOR_ADDRESS: auctionOperator.address,
      });
      assert.equal(await deploy.exited, 0, deploy.output());
      assertHides(deploy.output(), keyOf(6));
      const line = deploy
        .output()
        .split("\n")
        .find((l) => /\bnpm start\s*$/.test(l))!;
      const next = assignments(line);
      assert.match(line, new RegExp(`AUCTION_OPERATOR_PRIVATE_KEY=<key of ${auctionOperator.address}>`, "i"));
      const exchange = next.EXCHANGE_ADDRESS as Address;
      const settlement = next.AUCTION_SETTLEMENT_ADDRESS as Address;

      const chain = createPublicClient({ transport: http(rpcUrl) });
      const roles = parseAbi([
        "function hasRole(bytes32 role, address account) view returns (bool)",
        "function AUCTION_SETTLER_ROLE() view returns (bytes32)",
        "function OPERATOR_ROLE() view returns (bytes32)",
        "function verifiers(uint256 slots) view returns (address target, bytes4 selector, uint16 publicInputs)",
        "function markets(bytes32 key) view returns (uint128 lotSize, uint128 tickSize, uint32 lastPrice)",
      ]);
      const hasRole = (at: Address, role: Hex, who: Address) =>
        chain.readContract({ address: at, abi: roles, functionName: "hasRole", args: [role, who] });
      assert.equal(
        await hasRole(
          exchange,
          await chain.readContract({ address: exchange, abi: roles, functionName: "AUCTION_SETTLER_ROLE" }),
          settlement,
        ),
        true,
      );
      assert.equal(
        await hasRole(
          settlement,
          await chain.readContract({ address: settlement, abi: roles, functionName: "OPERATOR_ROLE" }),
          auctionOperator.address,
        ),
        true,
      );
      for (const at of [exchange, settlement]) {
        assert.equal(await hasRole(at, zeroHash, admin.address), true, "the admin administers");
        assert.equal(await hasRole(at, zeroHash, deployer.address), false, "the deployer keeps no role");
      }
      const [verifier] = await chain.readContract({
        address: settlement,
        abi: roles,
        functionName: "verifiers",
        args: [32n],
      });
      assert.notEqual(verifier, "0x0000000000000000000000000000000000000000");
      const key = keccak256(
        encodeAbiParameters([{ type: "address" }, { type: "address" }], [tokens.WETH, tokens.USDC]),
      );
      const [lotSize, tickSize] = await chain.readContract({
        address: settlement,
        abi: roles,
        functionName: "markets",
        args: [key],
      });
      assert.deepEqual([lotSize, tickSize], [BigInt(proofs.markets[0].lotSize), BigInt(proofs.markets[0].tickSize)]);

      // npm start checks every one of these roles before it starts the auction settler.
      const proved = run("npm", ["start"], {
        ...next,
        OPERATOR_PRIVATE_KEY: keyOf(1),
        AUCTION_OPERATOR_PRIVATE_KEY: keyOf(8),
        CONFIRMATIONS: "2",
        RELAYER_PORT: "0",
        DATA_DIR: join(dir, "data-proofs"),
      });
      try {
        await waitFor(proved, new RegExp(`Auctions\\s+proved through ${settlement}`, "i"), 120_000);
      } finally {
        await stop(proved, "SIGINT");
      }
      assertHides(proved.output(), keyOf(1), keyOf(8));
    });
  });
});
