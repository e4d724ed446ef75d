// `npm start` against a real chain: the settings, read from environment variables into one typed value. Nothing
// here connects: the caller opens the RPC client. Without RPC_URL there is no chain config (null) and `npm start`
// runs its embedded default chain instead. Every problem is a ConfigError naming the variable; no message repeats a
// value, since some values are secrets.
//
//   RPC_URL                      http(s):// or ws(s):// JSON-RPC endpoint                 (switches this mode on)
//   EXCHANGE_ADDRESS             the deployed exchange                                    required
//   CONFIRMATIONS                N, blocks before the watcher acts on a log               default 12
//   FROM_BLOCK                   the exchange's deployment block: where the first scan starts  default 0
//   MARKETS_FILE                 JSON market registry config (relayer/orders/markets.ts)  required
//   OPERATOR_PRIVATE_KEY         the operator's key, 32 bytes hex                         one of the two
//   OPERATOR_KEYSTORE            a Web3 Secret Storage v3 file, with
//     OPERATOR_KEYSTORE_PASSWORD        its password, or
//     OPERATOR_KEYSTORE_PASSWORD_FILE   a file holding it (one trailing newline is ignored)
import { readFile } from "node:fs/promises";
import { isAddress, type Address } from "viem";
import { MarketRegistry, type MarketRegistryConfig } from "../orders/markets.js";
import { ConfigError } from "./errors.js";
import { parsePrivateKey, readKeystore, type OperatorKey } from "./operator-key.js";

export type Env = Readonly<Record<string, string | undefined>>;

export interface ChainConfig {
  readonly rpcUrl: string;
  readonly exchange: Address;
  readonly confirmations: number;
  readonly fromBlock: bigint;
  /** The parsed JSON of MARKETS_FILE, already checked by MarketRegistry.fromConfig. */
  readonly markets: MarketRegistryConfig;
  readonly marketsFile: string;
  readonly operator: OperatorKey;
}

export const DEFAULT_CONFIRMATIONS = 12;

/** The real-chain settings from `env`, or null when RPC_URL is not set. */
export async function readChainConfig(env: Env): Promise<ChainConfig | null> {
  const rpcUrl = optional(env, "RPC_URL");
  if (rpcUrl === undefined) return null;
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw new ConfigError("CONFIG_INVALID", "RPC_URL", "is not a URL");
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) throw new ConfigError("CONFIG_INVALID", "RPC_URL", "must be an http(s):// or ws(s):// URL");

  const exchange = required(env, "EXCHANGE_ADDRESS");
  if (!isAddress(exchange, { strict: false })) throw new ConfigError("CONFIG_INVALID", "EXCHANGE_ADDRESS", "is not a 20-byte hex address");

  const confirmations = integer(env, "CONFIRMATIONS", DEFAULT_CONFIRMATIONS, 1, 10_000);
  const fromBlock = BigInt(integer(env, "FROM_BLOCK", 0, 0, Number.MAX_SAFE_INTEGER));
  const marketsFile = required(env, "MARKETS_FILE");
  const markets = await readMarkets(marketsFile);
  const operator = await readOperatorKey(env);
  return { rpcUrl, exchange: exchange.toLowerCase() as Address, confirmations, fromBlock, markets, marketsFile, operator };
}

/** OPERATOR_PRIVATE_KEY, or OPERATOR_KEYSTORE with its password (exactly one of the two ways). */
export async function readOperatorKey(env: Env): Promise<OperatorKey> {
  const direct = optional(env, "OPERATOR_PRIVATE_KEY");
  const keystore = optional(env, "OPERATOR_KEYSTORE");
  if (direct !== undefined && keystore !== undefined) {
    throw new ConfigError("CONFIG_INVALID", "OPERATOR_PRIVATE_KEY", "and OPERATOR_KEYSTORE are both set; set one");
  }
  if (direct !== undefined) return parsePrivateKey(direct, "OPERATOR_PRIVATE_KEY");
  if (keystore === undefined) throw new ConfigError("CONFIG_MISSING", "OPERATOR_PRIVATE_KEY", "is not set, nor OPERATOR_KEYSTORE: the operator key is required");
  const password = optional(env, "OPERATOR_KEYSTORE_PASSWORD");
  const passwordFile = optional(env, "OPERATOR_KEYSTORE_PASSWORD_FILE");
  if (password !== undefined && passwordFile !== undefined) {
    throw new ConfigError("CONFIG_INVALID", "OPERATOR_KEYSTORE_PASSWORD", "and OPERATOR_KEYSTORE_PASSWORD_FILE are both set; set one");
  }
  if (password !== undefined) return readKeystore(keystore, password);
  if (passwordFile === undefined) throw new ConfigError("CONFIG_MISSING", "OPERATOR_KEYSTORE_PASSWORD", "is not set, nor OPERATOR_KEYSTORE_PASSWORD_FILE");
  let text: string;
  try {
    text = await readFile(passwordFile, "utf8");
  } catch (cause) {
    throw new ConfigError("CONFIG_INVALID", "OPERATOR_KEYSTORE_PASSWORD_FILE", `cannot read ${passwordFile}`, { cause });
  }
  return readKeystore(keystore, text.replace(/\r?\n$/, ""));
}

async function readMarkets(path: string): Promise<MarketRegistryConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new ConfigError("CONFIG_INVALID", "MARKETS_FILE", `cannot read ${path}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError("CONFIG_INVALID", "MARKETS_FILE", `${path} is not JSON`, { cause });
  }
  try {
    MarketRegistry.fromConfig(json);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigError("CONFIG_INVALID", "MARKETS_FILE", `${path} is not a market registry config: ${why}`, { cause });
  }
  return json as MarketRegistryConfig;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError("CONFIG_MISSING", name, "is not set");
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min || Number(value) > max) {
    throw new ConfigError("CONFIG_INVALID", name, `must be an integer in ${min}..${max}`);
  }
  return Number(value);
}
