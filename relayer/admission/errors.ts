// The admission module's exceptions: one base class with a stable code, a short message, details and the
// cause, and one small subclass per failure. They are for conditions the caller cannot handle order by order
// (a missing native library, an unreachable node, a closed pool); a bad signature is not an exception but a
// verdict with a rejection code (rejections.ts), so that the hot path never throws per order.
import { RelayerError, withDetails, type RelayerErrorOptions } from "../errors/relayer-error.js";

export type AdmissionErrorOptions = RelayerErrorOptions;

export type AdmissionErrorCode =
  | "SECP256K1_NATIVE_UNAVAILABLE"
  | "WALLET_CHECK_UNAVAILABLE"
  | "VERIFIER_POOL_CLOSED"
  | "VERIFIER_WORKER_FAILED";

/** Base of every admission error: `code` is stable and is what the API layer maps to a response. */
export abstract class AdmissionError<Code extends AdmissionErrorCode = AdmissionErrorCode> extends RelayerError<Code> {
  constructor(code: Code, shortMessage: string, options: AdmissionErrorOptions = {}) {
    super(code, withDetails(shortMessage, options.details), options);
  }
}

/** secp256k1's native binding did not load, so admission would run ~30x slower on the JS fallback: refuse to start. */
export class NativeSecp256k1UnavailableError extends AdmissionError<"SECP256K1_NATIVE_UNAVAILABLE"> {
  override readonly name = "NativeSecp256k1UnavailableError";
  constructor(options: AdmissionErrorOptions = {}) {
    super(
      "SECP256K1_NATIVE_UNAVAILABLE",
      "The native secp256k1 binding did not load; refusing to verify signatures with the JS fallback.",
      options,
    );
  }
}

/** The node could not be asked for a wallet's EIP-1271 answer (transport failure, not a refusal): retry later. */
export class WalletCheckUnavailableError extends AdmissionError<"WALLET_CHECK_UNAVAILABLE"> {
  override readonly name = "WalletCheckUnavailableError";
  constructor(
    readonly wallet: string,
    options: AdmissionErrorOptions = {},
  ) {
    super("WALLET_CHECK_UNAVAILABLE", `Could not ask wallet ${wallet} for its EIP-1271 answer.`, options);
  }
}

/** verifyMany() after close(), or a batch still in flight when close() ran. */
export class VerifierPoolClosedError extends AdmissionError<"VERIFIER_POOL_CLOSED"> {
  override readonly name = "VerifierPoolClosedError";
  constructor() {
    super("VERIFIER_POOL_CLOSED", "The verifier pool is closed.");
  }
}

/** A verifier worker failed (threw, or exited with batches in flight). */
export class VerifierWorkerError extends AdmissionError<"VERIFIER_WORKER_FAILED"> {
  override readonly name = "VerifierWorkerError";
  constructor(options: AdmissionErrorOptions = {}) {
    super("VERIFIER_WORKER_FAILED", "A signature verifier worker failed.", options);
  }
}
