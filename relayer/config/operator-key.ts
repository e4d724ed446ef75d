// The operator's private key: given directly (OPERATOR_PRIVATE_KEY) or as an encrypted keystore, the standard
// Web3 Secret Storage v3 JSON that geth, ethers and MetaMask write (OPERATOR_KEYSTORE + a password or password
// file). The keystore is decrypted by ethers (scrypt or pbkdf2, aes-128-ctr, keccak MAC), a widely reviewed
// implementation; this file only bounds the KDF's cost and turns ethers' refusals into typed configuration errors.
//
// The key never appears in an error, a log line or a printed value: only the address derived from it does.
import { readFile } from "node:fs/promises";
import { decryptKeystoreJson, isError, isKeystoreJson } from "ethers";
import { privateKeyToAccount } from "viem/accounts";
import type { Address, Hex } from "viem";
import { ConfigError } from "./errors.js";

/** The operator's signing key and its address. `toString` and JSON hide the key. */
export class OperatorKey {
  readonly address: Address;
  readonly #privateKey: Hex;

  constructor(privateKey: Hex) {
    this.#privateKey = privateKey;
    this.address = privateKeyToAccount(privateKey).address;
  }

  /** The key itself, for the signer that needs it; never print it. */
  revealPrivateKey(): Hex {
    return this.#privateKey;
  }

  toString(): string {
    return `OperatorKey(${this.address})`;
  }

  toJSON(): { address: Address } {
    return { address: this.address };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A 32-byte key in (0, n), with or without 0x. The message never repeats the value. */
export function parsePrivateKey(value: string, setting: string): OperatorKey {
  const hex = value.trim().replace(/^0x/i, "");
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new ConfigError("CONFIG_INVALID", setting, "is not a 32-byte hex private key");
  const n = BigInt(`0x${hex}`);
  if (n === 0n || n >= SECP256K1_N)
    throw new ConfigError("CONFIG_INVALID", setting, "is not a valid secp256k1 private key");
  return new OperatorKey(`0x${hex.toLowerCase()}`);
}

/** Limits on the KDF's cost, checked before decrypting: a keystore must not make the relayer allocate or spin without bound. */
const MAX_SCRYPT_N = 1 << 20;
const MAX_SCRYPT_R = 32;
const MAX_SCRYPT_P = 16;
const MAX_PBKDF2_ROUNDS = 10_000_000;

/**
 * Decrypts Web3 Secret Storage v3 JSON with ethers (isKeystoreJson, then decryptKeystoreJson: what
 * Wallet.fromEncryptedJson does), after refusing a KDF cost beyond the limits above. ethers' refusals become typed:
 * its "incorrect password" KEYSTORE_WRONG_PASSWORD, anything else KEYSTORE_INVALID. `setting` names the source.
 */
export async function decryptKeystore(
  json: string,
  password: string,
  setting = "OPERATOR_KEYSTORE",
): Promise<OperatorKey> {
  const invalid = (message: string) => new ConfigError("KEYSTORE_INVALID", setting, message);
  if (!isKeystoreJson(json)) throw invalid("is not Web3 Secret Storage version 3 JSON");
  refuseCostlyKdf(JSON.parse(json) as object, invalid);
  let privateKey: string;
  try {
    ({ privateKey } = await decryptKeystoreJson(json, password));
  } catch (error) {
    if (isError(error, "INVALID_ARGUMENT") && error.argument === "password") {
      throw new ConfigError("KEYSTORE_WRONG_PASSWORD", setting, "the password does not open this keystore");
    }
    // ethers' short messages name the field at fault ("unsupported key-derivation function", "keystore
    // address/privateKey mismatch", "unsupported cipher"), never a key: its values stay out.
    const why =
      isError(error, "INVALID_ARGUMENT") || isError(error, "UNSUPPORTED_OPERATION")
        ? error.shortMessage
        : "its key is not a 32-byte secp256k1 key";
    throw invalid(`does not decrypt: ${why}`);
  }
  return parsePrivateKey(privateKey, setting);
}

/** The KDF parameters ethers would run, refused above the limits (ethers reads the keys case-insensitively, so this does too). */
function refuseCostlyKdf(doc: object, invalid: (message: string) => ConfigError): void {
  const params = field(field(doc, "crypto"), "kdfparams");
  const over = (name: string, max: number) => {
    const value = field(params, name);
    if (typeof value === "number" && value > max)
      throw invalid(`crypto.kdfparams.${name} is over ${max}: too costly to derive`);
  };
  over("n", MAX_SCRYPT_N);
  over("r", MAX_SCRYPT_R);
  over("p", MAX_SCRYPT_P);
  over("c", MAX_PBKDF2_ROUNDS);
}

function field(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  const key = Object.keys(value).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : (value as Record<string, unknown>)[key];
}

/** Reads and decrypts a keystore file. */
export async function readKeystore(
  path: string,
  password: string,
  setting = "OPERATOR_KEYSTORE",
): Promise<OperatorKey> {
  let json: string;
  try {
    json = await readFile(path, "utf8");
  } catch (cause) {
    throw new ConfigError("CONFIG_INVALID", setting, `cannot read ${path}`, { cause });
  }
  return decryptKeystore(json, password, setting);
}
