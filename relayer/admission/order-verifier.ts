// An order's signature verdict, off-chain, as settle() would give it (Exchange._verifySignature):
// the fixed-layout digest of the order (orderDigest, tested equal to viem's generic hashOrder), then
// ECDSA under the contract's rules. When ECDSA fails, the contract asks the maker as an EIP-1271 wallet if
// it has code; that needs the chain, so the verdict says so and resolveWalletVerdict() finishes the job.
import type { Address, Hex } from "viem";
import { orderDigest, type Order } from "../../protocol/index.js";
import { hexBytes, isZeroAddress, verifyEcdsa } from "./ecdsa.js";
import { SignatureRejection, type EcdsaRejection } from "./rejections.js";
import type { WalletAnswer } from "./wallet-signature-checker.js";

/** The signature is the maker's: the order may be admitted (other checks permitting). */
export interface SignatureAccepted {
  ok: true;
  hash: Hex;
}

/** The contract would refuse this signature, whatever the chain says. */
export interface SignatureRejected {
  ok: false;
  code: SignatureRejection;
  hash: Hex;
}

/**
 * ECDSA failed but the maker may be a contract wallet: ask it (resolveWalletVerdict). `code` is the ECDSA
 * rule that failed, the verdict if the maker turns out to have no code.
 */
export interface SignatureNeedsWallet {
  ok?: undefined;
  wallet: true;
  code: EcdsaRejection;
  hash: Hex;
}

export type SignatureVerdict = SignatureAccepted | SignatureRejected | SignatureNeedsWallet;
export type FinalSignatureVerdict = SignatureAccepted | SignatureRejected;

/** Verifies `order`'s signature under the domain whose separator is `separator` (domainSeparator(domain)). */
export function verifyOrder(separator: Hex, order: Order, signature: Hex): SignatureVerdict {
  const hash = orderDigest(separator, order);
  // The zero address has no key and no code: the contract refuses it on both paths.
  if (isZeroAddress(order.maker)) return { ok: false, code: SignatureRejection.MAKER_ZERO_ADDRESS, hash };
  const bytes = hexBytes(signature);
  // Not bytes at all: it cannot even be passed to a wallet.
  if (bytes === undefined) return { ok: false, code: SignatureRejection.SIGNATURE_MALFORMED, hash };
  const rejection = verifyEcdsa(order.maker, Buffer.from(hash.slice(2), "hex"), bytes);
  if (rejection === undefined) return { ok: true, hash };
  return { wallet: true, code: rejection, hash };
}

/** Anything that answers EIP-1271 questions the way the contract would (WalletSignatureChecker). */
export interface WalletAnswerSource {
  check(wallet: Address, hash: Hex, signature: Hex): Promise<WalletAnswer>;
}

/**
 * The final verdict: a wallet verdict becomes accepted if the maker answers the magic value, rejected with the
 * ECDSA code if the maker has no code (a plain account with a bad signature), or WALLET_REFUSED otherwise.
 */
export async function resolveWalletVerdict(
  verdict: SignatureVerdict,
  order: Pick<Order, "maker">,
  signature: Hex,
  wallets: WalletAnswerSource,
): Promise<FinalSignatureVerdict> {
  if (verdict.ok !== undefined) return verdict;
  const answer = await wallets.check(order.maker, verdict.hash, signature);
  if (answer.valid) return { ok: true, hash: verdict.hash };
  const code = answer.reason === "NO_CODE" ? verdict.code : SignatureRejection.WALLET_REFUSED;
  return { ok: false, code, hash: verdict.hash };
}
