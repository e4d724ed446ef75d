// Random orders and domains for admission tests: every field over its whole type range (admission hashes before
// the schema's range checks matter to it), addresses lower-case or checksummed.
import fc from "fast-check";
import { bytesToHex, getAddress, type Address } from "viem";
import type { ExchangeDomain, Order } from "../../../protocol/index.js";

const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
const smallUint = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });

export const address: fc.Arbitrary<Address> = fc
  .tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.boolean())
  .map(([bytes, checksummed]) => (checksummed ? getAddress(bytesToHex(bytes)) : bytesToHex(bytes)));

/** An order of `maker` with every other field random over its Solidity type. */
export const orderOf = (maker: fc.Arbitrary<Address>): fc.Arbitrary<Order> =>
  fc.record({
    maker,
    baseToken: address,
    quoteToken: address,
    side: smallUint(8),
    baseAmount: uint(128),
    quoteAmount: uint(128),
    triggerQuoteAmount: uint(128),
    nonce: uint(64),
    expiry: uint(40),
    maxFeeBps: smallUint(16),
    timeInForce: smallUint(8),
    flags: smallUint(8),
    selfTradePrevention: smallUint(8),
  }) as fc.Arbitrary<Order>;

export const domain: fc.Arbitrary<ExchangeDomain> = fc.record({
  name: fc.oneof(fc.constant("HybridExchange"), fc.string()),
  version: fc.oneof(fc.constant("1"), fc.string()),
  chainId: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  verifyingContract: address,
});

export const privateKey = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter(
    (key) =>
      key.some((byte) => byte !== 0) &&
      BigInt(bytesToHex(key)) < 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  )
  .map((key) => bytesToHex(key));
