// Why admission refuses an order's signature: stable codes, each one a rule of the contract's
// SignatureVerification / Exchange._verifySignature, so an API client learns which rule its signature broke.

export const SignatureRejection = {
  /** The maker is the zero address: never a valid signer (and it has no code to ask). */
  MAKER_ZERO_ADDRESS: "MAKER_ZERO_ADDRESS",
  /** Not 65 bytes (or not hex): the contract does not try ECDSA on it. */
  SIGNATURE_MALFORMED: "SIGNATURE_MALFORMED",
  /** s > n/2: ecrecover would map it to the maker, but the contract refuses malleable twins. */
  SIGNATURE_HIGH_S: "SIGNATURE_HIGH_S",
  /** v is not 27 or 28 (e.g. the y-parity 0/1). */
  SIGNATURE_BAD_V: "SIGNATURE_BAD_V",
  /** No public key recovers from it (r = 0, s = 0, r >= n, x not on the curve): ecrecover returns zero. */
  SIGNATURE_UNRECOVERABLE: "SIGNATURE_UNRECOVERABLE",
  /** A well-formed signature by someone else, or of another digest (other chain id, other exchange, other order). */
  SIGNATURE_WRONG_SIGNER: "SIGNATURE_WRONG_SIGNER",
  /** The maker is a contract and its isValidSignature did not answer the magic value (refused, reverted, ran out of gas, short answer). */
  WALLET_REFUSED: "WALLET_REFUSED",
} as const;

export type SignatureRejection = (typeof SignatureRejection)[keyof typeof SignatureRejection];

/** The ECDSA rule a signature broke: every rejection except the wallet's own. */
export type EcdsaRejection = Exclude<SignatureRejection, "WALLET_REFUSED">;
