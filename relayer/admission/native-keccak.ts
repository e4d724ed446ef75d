// Keccak-256 through the npm `keccak` package's native binding (~100k hashes of an order's 448 bytes per second
// here, against ~15k for viem's noble keccak and ~40k for js-sha3): hashing is most of an order's admission cost
// once recovery is native. `require("keccak")` silently falls back to JavaScript when the addon does not load, so
// this module requires `keccak/bindings`, which throws instead, and refuses to load with NativeKeccakUnavailableError.
import { createRequire } from "node:module";
import type { Keccak256 } from "../../engine/protocol/index.js";
import { NativeKeccakUnavailableError } from "./errors.js";

interface KeccakHash {
  update(data: Buffer): KeccakHash;
  digest(): Buffer;
}

const require = createRequire(import.meta.url);

function loadNative(): (algorithm: "keccak256") => KeccakHash {
  try {
    return require("keccak/bindings") as (algorithm: "keccak256") => KeccakHash;
  } catch (cause) {
    throw new NativeKeccakUnavailableError({
      details: `require("keccak/bindings") failed on ${process.platform}-${process.arch}, Node ${process.versions.node}`,
      cause,
    });
  }
}

const createKeccak = loadNative();

/** keccak256(bytes) on the native binding. */
export const nativeKeccak256: Keccak256 = (bytes) => {
  const digest = createKeccak("keccak256")
    .update(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    .digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
};
