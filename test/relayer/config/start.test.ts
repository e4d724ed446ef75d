// `npm start` against a real chain, as a child process (scripts/start.ts) on a Hardhat JSON-RPC server with the
// exchange deployed: it starts with the settings from the environment, and neither its startup text nor its
// configuration errors ever contain the operator key or the keystore password.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encryptKeystoreJson, Wallet } from "ethers";
import hre from "hardhat";
import { createWalletClient, getContract, http, parseAbi, type Hex } from "viem";
import { hardhat } from "viem/chains";
import { after, before, describe, it } from "mocha";
import { demoMarkets } from "../../../scripts/start/demo-market.js";
import { startLocalChain, type LocalChain } from "../../../scripts/start/local-chain.js";
import { LOG_LEVELS } from "../../../relayer/log/index.js";

// Hardhat's account #1, the operator startLocalChain grants OPERATOR_ROLE to; #5 holds no role.
const OPERATOR_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const OTHER_KEY = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
const PASSWORD = "start-test-password-7f3a";
// Hardhat's account #3: the AuctionSettlement's own operator in the proofs test.
const AUCTION_OPERATOR_KEY = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";
const AUCTION_OPERATOR = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

interface Run {
  code: number | null;
  out: string;
}

/** Runs scripts/start.ts with `env`; once `until` appears on stdout it is stopped with SIGTERM. `watch` sees the output so far and may stop it. */
function runStart(
  env: Record<string, string>,
  until?: string,
  watch?: (out: string, stop: () => void) => void,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", RELAYER_PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const take = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      watch?.(out, () => child.kill("SIGTERM"));
      if (until !== undefined && out.includes(until)) child.kill("SIGTERM");
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

/** A port on 127.0.0.1 where nothing listens (it was just free). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface SecretProxy {
  rpcUrl: string;
  port: number;
  secrets: string[];
  failing: boolean;
  failAfter: number;
  close(): Promise<void>;
}

/**
 * A JSON-RPC proxy to `upstream` at a URL whose user-info, path and query hold secrets (as a provider's API key);
 * it answers only there, and answers 503 to every call once `failing` is set or after `failAfter` answers.
 */
async function secretProxy(upstream: string): Promise<SecretProxy> {
  const secrets = ["pw-e2c917a4", "key-31e8c0f5", "query-a64d2b"];
  let answered = 0;
  const server = createServer((req, res) => {
    if (req.url !== `/v3/${secrets[1]}?apikey=${secrets[2]}`) return void res.writeHead(404).end();
    if (state.failing || answered >= state.failAfter)
      return void res.writeHead(503, { "content-type": "text/plain" }).end("upstream down");
    answered++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      fetch(upstream, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.concat(chunks),
      }).then(
        async (answer) => res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text()),
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const state = {
    rpcUrl: `http://operator:${secrets[0]}@127.0.0.1:${port}/v3/${secrets[1]}?apikey=${secrets[2]}`,
    port,
    secrets,
    failing: false,
    failAfter: Number.POSITIVE_INFINITY,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return state;
}

function assertHides(out: string, ...secrets: string[]): void {
  for (const secret of secrets)
    assert.ok(
      !out.toLowerCase().includes(secret.replace(/^0x/, "").toLowerCase()),
      `the output shows a secret:\n${out}`,
    );
}

describe("npm start against a real chain", function () {
  let chain: LocalChain;
  let dir: string;
  let base: Record<string, string>;

  before(async () => {
    chain = await startLocalChain({ host: "127.0.0.1", port: 0, step: () => {} });
    dir = await mkdtemp(join(tmpdir(), "start-test-"));
    await writeFile(join(dir, "markets.json"), JSON.stringify(demoMarkets(chain.tokens)));
    base = {
      RPC_URL: chain.rpcUrl,
      EXCHANGE_ADDRESS: chain.exchange,
      CONFIRMATIONS: "2",
      FROM_BLOCK: String(chain.exchangeBlock),
      MARKETS_FILE: join(dir, "markets.json"),
    };
  });
  after(async () => {
    await chain?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("starts with OPERATOR_PRIVATE_KEY, prints the operator's address and never the key", async () => {
    const run = await runStart(
      { ...base, OPERATOR_PRIVATE_KEY: OPERATOR_KEY, DATA_DIR: join(dir, "data-key") },
      "Ctrl-C stops",
    );
    assert.match(run.out, /Hybrid exchange — relayer on chain 31337/);
    assert.ok(run.out.toLowerCase().includes(chain.operator.toLowerCase()), "the operator's address is shown");
    assert.match(run.out, /2 confirmations/);
    assertHides(run.out, OPERATOR_KEY);
    assert.equal(run.code, 0, run.out);
  });

  it("starts with an encrypted keystore and a password file, and shows neither the key nor the password", async () => {
    const keystore = await encryptKeystoreJson(
      { address: new Wallet(OPERATOR_KEY).address, privateKey: OPERATOR_KEY },
      PASSWORD,
      { scrypt: { N: 1 << 12 } },
    );
    await writeFile(join(dir, "operator.json"), keystore);
    await writeFile(join(dir, "password.txt"), `${PASSWORD}\n`);
    const env = {
      ...base,
      OPERATOR_KEYSTORE: join(dir, "operator.json"),
      OPERATOR_KEYSTORE_PASSWORD_FILE: join(dir, "password.txt"),
      DATA_DIR: join(dir, "data-keystore"),
    };
    const run = await runStart(env, "Ctrl-C stops");
    assert.ok(run.out.toLowerCase().includes(chain.operator.toLowerCase()));
    assertHides(run.out, OPERATOR_KEY, PASSWORD);
  });

  it("exits 1 with KEYSTORE_WRONG_PASSWORD, showing neither the key nor the password tried", async () => {
    const env = {
      ...base,
      OPERATOR_KEYSTORE: join(dir, "operator.json"),
      OPERATOR_KEYSTORE_PASSWORD: "not-the-password-91c2",
    };
    const run = await runStart(env);
    assert.equal(run.code, 1);
    assert.match(run.out, /configuration error \(KEYSTORE_WRONG_PASSWORD\): OPERATOR_KEYSTORE/);
    assertHides(run.out, OPERATOR_KEY, PASSWORD, "not-the-password-91c2");
  });

  it("exits 1 when the key is not the exchange's operator, naming its address but not the key", async () => {
    const run = await runStart({ ...base, OPERATOR_PRIVATE_KEY: OTHER_KEY, DATA_DIR: join(dir, "data-other") });
    assert.equal(run.code, 1);
    assert.match(
      run.out,
      /configuration error \(CONFIG_INVALID\): OPERATOR_PRIVATE_KEY: the operator key's address 0x[0-9a-fA-F]{40} does not hold/,
    );
    assertHides(run.out, OTHER_KEY);
  });

  it("with a proofs market, checks the AuctionSettlement's roles, then starts its settler with the auction operator key", async () => {
    const auctionMarkets = {
      markets: demoMarkets(chain.tokens).markets.map((m) => ({ ...m, mode: "auction", proofs: true })),
    };
    await writeFile(join(dir, "proofs.json"), JSON.stringify(auctionMarkets));
    const wallet = createWalletClient({ chain: hardhat, transport: http(chain.rpcUrl) });
    const [admin] = await wallet.getAddresses();
    const { abi, bytecode } = await hre.artifacts.readArtifact("AuctionSettlement");
    const deployed = await chain.client.waitForTransactionReceipt({
      hash: await wallet.deployContract({
        abi,
        bytecode: bytecode as Hex,
        args: [admin, AUCTION_OPERATOR, chain.exchange],
        account: admin,
      }),
    });
    const auctionSettlement = deployed.contractAddress!;
    const env = {
      ...base,
      MARKETS_FILE: join(dir, "proofs.json"),
      OPERATOR_PRIVATE_KEY: OPERATOR_KEY,
      AUCTION_SETTLEMENT_ADDRESS: auctionSettlement,
      AUCTION_OPERATOR_PRIVATE_KEY: AUCTION_OPERATOR_KEY,
    };

    const refused = await runStart({ ...env, DATA_DIR: join(dir, "data-proofs-refused") });
    assert.equal(refused.code, 1);
    assert.match(
      refused.out,
      /CONFIG_INVALID\): AUCTION_SETTLEMENT_ADDRESS: the auction settlement contract 0x[0-9a-fA-F]{40} does not hold AUCTION_SETTLER_ROLE/,
    );

    const exchange = getContract({
      address: chain.exchange,
      abi: parseAbi([
        "function AUCTION_SETTLER_ROLE() view returns (bytes32)",
        "function grantRole(bytes32 role, address account)",
      ]),
      client: { public: chain.client, wallet },
    });
    await chain.client.waitForTransactionReceipt({
      hash: await exchange.write.grantRole([await exchange.read.AUCTION_SETTLER_ROLE(), auctionSettlement], {
        account: admin,
        chain: hardhat,
      }),
    });
    const run = await runStart({ ...env, DATA_DIR: join(dir, "data-proofs") }, "Ctrl-C stops");
    assert.ok(run.out.toLowerCase().includes(`proved through ${auctionSettlement.toLowerCase()}`), run.out);
    assert.ok(
      run.out.toLowerCase().includes(AUCTION_OPERATOR.toLowerCase()),
      "the auction operator's address is shown",
    );
    assertHides(run.out, OPERATOR_KEY, AUCTION_OPERATOR_KEY);
    assert.equal(run.code, 0, run.out);
  });

  it("exits 1 with one line RPC_UNREACHABLE, no stack trace and no secret of the URL, when the chain node does not answer", async () => {
    const closed = await closedPort();
    for (const rpcUrl of [
      `http://user:pw-7a1c@127.0.0.1:${closed}/v3/key-9d2e41?apikey=query-5b7f`,
      `ws://127.0.0.1:${closed}/ws/key-9d2e41`,
    ]) {
      const run = await runStart({
        ...base,
        RPC_URL: rpcUrl,
        OPERATOR_PRIVATE_KEY: OPERATOR_KEY,
        DATA_DIR: join(dir, "data-unreachable"),
      });
      assert.equal(run.code, 1, run.out);
      const lines = run.out.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("… "));
      assert.equal(lines.length, 1, run.out);
      assert.match(
        lines[0]!,
        new RegExp(
          `^configuration error \\(RPC_UNREACHABLE\\): RPC_URL: ${rpcUrl.slice(0, 5)}.*127\\.0\\.0\\.1:${closed}/… does not answer`,
        ),
      );
      assertHides(run.out, "key-9d2e41", "query-5b7f", "pw-7a1c", OPERATOR_KEY);
    }
  });

  it("never shows the RPC URL's path, query or user-info, in the banner or in the log lines of failing RPC calls", async function () {
    this.timeout(120_000);
    const proxy = await secretProxy(chain.rpcUrl);
    try {
      // Up and printed: from now on every RPC call fails; the watcher polls every 2 s, so 7 s see a few failures.
      const run = runStart(
        { ...base, RPC_URL: proxy.rpcUrl, OPERATOR_PRIVATE_KEY: OPERATOR_KEY, DATA_DIR: join(dir, "data-secret-url") },
        undefined,
        (out, stop) => {
          if (!proxy.failing && out.includes("Ctrl-C stops")) {
            proxy.failing = true;
            setTimeout(stop, 7_000);
          }
        },
      );
      const { code, out } = await run;
      assert.equal(code, 0, out);
      assert.match(out, new RegExp(`RPC URL\\s+http://127\\.0\\.0\\.1:${proxy.port}/…`));
      const logged = out.split("\n").filter((l) => l.startsWith("{"));
      assert.ok(logged.length > 0, out);
      for (const line of logged) {
        const entry = JSON.parse(line) as { level?: unknown; time?: unknown; msg?: unknown };
        assert.ok((LOG_LEVELS as readonly unknown[]).includes(entry.level), `a log line without its level: ${line}`);
        assert.ok(
          typeof entry.time === "string" && !Number.isNaN(Date.parse(entry.time)),
          `a log line without its time: ${line}`,
        );
        assert.equal(typeof entry.msg, "string", `a log line without its message: ${line}`);
      }
      assert.ok(
        logged.some(
          (l) =>
            JSON.parse(l).level === "error" &&
            JSON.parse(l).msg === "chain watcher: step failed; the next step retries",
        ),
        out,
      );
      assertHides(out, ...proxy.secrets, OPERATOR_KEY);
    } finally {
      await proxy.close();
    }
  });

  it("exits 1 with one line and no secret of the RPC URL when the node fails during the start's checks", async () => {
    const proxy = await secretProxy(chain.rpcUrl);
    try {
      proxy.failAfter = 1; // eth_chainId answers; the exchange's code check fails
      const run = await runStart({
        ...base,
        RPC_URL: proxy.rpcUrl,
        OPERATOR_PRIVATE_KEY: OPERATOR_KEY,
        DATA_DIR: join(dir, "data-secret-checks"),
      });
      assert.equal(run.code, 1, run.out);
      const lines = run.out.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("… "));
      assert.deepEqual(lines, ["start failed: HttpRequestError: HTTP request failed."]);
      assertHides(run.out, ...proxy.secrets, OPERATOR_KEY);
    } finally {
      await proxy.close();
    }
  });

  it("exits 1 with CONFIG_MISSING for a missing exchange address, and with CONFIG_INVALID for a malformed key", async () => {
    const { EXCHANGE_ADDRESS: _omit, ...noExchange } = base;
    const missing = await runStart({ ...noExchange, OPERATOR_PRIVATE_KEY: OPERATOR_KEY });
    assert.equal(missing.code, 1);
    assert.match(
      missing.out,
      /configuration error \(CONFIG_MISSING\): EXCHANGE_ADDRESS is not set|CONFIG_MISSING\): EXCHANGE_ADDRESS: is not set/,
    );
    const malformed = `${OPERATOR_KEY}ff`;
    const bad = await runStart({ ...base, OPERATOR_PRIVATE_KEY: malformed });
    assert.equal(bad.code, 1);
    assert.match(bad.out, /CONFIG_INVALID\): OPERATOR_PRIVATE_KEY: is not a 32-byte hex private key/);
    assertHides(bad.out, malformed, OPERATOR_KEY);
  });
});
