// The admission module's exceptions: one base class with a stable code, a short message, details and the
// cause, and one small subclass per failure. They are for conditions the caller cannot handle order by order
// (a missing native library, an unreachable node, a closed pool); a bad signature is not an exception but a
// verdict with a rejection code (rejections.ts), so that the hot path never throws per order.

export interface AdmissionErrorOptions {
  details?: string;
  cause?: unknown;
}

/** Base of every admission error: `code` is stable and is what the API layer maps to a response. */
export abstract class AdmissionError extends Error {
  abstract readonly code: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, { details, cause }: AdmissionErrorOptions = {}) {
    super(details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage, { cause });
    this.details = details;
  }
}

/** secp256k1's native binding did not load, so admission would run ~30x slower on the JS fallback: refuse to start. */
export class NativeSecp256k1UnavailableError extends AdmissionError {
  readonly code = "SECP256K1_NATIVE_UNAVAILABLE";
  override readonly name = "NativeSecp256k1UnavailableError";
  constructor(options: AdmissionErrorOptions = {}) {
    super("The native secp256k1 binding did not load; refusing to verify signatures with the JS fallback.", options);
  }
}

/** The node could not be asked for a wallet's EIP-1271 answer (transport failure, not a refusal): retry later. */
export class WalletCheckUnavailableError extends AdmissionError {
  readonly code = "WALLET_CHECK_UNAVAILABLE";
  override readonly name = "WalletCheckUnavailableError";
  constructor(readonly wallet: string, options: AdmissionErrorOptions = {}) {
    super(`Could not ask wallet ${wallet} for its EIP-1271 answer.`, options);
  }
}

/** verifyMany() after close(), or a batch still in flight when close() ran. */
export class VerifierPoolClosedError extends AdmissionError {
  readonly code = "VERIFIER_POOL_CLOSED";
  override readonly name = "VerifierPoolClosedError";
  constructor() {
    super("The verifier pool is closed.");
  }
}

/** A verifier worker failed (threw, or exited with batches in flight). */
export class VerifierWorkerError extends AdmissionError {
  readonly code = "VERIFIER_WORKER_FAILED";
  override readonly name = "VerifierWorkerError";
  constructor(options: AdmissionErrorOptions = {}) {
    super("A signature verifier worker failed.", options);
  }
}
