// verifyOrder hashes with the fixed-layout orderDigest; these properties are what it relies on: its hash is
// viem's generic hashOrder, a maker's signature of hashOrder (what viem, ethers and MetaMask sign) is accepted,
// and any change to a signed field or the domain is not. resolveWalletVerdict turns wallet answers into codes.
import assert from "node:assert/strict";
import fc from "fast-check";
import { zeroAddress, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { domainSeparator, EIP712_TYPES, hashOrder, orderDigest, type Order } from "../../../protocol/index.js";
import {
  resolveWalletVerdict,
  verifyOrder,
  type WalletAnswerSource,
} from "../../../relayer/admission/order-verifier.js";
import { SignatureRejection } from "../../../relayer/admission/rejections.js";
import type { WalletAnswer } from "../../../relayer/admission/wallet-signature-checker.js";
import { address, domain, orderOf, privateKey } from "./arbitraries.js";

const SEED = 20_240_612;
const FIELDS = EIP712_TYPES.Order.map((field) => field.name);

/** `order` with field `name` changed to another value of its type. */
function changed(order: Order, name: (typeof FIELDS)[number]): Order {
  const value = order[name];
  if (typeof value === "bigint") return { ...order, [name]: value === 0n ? 1n : value - 1n };
  if (typeof value === "number") return { ...order, [name]: value === 0 ? 1 : value - 1 };
  const flipped = `0x${(BigInt(value) ^ 1n).toString(16).padStart(40, "0")}`;
  return { ...order, [name]: flipped };
}

describe("verifyOrder", () => {
  it("reports viem's generic hashOrder as the hash of every verdict, under any domain", () => {
    fc.assert(
      fc.property(
        domain,
        orderOf(fc.oneof(address, fc.constant(zeroAddress))),
        fc.constantFrom<Hex>("0x", `0x${"11".repeat(65)}`, "0xzz"),
        (d, order, signature) => {
          const generic = hashOrder(d, order);
          assert.equal(orderDigest(domainSeparator(d), order), generic);
          assert.equal(verifyOrder(domainSeparator(d), order, signature).hash, generic);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("accepts the maker's signature of hashOrder, and no longer once any signed field or the domain changes", async () => {
    await fc.assert(
      fc.asyncProperty(
        domain,
        privateKey,
        orderOf(address),
        fc.constantFrom(...FIELDS),
        async (d, key, anyOrder, field) => {
          const maker = privateKeyToAccount(key);
          const order = { ...anyOrder, maker: maker.address };
          const signature = await maker.sign({ hash: hashOrder(d, order) });
          const separator = domainSeparator(d);
          assert.deepEqual(verifyOrder(separator, order, signature), { ok: true, hash: hashOrder(d, order) });

          const other = changed(order, field);
          const verdict = verifyOrder(separator, other, signature);
          // A changed maker no longer matches the recovered key; any other change recovers someone else.
          assert.deepEqual(verdict, {
            wallet: true,
            code: SignatureRejection.SIGNATURE_WRONG_SIGNER,
            hash: hashOrder(d, other),
          });
          const otherDomain = domainSeparator({ ...d, chainId: d.chainId + 1 });
          assert.equal(verifyOrder(otherDomain, order, signature).ok, undefined);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("rejects without asking any wallet a zero-address maker, and a signature that is not hex bytes", () => {
    const [order] = fc.sample(orderOf(address), { seed: SEED, numRuns: 1 });
    const separator = domainSeparator({
      name: "HybridExchange",
      version: "1",
      chainId: 1,
      verifyingContract: zeroAddress,
    });
    assert.equal(verifyOrder(separator, { ...order, maker: zeroAddress }, "0x").ok, false);
    assert.deepEqual(verifyOrder(separator, order, "0x123" as Hex), {
      ok: false,
      code: SignatureRejection.SIGNATURE_MALFORMED,
      hash: orderDigest(separator, order),
    });
  });
});

describe("resolveWalletVerdict", () => {
  const [order] = fc.sample(orderOf(address), { seed: SEED, numRuns: 1 });
  const hash: Hex = `0x${"ab".repeat(32)}`;
  const answering = (answer: WalletAnswer): WalletAnswerSource & { asked: number } => {
    const source = { asked: 0, check: async () => (source.asked++, answer) };
    return source;
  };
  const walletVerdict = { wallet: true, code: SignatureRejection.SIGNATURE_HIGH_S, hash } as const;

  it("accepts when the wallet answers the magic value", async () => {
    assert.deepEqual(await resolveWalletVerdict(walletVerdict, order, "0x", answering({ valid: true })), {
      ok: true,
      hash,
    });
  });

  it("keeps the ECDSA code when the maker has no code: a plain account's bad signature", async () => {
    const verdict = await resolveWalletVerdict(
      walletVerdict,
      order,
      "0x",
      answering({ valid: false, reason: "NO_CODE" }),
    );
    assert.deepEqual(verdict, { ok: false, code: SignatureRejection.SIGNATURE_HIGH_S, hash });
  });

  it("rejects with WALLET_REFUSED when a contract reverts or answers anything but the magic value", async () => {
    for (const reason of ["REVERTED", "WRONG_ANSWER"] as const) {
      const verdict = await resolveWalletVerdict(walletVerdict, order, "0x", answering({ valid: false, reason }));
      assert.deepEqual(verdict, { ok: false, code: SignatureRejection.WALLET_REFUSED, hash });
    }
  });

  it("does not ask the chain about a verdict that is already final", async () => {
    const source = answering({ valid: true });
    assert.deepEqual(await resolveWalletVerdict({ ok: true, hash }, order, "0x", source), { ok: true, hash });
    const rejected = { ok: false, code: SignatureRejection.MAKER_ZERO_ADDRESS, hash } as const;
    assert.deepEqual(await resolveWalletVerdict(rejected, order, "0x", source), rejected);
    assert.equal(source.asked, 0);
  });
});
