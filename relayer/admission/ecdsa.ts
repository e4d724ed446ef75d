// ECDSA signature checks with exactly the contract's rules (SignatureVerification.isValidECDSA and the
// 65-byte split of isValid): a 65-byte (r, s, v) signature, s <= n/2, v 27 or 28, a recoverable public key
// whose address is the signer, and a signer that is not the zero address. Recovery runs in the native
// binding; the address is keccak256 of the public key (js-sha3 on bytes: the native `keccak` addon aborted the process inside worker threads).
//
// viem's recoverAddress is not used for the verdict: it accepts high-s and v 0/1, which the contract refuses.
import type { Address } from "viem";
import { jsKeccak256 } from "../../protocol/index.js";
import { secp256k1 } from "./native-secp256k1.js";
import { SignatureRejection, type EcdsaRejection } from "./rejections.js";

export { secp256k1Implementation, type Secp256k1Implementation } from "./native-secp256k1.js";

/** secp256k1n / 2: the largest s the contract accepts (OpenZeppelin ECDSA, EIP-2). */
export const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

const SIGNATURE_LENGTH = 65;
const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/;

/** The bytes of a 0x-prefixed hex string, or undefined if it is not whole bytes of hex (Buffer.from would truncate). */
export function hexBytes(hex: string): Uint8Array | undefined {
  return HEX_BYTES.test(hex) ? Buffer.from(hex.slice(2), "hex") : undefined;
}

/** The address of the key that signed `digest` (32 bytes) with `signature` (65 bytes), after the contract's form checks. */
export type RecoverResult = { ok: true; signer: Address } | { ok: false; code: EcdsaRejection };

/**
 * Recovers the signer of a 65-byte signature under the contract's rules, or says which rule it breaks.
 * The checks run in the order that gives the most useful code; the contract only needs their conjunction.
 */
export function recoverSigner(digest: Uint8Array, signature: Uint8Array): RecoverResult {
  if (signature.length !== SIGNATURE_LENGTH) return { ok: false, code: SignatureRejection.SIGNATURE_MALFORMED };
  const v = signature[64];
  if (v !== 27 && v !== 28) return { ok: false, code: SignatureRejection.SIGNATURE_BAD_V };
  if (isHighS(signature)) return { ok: false, code: SignatureRejection.SIGNATURE_HIGH_S };
  let publicKey: Uint8Array;
  try {
    // r = 0, s = 0, r >= n or an r that is no curve point's x: the precompile returns no address, the binding throws.
    publicKey = secp256k1.ecdsaRecover(signature.subarray(0, 64), v - 27, digest, false);
  } catch {
    return { ok: false, code: SignatureRejection.SIGNATURE_UNRECOVERABLE };
  }
  // The address is the last 20 bytes of keccak256 of the uncompressed key without its 0x04 prefix.
  const hash = jsKeccak256(publicKey.subarray(1));
  return { ok: true, signer: `0x${Buffer.from(hash.buffer, hash.byteOffset + 12, 20).toString("hex")}` };
}

/** Whether `signer` (not the zero address) signed `digest` with `signature`; otherwise the rule that fails. */
export function verifyEcdsa(signer: Address, digest: Uint8Array, signature: Uint8Array): EcdsaRejection | undefined {
  if (isZeroAddress(signer)) return SignatureRejection.MAKER_ZERO_ADDRESS;
  const recovered = recoverSigner(digest, signature);
  if (!recovered.ok) return recovered.code;
  // recoverSigner's address is lower case; the signer may be checksummed.
  return recovered.signer === signer.toLowerCase() ? undefined : SignatureRejection.SIGNATURE_WRONG_SIGNER;
}

/** s (bytes 32..63, big-endian) > n/2, compared without allocating a bigint on the common low-s path. */
function isHighS(signature: Uint8Array): boolean {
  // Low s has a clear top bit; only a top byte of exactly 0x7f needs the full comparison.
  const top = signature[32];
  if (top < 0x7f) return false;
  if (top > 0x7f) return true;
  return BigInt(`0x${Buffer.from(signature.buffer, signature.byteOffset + 32, 32).toString("hex")}`) > HALF_ORDER;
}

export function isZeroAddress(address: Address): boolean {
  return /^0x0{40}$/.test(address);
}
