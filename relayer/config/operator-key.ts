// The operator's private key: given directly (OPERATOR_PRIVATE_KEY) or as an encrypted keystore, the standard
// Web3 Secret Storage v3 JSON that geth, ethers and MetaMask write (OPERATOR_KEYSTORE + a password or password
// file). Decrypted here with node:crypto and js-sha3:
//
//   derived = scrypt(password, salt, n, r, p, dklen) | pbkdf2-hmac-sha256(password, salt, c, dklen)
//   mac     = keccak256(derived[16..32] ‖ ciphertext)        must equal crypto.mac, else: wrong password
//   key     = aes-128-ctr(derived[0..16], iv) ⁻¹ (ciphertext)
//
// The key never appears in an error, a log line or a printed value: only the address derived from it does.
import { createDecipheriv, pbkdf2, scrypt, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import sha3 from "js-sha3";
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
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new ConfigError("CONFIG_INVALID", setting, "is not a 32-byte hex private key");
  const n = BigInt(`0x${hex}`);
  if (n === 0n || n >= SECP256K1_N) throw new ConfigError("CONFIG_INVALID", setting, "is not a valid secp256k1 private key");
  return new OperatorKey(`0x${hex.toLowerCase()}`);
}

interface KeystoreCrypto {
  cipher: string;
  cipherparams: { iv: string };
  ciphertext: string;
  kdf: string;
  kdfparams: Record<string, unknown>;
  mac: string;
}

const scryptAsync = promisify(scrypt) as (password: Buffer, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

/** Limits on the KDF's cost: a keystore must not make the relayer allocate or spin without bound. */
const MAX_SCRYPT_N = 1 << 20;
const MAX_PBKDF2_ROUNDS = 10_000_000;

/** Decrypts Web3 Secret Storage v3 JSON (scrypt or pbkdf2, aes-128-ctr, keccak MAC). `setting` names the source in errors. */
export async function decryptKeystore(json: string, password: string, setting = "OPERATOR_KEYSTORE"): Promise<OperatorKey> {
  const invalid = (message: string) => new ConfigError("KEYSTORE_INVALID", setting, message);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalid("is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null) throw invalid("is not a keystore object");
  const doc = parsed as { version?: unknown; address?: unknown; crypto?: unknown; Crypto?: unknown };
  if (doc.version !== 3) throw invalid(`has version ${String(doc.version)}; only Web3 Secret Storage version 3 is read`);
  const c = (doc.crypto ?? doc.Crypto) as Partial<KeystoreCrypto> | undefined;
  if (typeof c !== "object" || c === null) throw invalid("has no crypto section");
  if (c.cipher !== "aes-128-ctr") throw invalid(`uses cipher ${String(c.cipher)}; only aes-128-ctr is read`);
  const iv = bytes(c.cipherparams?.iv, 16, "crypto.cipherparams.iv", invalid);
  const ciphertext = bytes(c.ciphertext, 32, "crypto.ciphertext", invalid);
  const mac = bytes(c.mac, 32, "crypto.mac", invalid);
  const params = c.kdfparams ?? {};
  const salt = bytes(params.salt, null, "crypto.kdfparams.salt", invalid);
  const dklen = int(params.dklen, 32, 32, "crypto.kdfparams.dklen", invalid);
  const secret = Buffer.from(password.normalize("NFKC"), "utf8");

  let derived: Buffer;
  if (c.kdf === "scrypt") {
    const n = int(params.n, 2, MAX_SCRYPT_N, "crypto.kdfparams.n", invalid);
    if ((n & (n - 1)) !== 0) throw invalid("crypto.kdfparams.n is not a power of two");
    const r = int(params.r, 1, 32, "crypto.kdfparams.r", invalid);
    const p = int(params.p, 1, 16, "crypto.kdfparams.p", invalid);
    derived = await scryptAsync(secret, salt, dklen, { N: n, r, p, maxmem: 256 * n * r + (1 << 20) });
  } else if (c.kdf === "pbkdf2") {
    if (params.prf !== "hmac-sha256") throw invalid(`uses pbkdf2 with ${String(params.prf)}; only hmac-sha256 is read`);
    const rounds = int(params.c, 1, MAX_PBKDF2_ROUNDS, "crypto.kdfparams.c", invalid);
    derived = await pbkdf2Async(secret, salt, rounds, dklen, "sha256");
  } else {
    throw invalid(`uses kdf ${String(c.kdf)}; only scrypt and pbkdf2 are read`);
  }

  const expected = Buffer.from(sha3.keccak_256.arrayBuffer(Buffer.concat([derived.subarray(16, 32), ciphertext])));
  if (!timingSafeEqual(expected, mac)) throw new ConfigError("KEYSTORE_WRONG_PASSWORD", setting, "the password does not open this keystore");
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const key = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  const operator = parsePrivateKey(key.toString("hex"), setting);
  key.fill(0);
  if (typeof doc.address === "string" && doc.address.replace(/^0x/i, "").toLowerCase() !== operator.address.slice(2).toLowerCase()) {
    throw invalid("decrypts to a key of another address than the one it names");
  }
  return operator;
}

/** Reads and decrypts a keystore file. */
export async function readKeystore(path: string, password: string, setting = "OPERATOR_KEYSTORE"): Promise<OperatorKey> {
  let json: string;
  try {
    json = await readFile(path, "utf8");
  } catch (cause) {
    throw new ConfigError("CONFIG_INVALID", setting, `cannot read ${path}`, { cause });
  }
  return decryptKeystore(json, password, setting);
}

function bytes(value: unknown, length: number | null, name: string, invalid: (m: string) => ConfigError): Buffer {
  if (typeof value !== "string") throw invalid(`${name} is missing`);
  const hex = value.replace(/^0x/i, "");
  if (!/^([0-9a-fA-F]{2})+$/.test(hex) || (length !== null && hex.length !== 2 * length)) {
    throw invalid(`${name} is not ${length === null ? "hex" : `${length} bytes of hex`}`);
  }
  return Buffer.from(hex, "hex");
}

function int(value: unknown, min: number, max: number, name: string, invalid: (m: string) => ConfigError): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) throw invalid(`${name} is not an integer in ${min}..${max}`);
  return value as number;
}
