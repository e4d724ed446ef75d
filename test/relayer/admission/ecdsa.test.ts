// ECDSA under the contract's rules (SignatureVerification.isValidECDSA), on random keys and digests: what the
// contract accepts is accepted, and each malleation that viem's recoverAddress still maps to the signer
// (high-s twin, v 0/1) is refused with its own code.
import assert from "node:assert/strict";
import fc from "fast-check";
import { bytesToHex, getAddress, recoverAddress, type Address, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { HALF_ORDER, hexBytes, recoverSigner, verifyEcdsa } from "../../../relayer/admission/ecdsa.js";
import { secp256k1 } from "../../../relayer/admission/native-secp256k1.js";
import { SignatureRejection } from "../../../relayer/admission/rejections.js";

const SEED = 20_240_611;
const RUNS = 100;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;

const privateKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((key) => secp256k1.privateKeyVerify(key));
const digest = fc.uint8Array({ minLength: 32, maxLength: 32 });

/** A 65-byte (r, s, v) signature as wallets make it: low s (libsecp256k1 normalizes), v = 27 + recovery id. */
function sign(key: Uint8Array, message: Uint8Array): Uint8Array {
  const { signature, recid } = secp256k1.ecdsaSign(message, key);
  return Uint8Array.from([...signature, 27 + recid]);
}

const word = (value: bigint) => Buffer.from(value.toString(16).padStart(64, "0"), "hex");
const withS = (signature: Uint8Array, s: bigint) =>
  Uint8Array.from([...signature.subarray(0, 32), ...word(s), signature[64]]);
const withR = (signature: Uint8Array, r: bigint) => Uint8Array.from([...word(r), ...signature.subarray(32)]);
const withV = (signature: Uint8Array, v: number) => Uint8Array.from([...signature.subarray(0, 64), v]);
const sOf = (signature: Uint8Array) => BigInt(bytesToHex(signature.subarray(32, 64)));

/** The (r, n - s) twin with the other v: the same signer to ecrecover, refused by the low-s rule. */
const twin = (signature: Uint8Array) => withV(withS(signature, N - sOf(signature)), signature[64] === 27 ? 28 : 27);

const viemRecover = (message: Uint8Array, signature: Uint8Array): Promise<Address> =>
  recoverAddress({ hash: bytesToHex(message), signature: bytesToHex(signature) });

const modPow = (base: bigint, exponent: bigint, modulus: bigint): bigint => {
  let result = 1n;
  for (base %= modulus; exponent > 0n; exponent >>= 1n, base = (base * base) % modulus)
    if (exponent & 1n) result = (result * base) % modulus;
  return result;
};

describe("ECDSA with the contract's rules", () => {
  it("accepts the signer's low-s signature, recovering the address viem recovers, checksummed or not", async () => {
    await fc.assert(
      fc.asyncProperty(privateKey, digest, async (key, message) => {
        const signature = sign(key, message);
        const signer = privateKeyToAddress(bytesToHex(key));
        const recovered = recoverSigner(message, signature);
        assert.deepEqual(recovered, { ok: true, signer: signer.toLowerCase() });
        assert.equal(await viemRecover(message, signature), signer);
        assert.equal(verifyEcdsa(signer, message, signature), undefined);
        assert.equal(verifyEcdsa(signer.toLowerCase() as Address, message, signature), undefined);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("refuses the high-s twin that viem's recoverAddress maps to the signer", async () => {
    await fc.assert(
      fc.asyncProperty(privateKey, digest, async (key, message) => {
        const signer = privateKeyToAddress(bytesToHex(key));
        const highS = twin(sign(key, message));
        assert.equal(await viemRecover(message, highS), signer);
        assert.equal(verifyEcdsa(signer, message, highS), SignatureRejection.SIGNATURE_HIGH_S);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it("refuses v = 0/1, which viem's recoverAddress maps to the signer, and every v other than 27 and 28", async () => {
    await fc.assert(
      fc.asyncProperty(privateKey, digest, fc.integer({ min: 0, max: 255 }), async (key, message, v) => {
        const signer = privateKeyToAddress(bytesToHex(key));
        const signature = sign(key, message);
        const parity = withV(signature, signature[64] - 27);
        assert.equal(await viemRecover(message, parity), signer);
        assert.equal(verifyEcdsa(signer, message, parity), SignatureRejection.SIGNATURE_BAD_V);
        if (v !== 27 && v !== 28)
          assert.equal(verifyEcdsa(signer, message, withV(signature, v)), SignatureRejection.SIGNATURE_BAD_V);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it("calls s high exactly when s > n/2, at the boundary and for any s near it", () => {
    const signature = sign(Buffer.alloc(32, 7), Buffer.alloc(32, 9));
    const nearHalf = fc.oneof(
      fc.bigInt({ min: HALF_ORDER - 1000n, max: HALF_ORDER + 1000n }),
      fc.bigInt({ min: 0x7fn << 248n, max: (0x80n << 248n) - 1n }), // top byte 0x7f: the full comparison
      fc.bigInt({ min: 1n, max: N - 1n }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(HALF_ORDER, HALF_ORDER + 1n), nearHalf), (s) => {
        const result = recoverSigner(Buffer.alloc(32, 9), withS(signature, s));
        assert.equal(!result.ok && result.code === SignatureRejection.SIGNATURE_HIGH_S, s > HALF_ORDER, `s = ${s}`);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("refuses what ecrecover cannot recover: r = 0, s = 0, r >= n, an r that is no curve point's x", () => {
    const message = Buffer.alloc(32, 9);
    const signature = sign(Buffer.alloc(32, 7), message);
    let offCurve = 1n;
    while (modPow(offCurve ** 3n + 7n, (P - 1n) / 2n, P) === 1n) offCurve++; // x^3 + 7 is no square mod p
    for (const broken of [
      withR(signature, 0n),
      withS(signature, 0n),
      withR(signature, N),
      withR(signature, N + 1n),
      withR(signature, offCurve),
    ]) {
      assert.deepEqual(recoverSigner(message, broken), { ok: false, code: SignatureRejection.SIGNATURE_UNRECOVERABLE });
    }
  });

  it("refuses a signature by another key, or of another digest", () => {
    const message = Buffer.alloc(32, 9);
    const signature = sign(Buffer.alloc(32, 7), message);
    const signer = privateKeyToAddress(bytesToHex(Buffer.alloc(32, 7)));
    assert.equal(
      verifyEcdsa(privateKeyToAddress(bytesToHex(Buffer.alloc(32, 8))), message, signature),
      SignatureRejection.SIGNATURE_WRONG_SIGNER,
    );
    assert.equal(verifyEcdsa(signer, Buffer.alloc(32, 10), signature), SignatureRejection.SIGNATURE_WRONG_SIGNER);
  });

  it("refuses any length other than 65 bytes, and the zero address as signer whatever the signature", () => {
    const message = Buffer.alloc(32, 9);
    const signature = sign(Buffer.alloc(32, 7), message);
    const signer = getAddress(privateKeyToAddress(bytesToHex(Buffer.alloc(32, 7))));
    for (const length of [0, 64, 66, 130]) {
      const resized = Uint8Array.from({ length }, (_, i) => signature[i % 65]);
      assert.equal(verifyEcdsa(signer, message, resized), SignatureRejection.SIGNATURE_MALFORMED);
    }
    assert.equal(
      verifyEcdsa("0x0000000000000000000000000000000000000000", message, signature),
      SignatureRejection.MAKER_ZERO_ADDRESS,
    );
  });

  it("reads hex as whole bytes only (Buffer.from would silently truncate at the first bad digit)", () => {
    assert.deepEqual([...hexBytes("0x")!], []);
    assert.deepEqual([...hexBytes("0x0aFf")!], [0x0a, 0xff]);
    for (const bad of ["", "0x0", "0xzz", "0x0g", "ab", "0x 1"] as Hex[]) assert.equal(hexBytes(bad), undefined, bad);
  });
});
