// `npm run deploy`'s settings: environment variables, or the same names as flags (RPC_URL is --rpc-url), a flag
// winning over the variable. Read into one typed value before anything is sent, so that a bad setting costs no gas.
// The conventions are `npm start`'s (relayer/config/chain-config.ts): every problem is a ConfigError naming the
// setting and never its value, and the deployer's key is read like the operator's (DEPLOYER_PRIVATE_KEY, or
// DEPLOYER_KEYSTORE with its password or password file). Secrets are refused as flags: a command line shows in the
// process list and the shell's history.
import { access } from "node:fs/promises";
import { parseArgs } from "node:util";
import { getAddress, isAddress, type Address } from "viem";
import { ConfigError, readMarkets, readOperatorKey, type Env, type OperatorKey } from "../../relayer/config/index.js";
import type { MarketRegistryConfig } from "../../relayer/markets/markets.js";
import { demoMarkets } from "../start/demo-market.js";
import { DEMO_TOKENS } from "../start/local-chain.js";

interface Setting {
  name: string;
  help: string;
  /** Only from the environment: refused as a flag. */
  secret?: true;
  /** A flag without a value (--demo-tokens); as a variable, 1 or true. */
  boolean?: true;
}

/** Every setting, in the order `--help` lists them. */
export const DEPLOY_SETTINGS: readonly Setting[] = [
  {
    name: "RPC_URL",
    help: "the chain's JSON-RPC endpoint, http(s):// or ws(s)://. Only its origin is printed (required)",
  },
  { name: "DEPLOYER_PRIVATE_KEY", secret: true, help: "the key that deploys and pays the gas, 32 bytes hex" },
  { name: "DEPLOYER_KEYSTORE", help: "or its encrypted keystore (Web3 Secret Storage v3), with" },
  { name: "DEPLOYER_KEYSTORE_PASSWORD", secret: true, help: "  its password, or" },
  { name: "DEPLOYER_KEYSTORE_PASSWORD_FILE", help: "  a file holding it" },
  {
    name: "OPERATOR_ADDRESS",
    help: "gets the exchange's OPERATOR_ROLE: the address of the key `npm start` settles with (required)",
  },
  {
    name: "ADMIN_ADDRESS",
    help: "gets DEFAULT_ADMIN_ROLE: sets parameters, grants roles, pauses (default: the deployer)",
  },
  { name: "FEE_RECIPIENT", help: "receives the trading fees (default: the admin)" },
  { name: "CANCEL_DELAY", help: "seconds before an on-chain cancel binds settlement, 0..86400 (default 60)" },
  { name: "EXIT_DELAY", help: "seconds between an exit request and the exit withdrawal, 600..1209600 (default 3600)" },
  {
    name: "MARKETS_FILE",
    help: "the markets file `npm start` reads: written with DEMO_TOKENS, otherwise read and checked against the chain (required)",
  },
  {
    name: "DEMO_TOKENS",
    boolean: true,
    help: "rehearsal: deploy two demo tokens anyone can mint (WETH-like, USDC-like) and write their market to MARKETS_FILE",
  },
  {
    name: "FUND_ACCOUNTS",
    help: "with DEMO_TOKENS: comma-separated addresses that get demo tokens deposited in the exchange and as much in their wallets",
  },
  {
    name: "AUCTION_OPERATOR_ADDRESS",
    help: "when a market has proofs: gets AuctionSettlement's OPERATOR_ROLE; an address of its own, not the operator's",
  },
];

export const DEFAULT_CANCEL_DELAY = 60n;
export const DEFAULT_EXIT_DELAY = 3600n;
/** The exchange's bounds (contracts/exchange/ExchangeConfig.sol), checked here so a bad delay reverts nothing. */
const MAX_CANCEL_DELAY = 86_400;
const MIN_EXIT_DELAY = 600;
const MAX_EXIT_DELAY = 1_209_600;
const MAX_FUND_ACCOUNTS = 100;

export interface DeploySettings {
  readonly rpcUrl: string;
  readonly deployer: OperatorKey;
  readonly admin: Address;
  readonly operator: Address;
  readonly feeRecipient: Address;
  readonly cancelDelay: bigint;
  readonly exitDelay: bigint;
  readonly marketsFile: string;
  /**
   * The markets of MARKETS_FILE (checked by MarketRegistry.fromConfig); null with DEMO_TOKENS, whose markets exist
   * only once their tokens do.
   */
  readonly markets: MarketRegistryConfig | null;
  readonly demoTokens: boolean;
  readonly fundAccounts: readonly Address[];
  readonly auctionOperator: Address | null;
}

const flagOf = (name: string) => name.toLowerCase().replaceAll("_", "-");

/**
 * The flags of `argv` as the variables they stand for, e.g. { RPC_URL: "…" } for `--rpc-url …`; `help` when
 * --help is among them. Refuses unknown flags, positional arguments and secrets, never repeating a value.
 */
export function parseDeployArguments(argv: readonly string[]): { env: Record<string, string>; help: boolean } {
  const options: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const s of DEPLOY_SETTINGS) options[flagOf(s.name)] = { type: s.boolean ? "boolean" : "string" };
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const env: Record<string, string> = {};
  let help = false;
  for (const token of tokens) {
    if (token.kind === "positional")
      throw new ConfigError(
        "CONFIG_INVALID",
        "command line",
        "takes no positional arguments: every setting is a --flag value or an environment variable",
      );
    if (token.kind !== "option") continue;
    if (token.name === "help") {
      help = true;
      continue;
    }
    const setting = DEPLOY_SETTINGS.find((s) => flagOf(s.name) === token.name);
    if (setting === undefined)
      throw new ConfigError(
        "CONFIG_INVALID",
        "command line",
        `has no flag --${token.name} (npm run deploy -- --help lists them)`,
      );
    if (setting.secret) {
      throw new ConfigError(
        "CONFIG_INVALID",
        setting.name,
        `cannot be a flag, since a command line shows in the process list and the shell's history: set it in the environment`,
      );
    }
    if (setting.boolean) {
      if (token.value !== undefined)
        throw new ConfigError("CONFIG_INVALID", setting.name, `--${token.name} takes no value`);
      env[setting.name] = "1";
    } else {
      if (token.value === undefined)
        throw new ConfigError("CONFIG_INVALID", setting.name, `--${token.name} needs a value`);
      env[setting.name] = token.value;
    }
  }
  return { env, help };
}

/** The settings from `env` (the environment with the flags applied over it). Reads the key and MARKETS_FILE. */
export async function readDeploySettings(env: Env): Promise<DeploySettings> {
  const rpcUrl = required(env, "RPC_URL");
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw new ConfigError("CONFIG_INVALID", "RPC_URL", "is not a URL");
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol))
    throw new ConfigError("CONFIG_INVALID", "RPC_URL", "must be an http(s):// or ws(s):// URL");

  const deployer = await readOperatorKey(env, "DEPLOYER");
  const operator = address(env, "OPERATOR_ADDRESS") ?? missing("OPERATOR_ADDRESS", "the exchange needs an operator");
  const admin = address(env, "ADMIN_ADDRESS") ?? deployer.address;
  const feeRecipient = address(env, "FEE_RECIPIENT") ?? admin;
  const cancelDelay = integer(env, "CANCEL_DELAY", DEFAULT_CANCEL_DELAY, 0, MAX_CANCEL_DELAY);
  const exitDelay = integer(env, "EXIT_DELAY", DEFAULT_EXIT_DELAY, MIN_EXIT_DELAY, MAX_EXIT_DELAY);

  const demoTokens = flag(env, "DEMO_TOKENS");
  const marketsFile = required(env, "MARKETS_FILE");
  let markets: MarketRegistryConfig | null = null;
  if (demoTokens) {
    // Never overwrite a markets file: it may be the one a running relayer reads.
    if (
      await access(marketsFile).then(
        () => true,
        () => false,
      )
    ) {
      throw new ConfigError(
        "CONFIG_INVALID",
        "MARKETS_FILE",
        `${marketsFile} exists, and DEMO_TOKENS writes a new one: remove it or name another file`,
      );
    }
  } else {
    markets = await readMarkets(marketsFile);
  }

  const fundAccounts = addressList(env, "FUND_ACCOUNTS");
  if (fundAccounts.length > 0 && !demoTokens)
    throw new ConfigError("CONFIG_INVALID", "FUND_ACCOUNTS", "funds with demo tokens only: set DEMO_TOKENS too");

  const auctionOperator = address(env, "AUCTION_OPERATOR_ADDRESS") ?? null;
  const proved = provedMarkets(plannedMarkets({ markets })).map((m) => m.id);
  if (proved.length > 0 && auctionOperator === null) {
    throw new ConfigError(
      "CONFIG_MISSING",
      "AUCTION_OPERATOR_ADDRESS",
      `is not set: market(s) ${proved.join(", ")} settle only with proofs, through AuctionSettlement and its own operator`,
    );
  }
  if (proved.length === 0 && auctionOperator !== null) {
    throw new ConfigError(
      "CONFIG_INVALID",
      "AUCTION_OPERATOR_ADDRESS",
      "is set, but no market has proofs: there is no AuctionSettlement to operate",
    );
  }
  if (auctionOperator !== null && auctionOperator.toLowerCase() === operator.toLowerCase()) {
    // Each settler counts its own nonces: one key for both would make them replace each other's transactions.
    throw new ConfigError(
      "CONFIG_INVALID",
      "AUCTION_OPERATOR_ADDRESS",
      "is OPERATOR_ADDRESS: the auction settler needs a key of its own",
    );
  }
  return {
    rpcUrl,
    deployer,
    admin,
    operator,
    feeRecipient,
    cancelDelay,
    exitDelay,
    marketsFile,
    markets,
    demoTokens,
    fundAccounts,
    auctionOperator,
  };
}

/** The markets the deployment will serve, known before anything is sent (demo tokens: at placeholder addresses). */
export function plannedMarkets(settings: Pick<DeploySettings, "markets">): MarketRegistryConfig {
  if (settings.markets !== null) return settings.markets;
  const placeholder = Object.fromEntries(
    DEMO_TOKENS.map((t, i) => [t.symbol, `0x${(i + 1).toString(16).padStart(40, "0")}`]),
  );
  return demoMarkets(placeholder as Parameters<typeof demoMarkets>[0]);
}

export const provedMarkets = (markets: MarketRegistryConfig) => markets.markets.filter((m) => m.proofs === true);

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function required(env: Env, name: string): string {
  return optional(env, name) ?? missing(name, "it is required");
}

function missing(name: string, why: string): never {
  throw new ConfigError("CONFIG_MISSING", name, `is not set: ${why} (npm run deploy -- --help lists every setting)`);
}

function address(env: Env, name: string): Address | undefined {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  if (!isAddress(value, { strict: false }))
    throw new ConfigError("CONFIG_INVALID", name, "is not a 20-byte hex address");
  if (BigInt(value) === 0n) throw new ConfigError("CONFIG_INVALID", name, "is the zero address");
  return getAddress(value.toLowerCase());
}

function addressList(env: Env, name: string): Address[] {
  const value = optional(env, name);
  if (value === undefined) return [];
  const items = value.split(",").map((item) => item.trim());
  if (items.length > MAX_FUND_ACCOUNTS)
    throw new ConfigError("CONFIG_INVALID", name, `lists more than ${MAX_FUND_ACCOUNTS} addresses`);
  const list = items.map((item, i) => {
    if (!isAddress(item, { strict: false }))
      throw new ConfigError("CONFIG_INVALID", name, `item ${i + 1} is not a 20-byte hex address`);
    return getAddress(item.toLowerCase());
  });
  if (new Set(list).size !== list.length) throw new ConfigError("CONFIG_INVALID", name, "lists an address twice");
  return list;
}

function integer(env: Env, name: string, fallback: bigint, min: number, max: number): bigint {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (!/^[0-9]{1,10}$/.test(value) || Number(value) < min || Number(value) > max)
    throw new ConfigError("CONFIG_INVALID", name, `must be an integer in ${min}..${max}`);
  return BigInt(value);
}

function flag(env: Env, name: string): boolean {
  const value = optional(env, name)?.toLowerCase();
  if (value === undefined || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  throw new ConfigError("CONFIG_INVALID", name, "must be 1 or true (or 0 or false)");
}
