// The admission module runs on libsecp256k1's native binding, never on the package's silent JS fallback.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { secp256k1Implementation } from "../../../relayer/admission/ecdsa.js";
import { secp256k1 } from "../../../relayer/admission/native-secp256k1.js";

const require = createRequire(import.meta.url);

describe("secp256k1 binding", () => {
  it("reports the native implementation and the addon file it loaded", () => {
    const implementation = secp256k1Implementation();
    assert.equal(implementation.kind, "native");
    assert.match(implementation.addonPath, /secp256k1[^/\\]*\.node$/);
    assert.ok(require.cache[implementation.addonPath], "the addon is in the module cache");
  });

  it("uses the binding's functions, not those of the elliptic fallback", () => {
    assert.equal(secp256k1, require("secp256k1/bindings"));
    assert.notEqual(secp256k1.ecdsaRecover, (require("secp256k1/elliptic") as typeof secp256k1).ecdsaRecover);
  });
});
