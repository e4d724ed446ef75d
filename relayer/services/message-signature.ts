// A signed account message (cancel, cancel-all, withdrawal) checked with the contract's rules
// (SignatureVerification.isValid): ECDSA by `signer`, then, when a wallet checker is configured, EIP-1271 for a
// contract signer. Refusals are ApiError 401 with the rule's code (field `signature`, or the signer's field for the
// zero address); a node that cannot be asked is 503.
import type { Address, Hex } from "viem";
import { hexBytes, isZeroAddress, verifyEcdsa } from "../admission/ecdsa.js";
import { WalletCheckUnavailableError } from "../admission/errors.js";
import { resolveWalletVerdict, type WalletAnswerSource } from "../admission/order-verifier.js";
import { SignatureRejection, type EcdsaRejection } from "../admission/rejections.js";
import { ApiError, signatureRejection } from "../errors/index.js";

export async function checkMessageSignature(
  signer: Address,
  hash: Hex,
  signature: Hex,
  signerField: string,
  wallets: WalletAnswerSource | undefined,
): Promise<void> {
  let code: SignatureRejection | undefined;
  if (isZeroAddress(signer)) code = SignatureRejection.MAKER_ZERO_ADDRESS;
  else {
    const bytes = hexBytes(signature);
    const ecdsa: EcdsaRejection | undefined =
      bytes === undefined
        ? SignatureRejection.SIGNATURE_MALFORMED
        : verifyEcdsa(signer, Buffer.from(hash.slice(2), "hex"), bytes);
    code = ecdsa;
    if (ecdsa !== undefined && bytes !== undefined && wallets !== undefined) {
      try {
        const verdict = await resolveWalletVerdict(
          { wallet: true, code: ecdsa, hash },
          { maker: signer },
          signature,
          wallets,
        );
        code = verdict.ok ? undefined : verdict.code;
      } catch (error) {
        if (error instanceof WalletCheckUnavailableError) {
          throw new ApiError("SERVICE_UNAVAILABLE", "The signer's wallet could not be asked.", { cause: error });
        }
        throw error;
      }
    }
  }
  if (code !== undefined) {
    throw signatureRejection(code, { what: "authorise this message", signerField });
  }
}
