// Signed index prices for perpetual markets: the EIP-712 domain and type, hashing, the calldata form and a signing
// helper, shared by the tests and (next) the price service. The Solidity twin is
// contracts/margin/oracle/PriceUpdateHashing.sol; test/contracts/margin/oracle-hashing.test.ts checks both give the
// same hashes. Prices are quote units per base unit × PRICE_SCALE (docs/margin.md "Prices and oracle guards").
import { hashTypedData, type Address, type Hex, type LocalAccount } from "viem";
import { compactSignature } from "./batch.js";
import { UINT128_MAX, UINT64_MAX } from "./order.js";

export const PRICE_DOMAIN_NAME = "HybridExchangePrices";
export const PRICE_DOMAIN_VERSION = "1";
/** Index prices are fixed point: quote units per base unit × 1e18. */
export const PRICE_SCALE = 10n ** 18n;
export const UINT32_MAX = 0xffff_ffff;

/** The domain price signers sign under: bound to the contract that checks the prices (the margin module). */
export interface PriceDomain {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: Address;
}

export function priceDomain(chainId: number, verifyingContract: Address): PriceDomain {
  return { name: PRICE_DOMAIN_NAME, version: PRICE_DOMAIN_VERSION, chainId, verifyingContract };
}

export const PRICE_UPDATE_TYPES = {
  PriceUpdate: [
    { name: "market", type: "uint32" },
    { name: "price", type: "uint128" },
    { name: "confidence", type: "uint128" },
    { name: "timestamp", type: "uint64" },
  ],
} as const;

/** One market's index price at `timestamp` (unix seconds), with its confidence interval, both PRICE_SCALE-d. */
export interface PriceUpdate {
  market: number;
  price: bigint;
  confidence: bigint;
  timestamp: bigint;
}

/** The calldata form of contracts/margin/oracle/PriceUpdate.sol SignedPriceUpdate. */
export interface SignedPriceUpdate {
  /** price << 128 | confidence */
  priceAndConfidence: bigint;
  /** market << 64 | timestamp */
  marketAndTimestamp: bigint;
  /** EIP-2098 compact ECDSA signatures of distinct signers */
  signatures: { r: Hex; vs: Hex }[];
}

export class PriceUpdateRangeError extends Error {
  readonly code = "PRICE_UPDATE_OUT_OF_RANGE";
  constructor(
    readonly field: keyof PriceUpdate,
    readonly reason: string,
  ) {
    super(`price update ${field}: ${reason}`);
    this.name = "PriceUpdateRangeError";
  }
}

/** The fields' ranges as the signed type declares them. Throws PriceUpdateRangeError. */
export function assertPriceUpdateInRange(update: PriceUpdate): void {
  if (!Number.isInteger(update.market) || update.market < 0 || update.market > UINT32_MAX)
    throw new PriceUpdateRangeError("market", "must fit 32 bits");
  if (update.price <= 0n || update.price > UINT128_MAX)
    throw new PriceUpdateRangeError("price", "must be in 1..2^128-1");
  if (update.confidence < 0n || update.confidence > UINT128_MAX)
    throw new PriceUpdateRangeError("confidence", "must fit 128 bits");
  if (update.timestamp < 0n || update.timestamp > UINT64_MAX)
    throw new PriceUpdateRangeError("timestamp", "must fit 64 bits");
}

/** The typed data of a price update, for viem's signTypedData and hashTypedData. */
export function priceUpdateTypedData(domain: PriceDomain, update: PriceUpdate) {
  return { domain, types: PRICE_UPDATE_TYPES, primaryType: "PriceUpdate" as const, message: update };
}

/** The EIP-712 digest the signers sign. */
export function hashPriceUpdate(domain: PriceDomain, update: PriceUpdate): Hex {
  return hashTypedData(priceUpdateTypedData(domain, update));
}

/** Packs an update and its 65-byte signatures into calldata form. Throws for a signature that is not low-s ECDSA. */
export function toSignedPriceUpdate(update: PriceUpdate, signatures: Hex[]): SignedPriceUpdate {
  assertPriceUpdateInRange(update);
  return {
    priceAndConfidence: (update.price << 128n) | update.confidence,
    marketAndTimestamp: (BigInt(update.market) << 64n) | update.timestamp,
    signatures: signatures.map((signature) => {
      const compact = compactSignature(signature);
      if (!compact) throw new Error("a price signature must be a 65-byte low-s ECDSA signature");
      return compact;
    }),
  };
}

/** The update signed by each of `signers` (local keys: price signers are never contract wallets), in calldata form. */
export async function signPriceUpdate(
  domain: PriceDomain,
  update: PriceUpdate,
  signers: readonly LocalAccount[],
): Promise<SignedPriceUpdate> {
  assertPriceUpdateInRange(update);
  const typedData = priceUpdateTypedData(domain, update);
  const signatures = await Promise.all(signers.map((signer) => signer.signTypedData(typedData)));
  return toSignedPriceUpdate(update, signatures);
}
