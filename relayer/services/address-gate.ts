import type { Address } from "viem";

/**
 * Called by the admitting services with the signer's address once its signature is checked: the HTTP shell's
 * per-address rate limit (relayer/http/rate-limit.ts). It throws to refuse; nothing has been written by then.
 */
export type AddressGate = (address: Address) => void;
