/** `npm run deploy`'s settings: flags and variables, defaults, and a ConfigError naming the setting, never its value. */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "mocha";
import { ConfigError, type Env } from "../../../relayer/config/index.js";
import {
  DEFAULT_CANCEL_DELAY,
  DEFAULT_EXIT_DELAY,
  parseDeployArguments,
  readDeploySettings,
} from "../../../scripts/deploy-exchange/settings.js";
import { demoMarkets } from "../../../scripts/start/demo-market.js";

// Hardhat's accounts #0 (the deployer here), #1 and #2.
const DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const OPERATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OTHER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("npm run deploy settings", () => {
  let dir: string;
  let env: Env;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "deploy-settings-test-"));
    const demo = demoMarkets({ WETH: `0x${"1".repeat(40)}`, USDC: `0x${"2".repeat(40)}` });
    await writeFile(join(dir, "markets.json"), JSON.stringify(demo));
    await writeFile(
      join(dir, "proofs.json"),
      JSON.stringify({ markets: demo.markets.map((m) => ({ ...m, mode: "auction", proofs: true })) }),
    );
    env = {
      RPC_URL: "http://127.0.0.1:8545",
      DEPLOYER_PRIVATE_KEY: DEPLOYER_KEY,
      OPERATOR_ADDRESS: OPERATOR,
      MARKETS_FILE: join(dir, "markets.json"),
    };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function refused(overrides: Env): Promise<ConfigError> {
    const merged = Object.fromEntries(Object.entries({ ...env, ...overrides }).filter(([, v]) => v !== undefined));
    try {
      await readDeploySettings(merged);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error;
    }
    assert.fail(`accepted ${JSON.stringify(overrides)}`);
  }

  function refusedArguments(argv: string[]): ConfigError {
    try {
      parseDeployArguments(argv);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error;
    }
    assert.fail(`accepted ${argv.join(" ")}`);
  }

  it("reads every setting, with the deployer as admin, the admin as fee recipient and the embedded chain's delays by default", async () => {
    const s = await readDeploySettings(env);
    assert.equal(s.deployer.address, DEPLOYER);
    assert.deepEqual([s.admin, s.operator, s.feeRecipient], [DEPLOYER, OPERATOR, DEPLOYER]);
    assert.deepEqual([s.cancelDelay, s.exitDelay], [DEFAULT_CANCEL_DELAY, DEFAULT_EXIT_DELAY]);
    assert.equal(s.markets?.markets[0].id, "WETH-USDC");
    assert.deepEqual([s.demoTokens, s.fundAccounts, s.auctionOperator], [false, [], null]);
    const custom = await readDeploySettings({
      ...env,
      ADMIN_ADDRESS: OTHER.toLowerCase(),
      CANCEL_DELAY: "0",
      EXIT_DELAY: "1209600",
    });
    assert.deepEqual(
      [custom.admin, custom.feeRecipient, custom.cancelDelay, custom.exitDelay],
      [OTHER, OTHER, 0n, 1_209_600n],
    );
  });

  it("takes each setting as a flag too, the flag winning over the variable", async () => {
    const { env: flags, help } = parseDeployArguments([
      "--rpc-url",
      "http://10.0.0.1:8545",
      "--fee-recipient=" + OTHER,
      "--demo-tokens",
      "--fund-accounts",
      `${OPERATOR},${OTHER}`,
    ]);
    assert.equal(help, false);
    assert.deepEqual(flags, {
      RPC_URL: "http://10.0.0.1:8545",
      FEE_RECIPIENT: OTHER,
      DEMO_TOKENS: "1",
      FUND_ACCOUNTS: `${OPERATOR},${OTHER}`,
    });
    const s = await readDeploySettings({ ...env, MARKETS_FILE: join(dir, "new.json"), ...flags });
    assert.deepEqual([s.rpcUrl, s.feeRecipient, s.demoTokens, s.markets], ["http://10.0.0.1:8545", OTHER, true, null]);
    assert.deepEqual(s.fundAccounts, [OPERATOR, OTHER]);
    assert.equal(parseDeployArguments(["--help"]).help, true);
  });

  it("refuses a key or a password as a flag, naming the setting but not the value", () => {
    for (const argv of [
      ["--deployer-private-key", DEPLOYER_KEY],
      [`--deployer-private-key=${DEPLOYER_KEY}`],
      ["--deployer-keystore-password", "hunter2-secret"],
    ]) {
      const error = refusedArguments(argv);
      assert.equal(error.code, "CONFIG_INVALID");
      assert.match(error.message, /^DEPLOYER_(PRIVATE_KEY|KEYSTORE_PASSWORD): cannot be a flag/);
      assert.ok(!error.message.includes(DEPLOYER_KEY.slice(2)) && !error.message.includes("hunter2"), error.message);
    }
  });

  it("refuses unknown flags, flags without their value and positional arguments", () => {
    assert.match(refusedArguments(["--rpc", "http://x"]).message, /has no flag --rpc/);
    assert.match(refusedArguments(["--rpc-url"]).message, /RPC_URL: --rpc-url needs a value/);
    assert.match(refusedArguments(["--demo-tokens=yes"]).message, /DEMO_TOKENS: --demo-tokens takes no value/);
    const positional = refusedArguments([DEPLOYER_KEY]);
    assert.match(positional.message, /takes no positional arguments/);
    assert.ok(!positional.message.includes(DEPLOYER_KEY.slice(2)));
  });

  it("refuses a missing RPC URL, deployer key, operator or markets file with CONFIG_MISSING naming it", async () => {
    for (const name of ["RPC_URL", "OPERATOR_ADDRESS", "MARKETS_FILE"]) {
      const error = await refused({ [name]: undefined });
      assert.equal(error.code, "CONFIG_MISSING");
      assert.equal(error.setting, name);
    }
    const noKey = await refused({ DEPLOYER_PRIVATE_KEY: undefined });
    assert.equal(noKey.code, "CONFIG_MISSING");
    assert.match(
      noKey.message,
      /^DEPLOYER_PRIVATE_KEY: is not set, nor DEPLOYER_KEYSTORE: the deployer key is required/,
    );
  });

  it("refuses invalid values with CONFIG_INVALID, never repeating them", async () => {
    const cases: [Env, string, RegExp][] = [
      [{ RPC_URL: "ftp://127.0.0.1" }, "RPC_URL", /must be an http\(s\):\/\/ or ws\(s\):\/\/ URL/],
      [{ DEPLOYER_PRIVATE_KEY: `${DEPLOYER_KEY}00` }, "DEPLOYER_PRIVATE_KEY", /is not a 32-byte hex private key/],
      [{ OPERATOR_ADDRESS: "0x1234" }, "OPERATOR_ADDRESS", /is not a 20-byte hex address/],
      [{ FEE_RECIPIENT: `0x${"0".repeat(40)}` }, "FEE_RECIPIENT", /is the zero address/],
      [{ CANCEL_DELAY: "86401" }, "CANCEL_DELAY", /must be an integer in 0\.\.86400/],
      [{ EXIT_DELAY: "599" }, "EXIT_DELAY", /must be an integer in 600\.\.1209600/],
      [{ EXIT_DELAY: "1e4" }, "EXIT_DELAY", /must be an integer/],
      [{ DEMO_TOKENS: "yes" }, "DEMO_TOKENS", /must be 1 or true/],
      [{ MARKETS_FILE: join(dir, "missing.json") }, "MARKETS_FILE", /cannot read/],
    ];
    for (const [overrides, setting, message] of cases) {
      const error = await refused(overrides);
      assert.equal(error.code, "CONFIG_INVALID", `${setting}: ${error.message}`);
      assert.equal(error.setting, setting);
      assert.match(error.message, message);
      assert.ok(!error.message.includes(DEPLOYER_KEY.slice(2)), error.message);
    }
  });

  it("refuses DEMO_TOKENS over an existing markets file, which may be a running relayer's", async () => {
    const error = await refused({ DEMO_TOKENS: "1" });
    assert.equal(error.setting, "MARKETS_FILE");
    assert.match(error.message, /exists, and DEMO_TOKENS writes a new one/);
  });

  it("refuses FUND_ACCOUNTS without demo tokens, and a list with a bad or repeated address", async () => {
    assert.match((await refused({ FUND_ACCOUNTS: OPERATOR })).message, /FUND_ACCOUNTS: funds with demo tokens only/);
    const demo = { DEMO_TOKENS: "true", MARKETS_FILE: join(dir, "new.json") };
    assert.match(
      (await refused({ ...demo, FUND_ACCOUNTS: `${OPERATOR},nope` })).message,
      /FUND_ACCOUNTS: item 2 is not a 20-byte hex address/,
    );
    assert.match(
      (await refused({ ...demo, FUND_ACCOUNTS: `${OPERATOR},${OPERATOR.toLowerCase()}` })).message,
      /lists an address twice/,
    );
  });

  it("requires an auction operator exactly when a market has proofs", async () => {
    const proofs = { MARKETS_FILE: join(dir, "proofs.json") };
    const s = await readDeploySettings({ ...env, ...proofs, AUCTION_OPERATOR_ADDRESS: OTHER.toLowerCase() });
    assert.equal(s.auctionOperator, OTHER);
    const missing = await refused(proofs);
    assert.deepEqual([missing.code, missing.setting], ["CONFIG_MISSING", "AUCTION_OPERATOR_ADDRESS"]);
    assert.match(missing.message, /market\(s\) WETH-USDC settle only with proofs/);
    const unused = await refused({ AUCTION_OPERATOR_ADDRESS: OTHER });
    assert.deepEqual([unused.code, unused.setting], ["CONFIG_INVALID", "AUCTION_OPERATOR_ADDRESS"]);
    assert.match(unused.message, /no market has proofs/);
  });

  it("refuses the operator's address as the auction operator's: the two settlers need keys of their own", async () => {
    const error = await refused({
      MARKETS_FILE: join(dir, "proofs.json"),
      AUCTION_OPERATOR_ADDRESS: OPERATOR.toLowerCase(),
    });
    assert.equal(error.setting, "AUCTION_OPERATOR_ADDRESS");
    assert.match(error.message, /needs a key of its own/);
  });
});
