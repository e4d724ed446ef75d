// Why the ledger refused an operation. A refusal is plain data with the offending values (like the engine's
// rejection events), never an exception: the same state and the same record always give the same refusal, so
// a refused record replays exactly as it ran live. A refused operation changes nothing.

export type LedgerRejection =
  /** An amount that must be a positive bigint is not. */
  | { readonly code: "invalid-amount"; readonly amount: unknown }
  /** Not a 20-byte hex address. */
  | { readonly code: "invalid-address"; readonly address: unknown }
  /** An id (deposit, withdrawal, owner) of the wrong shape. */
  | { readonly code: "invalid-id"; readonly id: unknown }
  /** The account cannot spare `needed` of `token`: only `available` is free. This is the risk check. */
  | {
      readonly code: "insufficient-available";
      readonly account: string;
      readonly token: string;
      readonly needed: bigint;
      readonly available: bigint;
    }
  | { readonly code: "duplicate-deposit"; readonly depositId: string }
  | { readonly code: "unknown-deposit"; readonly depositId: string }
  | { readonly code: "duplicate-order"; readonly order: string }
  | { readonly code: "unknown-order"; readonly order: string }
  /** More lots released or filled than the order still has locked. */
  | { readonly code: "exceeds-lock"; readonly order: string; readonly lots: number; readonly lockedLots: number }
  /** A fill whose orders, tokens or fees do not fit together (wrong tokens, fee above what is received). */
  | { readonly code: "fill-mismatch"; readonly reason: string }
  | { readonly code: "unknown-fill"; readonly fillId: number }
  | { readonly code: "duplicate-withdrawal"; readonly withdrawalId: string }
  | { readonly code: "unknown-withdrawal"; readonly withdrawalId: string }
  | { readonly code: "duplicate-owner"; readonly owner: number }
  | { readonly code: "duplicate-address"; readonly address: string; readonly owner: number }
  // The chain's order controls (relayer/ledger/chain-controls.ts): a place command they refuse, and a repeated event.
  /** The maker requested exit on-chain (and has not cancelled it): no new orders. */
  | { readonly code: "account-exiting"; readonly account: string }
  /** The maker cancelled this order hash on-chain. */
  | { readonly code: "order-cancelled-onchain"; readonly maker: string; readonly orderHash: string }
  /** The order's nonce is below the maker's on-chain nonce floor. */
  | { readonly code: "nonce-below-floor"; readonly maker: string; readonly nonce: bigint; readonly floor: bigint }
  /**
   * The maker already used this nonce: a live order of theirs carries it, or an order with it has traded (on-chain a
   * completed order consumes its nonce, so the contract would refuse one of the two). See order-nonces.ts.
   */
  | {
      readonly code: "nonce-used";
      readonly maker: string;
      readonly nonce: bigint;
      readonly by: "live-order" | "traded-order";
    }
  /** A chain event (`eventId`) that was already applied. */
  | { readonly code: "duplicate-chain-event"; readonly eventId: string };

export type LedgerRejectionCode = LedgerRejection["code"];

/** The result of a ledger operation: a value, or a refusal that changed nothing. */
export type LedgerResult<T = null> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly rejection: LedgerRejection };

export const done = <T>(value: T): LedgerResult<T> => ({ ok: true, value });
export const refuse = (rejection: LedgerRejection): { ok: false; rejection: LedgerRejection } => ({
  ok: false,
  rejection,
});
