/** The real-chain settings: defaults, and a typed ConfigError naming the variable for each missing or invalid one. */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "mocha";
import { ConfigError, DEFAULT_CONFIRMATIONS, readChainConfig, type Env } from "../../../relayer/config/index.js";
import { demoMarkets } from "../../../scripts/start/demo-market.js";

const KEY = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
const EXCHANGE = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const AUCTION = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const AUCTION_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

describe("real-chain configuration", () => {
  let dir: string;
  let env: Env;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "chain-config-test-"));
    await writeFile(
      join(dir, "markets.json"),
      JSON.stringify(demoMarkets({ WETH: `0x${"1".repeat(40)}`, USDC: `0x${"2".repeat(40)}` })),
    );
    await writeFile(join(dir, "broken.json"), "{ not json");
    await writeFile(join(dir, "wrong.json"), JSON.stringify({ markets: [] }));
    const demo = demoMarkets({ WETH: `0x${"1".repeat(40)}`, USDC: `0x${"2".repeat(40)}` });
    await writeFile(
      join(dir, "proofs.json"),
      JSON.stringify({ markets: demo.markets.map((m) => ({ ...m, mode: "auction", proofs: true })) }),
    );
    env = {
      RPC_URL: "http://127.0.0.1:8545",
      EXCHANGE_ADDRESS: EXCHANGE,
      MARKETS_FILE: join(dir, "markets.json"),
      OPERATOR_PRIVATE_KEY: KEY,
    };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function refused(overrides: Env): Promise<ConfigError> {
    const merged = Object.fromEntries(Object.entries({ ...env, ...overrides }).filter(([, v]) => v !== undefined));
    try {
      await readChainConfig(merged);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error;
    }
    assert.fail(`accepted ${JSON.stringify(overrides)}`);
  }

  it("is null without RPC_URL: npm start keeps its embedded chain", async () => {
    assert.equal(await readChainConfig({}), null);
    assert.equal(await readChainConfig({ RPC_URL: "  ", EXCHANGE_ADDRESS: "junk" }), null);
  });

  it("reads every setting, with 12 confirmations and block 0 by default", async () => {
    const config = (await readChainConfig(env))!;
    assert.equal(config.rpcUrl, env.RPC_URL);
    assert.equal(config.exchange, EXCHANGE.toLowerCase());
    assert.equal(config.confirmations, DEFAULT_CONFIRMATIONS);
    assert.equal(config.fromBlock, 0n);
    assert.equal(config.markets.markets[0].id, "WETH-USDC");
    assert.equal(config.operator.revealPrivateKey(), KEY);
    const custom = (await readChainConfig({ ...env, CONFIRMATIONS: "3", FROM_BLOCK: "123456" }))!;
    assert.deepEqual([custom.confirmations, custom.fromBlock], [3, 123456n]);
  });

  it("reads the auction settlement and its own operator key when a market has proofs", async () => {
    const config = (await readChainConfig({
      ...env,
      MARKETS_FILE: join(dir, "proofs.json"),
      AUCTION_SETTLEMENT_ADDRESS: AUCTION,
      AUCTION_OPERATOR_PRIVATE_KEY: AUCTION_KEY,
    }))!;
    assert.equal(config.auction?.settlement, AUCTION.toLowerCase());
    assert.equal(config.auction?.operator.revealPrivateKey(), AUCTION_KEY);
    assert.equal(config.operator.revealPrivateKey(), KEY);
    assert.equal((await readChainConfig(env))!.auction, null, "no proofs market, no auction settlement");
  });

  const cases: [string, Env, ConfigError["code"], string][] = [
    ["an RPC_URL that is not a URL", { RPC_URL: "localhost:8545" }, "CONFIG_INVALID", "RPC_URL"],
    ["an RPC_URL of another scheme", { RPC_URL: "ftp://node.example" }, "CONFIG_INVALID", "RPC_URL"],
    ["no EXCHANGE_ADDRESS", { EXCHANGE_ADDRESS: undefined }, "CONFIG_MISSING", "EXCHANGE_ADDRESS"],
    [
      "an EXCHANGE_ADDRESS that is not an address",
      { EXCHANGE_ADDRESS: "0x1234" },
      "CONFIG_INVALID",
      "EXCHANGE_ADDRESS",
    ],
    ["zero CONFIRMATIONS", { CONFIRMATIONS: "0" }, "CONFIG_INVALID", "CONFIRMATIONS"],
    ["CONFIRMATIONS that are not an integer", { CONFIRMATIONS: "1.5" }, "CONFIG_INVALID", "CONFIRMATIONS"],
    ["a negative FROM_BLOCK", { FROM_BLOCK: "-1" }, "CONFIG_INVALID", "FROM_BLOCK"],
    ["no MARKETS_FILE", { MARKETS_FILE: undefined }, "CONFIG_MISSING", "MARKETS_FILE"],
    [
      "a MARKETS_FILE that does not exist",
      { MARKETS_FILE: "/nonexistent/markets.json" },
      "CONFIG_INVALID",
      "MARKETS_FILE",
    ],
    ["a MARKETS_FILE that is not JSON", { MARKETS_FILE: "broken.json" }, "CONFIG_INVALID", "MARKETS_FILE"],
    ["a MARKETS_FILE that is not a market config", { MARKETS_FILE: "wrong.json" }, "CONFIG_INVALID", "MARKETS_FILE"],
    ["no operator key", { OPERATOR_PRIVATE_KEY: undefined }, "CONFIG_MISSING", "OPERATOR_PRIVATE_KEY"],
    ["both a key and a keystore", { OPERATOR_KEYSTORE: "k.json" }, "CONFIG_INVALID", "OPERATOR_PRIVATE_KEY"],
    [
      "a keystore without a password",
      { OPERATOR_PRIVATE_KEY: undefined, OPERATOR_KEYSTORE: "k.json" },
      "CONFIG_MISSING",
      "OPERATOR_KEYSTORE_PASSWORD",
    ],
    [
      "a password and a password file",
      {
        OPERATOR_PRIVATE_KEY: undefined,
        OPERATOR_KEYSTORE: "k.json",
        OPERATOR_KEYSTORE_PASSWORD: "p",
        OPERATOR_KEYSTORE_PASSWORD_FILE: "p.txt",
      },
      "CONFIG_INVALID",
      "OPERATOR_KEYSTORE_PASSWORD",
    ],
    [
      "a keystore file that does not exist",
      { OPERATOR_PRIVATE_KEY: undefined, OPERATOR_KEYSTORE: "/nonexistent/k.json", OPERATOR_KEYSTORE_PASSWORD: "p" },
      "CONFIG_INVALID",
      "OPERATOR_KEYSTORE",
    ],
    [
      "a proofs market without AUCTION_SETTLEMENT_ADDRESS",
      { MARKETS_FILE: "proofs.json" },
      "CONFIG_MISSING",
      "AUCTION_SETTLEMENT_ADDRESS",
    ],
    [
      "an AUCTION_SETTLEMENT_ADDRESS that is not an address",
      { MARKETS_FILE: "proofs.json", AUCTION_SETTLEMENT_ADDRESS: "0x12", AUCTION_OPERATOR_PRIVATE_KEY: AUCTION_KEY },
      "CONFIG_INVALID",
      "AUCTION_SETTLEMENT_ADDRESS",
    ],
    [
      "an AUCTION_SETTLEMENT_ADDRESS with no proofs market",
      { AUCTION_SETTLEMENT_ADDRESS: AUCTION },
      "CONFIG_INVALID",
      "AUCTION_SETTLEMENT_ADDRESS",
    ],
    [
      "an auction settlement without its operator key",
      { MARKETS_FILE: "proofs.json", AUCTION_SETTLEMENT_ADDRESS: AUCTION },
      "CONFIG_MISSING",
      "AUCTION_OPERATOR_PRIVATE_KEY",
    ],
    [
      "an auction operator keystore without a password",
      { MARKETS_FILE: "proofs.json", AUCTION_SETTLEMENT_ADDRESS: AUCTION, AUCTION_OPERATOR_KEYSTORE: "k.json" },
      "CONFIG_MISSING",
      "AUCTION_OPERATOR_KEYSTORE_PASSWORD",
    ],
  ];
  for (const [what, overrides, code, setting] of cases) {
    it(`refuses ${what} with ${code} naming ${setting}`, async () => {
      const fixed = { ...overrides };
      if (fixed.MARKETS_FILE?.endsWith(".json") && !fixed.MARKETS_FILE.startsWith("/"))
        fixed.MARKETS_FILE = join(dir, fixed.MARKETS_FILE);
      const error = await refused(fixed);
      assert.deepEqual([error.code, error.setting], [code, setting]);
      assert.ok(!error.message.toLowerCase().includes(KEY.slice(2)), "the message shows the key");
    });
  }
});
