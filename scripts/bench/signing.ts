// Pre-signing for benchmarks: the order's fixed-layout digest signed with the native secp256k1 binding (the same
// 65-byte r‖s‖v signature viem's signTypedData makes, low-s), so that 20,000 orders sign in about a second.
import { createRequire } from "node:module";
import { bytesToHex, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import type { Secp256k1 } from "../../relayer/admission/native-secp256k1.js";

const secp256k1 = createRequire(import.meta.url)("secp256k1/bindings") as Secp256k1;

export interface BenchAccount {
  address: Hex;
  key: Uint8Array;
}

export function benchAccounts(count: number, offset = 1): BenchAccount[] {
  return Array.from({ length: count }, (_, i) => {
    const hex = `0x${(i + offset).toString(16).padStart(64, "0")}` as Hex;
    return { address: privateKeyToAddress(hex).toLowerCase() as Hex, key: Buffer.from(hex.slice(2), "hex") };
  });
}

export function signDigest(account: BenchAccount, digest: Hex): Hex {
  const { signature, recid } = secp256k1.ecdsaSign(Buffer.from(digest.slice(2), "hex"), account.key);
  const out = new Uint8Array(65);
  out.set(signature, 0);
  out[64] = 27 + recid;
  return bytesToHex(out);
}
