// `npm start` against a real chain: the settings, read from environment variables into one typed value. Nothing
// here connects: the caller opens the RPC client. Without RPC_URL there is no chain config (null) and `npm start`
// runs its embedded default chain instead. Every problem is a ConfigError naming the variable; no message repeats a
// value, since some values are secrets.
//
//   RPC_URL                      http(s):// or ws(s):// JSON-RPC endpoint                 (switches this mode on)
//   EXCHANGE_ADDRESS             the deployed exchange                                    required
//   CONFIRMATIONS                N, blocks before the watcher acts on a log               default 12
//   FROM_BLOCK                   the exchange's deployment block: where the first scan starts  default 0
//   MARKETS_FILE                 JSON market registry config (relayer/markets/markets.ts)  required
//   OPERATOR_PRIVATE_KEY         the operator's key, 32 bytes hex                         one of the two
//   OPERATOR_KEYSTORE            a Web3 Secret Storage v3 file, with
//     OPERATOR_KEYSTORE_PASSWORD        its password, or
//     OPERATOR_KEYSTORE_PASSWORD_FILE   a file holding it (one trailing newline is ignored)
//   AUCTION_SETTLEMENT_ADDRESS   the AuctionSettlement contract: required when a market has `proofs: true`
//   AUCTION_OPERATOR_PRIVATE_KEY / AUCTION_OPERATOR_KEYSTORE (+ _PASSWORD / _PASSWORD_FILE)
//                                its operator's key (OPERATOR_ROLE there), as above; a key of its own, so that the
//                                two settlers never share nonces
import { readFile } from "node:fs/promises";
import { isAddress, type Address } from "viem";
import { MarketRegistry, type MarketRegistryConfig } from "../markets/markets.js";
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
  /** The proved settlement of `proofs` markets; null when no market has proofs. */
  readonly auction: { readonly settlement: Address; readonly operator: OperatorKey } | null;
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
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol))
    throw new ConfigError("CONFIG_INVALID", "RPC_URL", "must be an http(s):// or ws(s):// URL");

  const exchange = required(env, "EXCHANGE_ADDRESS");
  if (!isAddress(exchange, { strict: false }))
    throw new ConfigError("CONFIG_INVALID", "EXCHANGE_ADDRESS", "is not a 20-byte hex address");

  const confirmations = integer(env, "CONFIRMATIONS", DEFAULT_CONFIRMATIONS, 1, 10_000);
  const fromBlock = BigInt(integer(env, "FROM_BLOCK", 0, 0, Number.MAX_SAFE_INTEGER));
  const marketsFile = required(env, "MARKETS_FILE");
  const markets = await readMarkets(marketsFile);
  const operator = await readOperatorKey(env);
  const auction = await readAuctionSettlement(env, markets);
  return {
    rpcUrl,
    exchange: exchange.toLowerCase() as Address,
    confirmations,
    fromBlock,
    markets,
    marketsFile,
    operator,
    auction,
  };
}

/** AUCTION_SETTLEMENT_ADDRESS and its operator's key: required exactly when some market has proofs. */
async function readAuctionSettlement(env: Env, markets: MarketRegistryConfig): Promise<ChainConfig["auction"]> {
  const proved = markets.markets.filter((m) => m.proofs === true).map((m) => m.id); // already checked by readMarkets
  const address = optional(env, "AUCTION_SETTLEMENT_ADDRESS");
  if (proved.length === 0) {
    if (address !== undefined)
      throw new ConfigError(
        "CONFIG_INVALID",
        "AUCTION_SETTLEMENT_ADDRESS",
        "is set, but no market of MARKETS_FILE has proofs",
      );
    return null;
  }
  if (address === undefined) {
    throw new ConfigError(
      "CONFIG_MISSING",
      "AUCTION_SETTLEMENT_ADDRESS",
      `is not set: market(s) ${proved.join(", ")} settle only with proofs`,
    );
  }
  if (!isAddress(address, { strict: false }))
    throw new ConfigError("CONFIG_INVALID", "AUCTION_SETTLEMENT_ADDRESS", "is not a 20-byte hex address");
  return { settlement: address.toLowerCase() as Address, operator: await readOperatorKey(env, "AUCTION_OPERATOR") };
}

/** <prefix>_PRIVATE_KEY, or <prefix>_KEYSTORE with its password (exactly one of the two ways). */
export async function readOperatorKey(env: Env, prefix = "OPERATOR"): Promise<OperatorKey> {
  const [DIRECT, KEYSTORE, PASSWORD, PASSWORD_FILE] = [
    "PRIVATE_KEY",
    "KEYSTORE",
    "KEYSTORE_PASSWORD",
    "KEYSTORE_PASSWORD_FILE",
  ].map((name) => `${prefix}_${name}`);
  const direct = optional(env, DIRECT);
  const keystore = optional(env, KEYSTORE);
  if (direct !== undefined && keystore !== undefined) {
    throw new ConfigError("CONFIG_INVALID", DIRECT, `and ${KEYSTORE} are both set; set one`);
  }
  if (direct !== undefined) return parsePrivateKey(direct, DIRECT);
  if (keystore === undefined)
    throw new ConfigError(
      "CONFIG_MISSING",
      DIRECT,
      `is not set, nor ${KEYSTORE}: the ${prefix.toLowerCase().replaceAll("_", " ")} key is required`,
    );
  const password = optional(env, PASSWORD);
  const passwordFile = optional(env, PASSWORD_FILE);
  if (password !== undefined && passwordFile !== undefined) {
    throw new ConfigError("CONFIG_INVALID", PASSWORD, `and ${PASSWORD_FILE} are both set; set one`);
  }
  if (password !== undefined) return readKeystore(keystore, password, KEYSTORE);
  if (passwordFile === undefined) throw new ConfigError("CONFIG_MISSING", PASSWORD, `is not set, nor ${PASSWORD_FILE}`);
  let text: string;
  try {
    text = await readFile(passwordFile, "utf8");
  } catch (cause) {
    throw new ConfigError("CONFIG_INVALID", PASSWORD_FILE, `cannot read ${passwordFile}`, { cause });
  }
  return readKeystore(keystore, text.replace(/\r?\n$/, ""), KEYSTORE);
}

/** MARKETS_FILE: read, parsed and checked by MarketRegistry.fromConfig (also used by `npm run deploy`). */
export async function readMarkets(path: string): Promise<MarketRegistryConfig> {
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
    throw new ConfigError("CONFIG_INVALID", "MARKETS_FILE", `${path} is not a market registry config: ${why}`, {
      cause,
    });
  }
  return json as MarketRegistryConfig;
}

export function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError("CONFIG_MISSING", name, "is not set");
  return value;
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min || Number(value) > max) {
    throw new ConfigError("CONFIG_INVALID", name, `must be an integer in ${min}..${max}`);
  }
  return Number(value);
}
