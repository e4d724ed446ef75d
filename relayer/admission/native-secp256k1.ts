// Loads the npm `secp256k1` package's native binding (libsecp256k1 through N-API) and nothing else.
// `require("secp256k1")` silently falls back to the pure-JS `elliptic` implementation when the native
// addon does not load (~400 recoveries/s per core against ~11k/s): admission would still be correct but
// some 30 times slower, which is an outage under load. So this module requires `secp256k1/bindings`, which
// throws instead of falling back, checks that a `.node` file of the package really is in the module cache,
// and fails loudly with NativeSecp256k1UnavailableError otherwise. npm 11 skips install scripts unless
// approved, but secp256k1 ships prebuilds (prebuilds/<platform>-<arch>/*.node) that node-gyp-build finds.
import { createRequire } from "node:module";
import { dirname, sep } from "node:path";
import { NativeSecp256k1UnavailableError } from "./errors.js";

/** The package's API (@types/secp256k1 declares functions, not an interface). */
export type Secp256k1 = typeof import("secp256k1");

export interface Secp256k1Implementation {
  /** Always "native": the module refuses to load otherwise. */
  kind: "native";
  /** The addon file that was loaded (a prebuild, or build/Release when compiled locally). */
  addonPath: string;
}

const require = createRequire(import.meta.url);

function loadNative(): { binding: Secp256k1; implementation: Secp256k1Implementation } {
  let binding: Secp256k1;
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve("secp256k1/package.json"));
    binding = require("secp256k1/bindings") as Secp256k1;
  } catch (cause) {
    throw new NativeSecp256k1UnavailableError({
      details: `require("secp256k1/bindings") failed on ${process.platform}-${process.arch}, Node ${process.versions.node}`,
      cause,
    });
  }
  // Belt and braces: the binding's loader could change; what matters is that an addon of this package is loaded.
  const addonPath = Object.keys(require.cache).find(
    (path) => path.startsWith(packageDir + sep) && path.endsWith(".node"),
  );
  if (addonPath === undefined) {
    throw new NativeSecp256k1UnavailableError({ details: `no .node file of ${packageDir} is in the module cache` });
  }
  return { binding, implementation: { kind: "native", addonPath } };
}

const loaded = loadNative();

/** The native secp256k1 functions (the package's checked wrapper around the addon). */
export const secp256k1: Secp256k1 = loaded.binding;

/** Which implementation verifies signatures, for start-up logs and the health endpoint. */
export function secp256k1Implementation(): Secp256k1Implementation {
  return { ...loaded.implementation };
}
