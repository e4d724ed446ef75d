// Account messages other than orders: withdrawals (executed on-chain by the operator) and
// off-chain cancels (applied by the relayer).
import { hashTypedData, type Address, type Hex } from "viem";
import { EIP712_TYPES, type ExchangeDomain } from "./eip712.js";

export interface Withdrawal {
  account: Address;
  token: Address;
  amount: bigint;
  recipient: Address;
  nonce: bigint;
  expiry: bigint;
}

export interface CancelOrder {
  maker: Address;
  orderHash: Hex;
}

/** Cancels every open order of `maker` in one market, or in all when both tokens are the zero address. */
export interface CancelAll {
  maker: Address;
  baseToken: Address;
  quoteToken: Address;
  issuedAt: bigint;
}

/** The typed data of a withdrawal, for viem's signTypedData and hashTypedData (expiry: see orderTypedData). */
export function withdrawalTypedData(domain: ExchangeDomain, withdrawal: Withdrawal) {
  type Message = Omit<Withdrawal, "expiry"> & { expiry: number };
  return { domain, types: EIP712_TYPES, primaryType: "Withdrawal" as const, message: withdrawal as unknown as Message };
}

export function hashWithdrawal(domain: ExchangeDomain, withdrawal: Withdrawal): Hex {
  return hashTypedData(withdrawalTypedData(domain, withdrawal));
}

export function hashCancelOrder(domain: ExchangeDomain, message: CancelOrder): Hex {
  return hashTypedData({ domain, types: EIP712_TYPES, primaryType: "CancelOrder", message });
}

export function hashCancelAll(domain: ExchangeDomain, message: CancelAll): Hex {
  return hashTypedData({ domain, types: EIP712_TYPES, primaryType: "CancelAll", message });
}

/**
 * A socket.io session login (relayer/ws/): `address` proves control of its key (or, for a contract account, its
 * EIP-1271 answer) for the relayer's challenge `nonce`, valid until `expiresAt` (unix seconds). Signed in the
 * exchange's domain, under a type the contract never reads: it cannot be replayed as an order, cancel or withdrawal.
 * Off-chain only, so it has no Solidity twin.
 */
export interface Login {
  address: Address;
  nonce: Hex;
  expiresAt: bigint;
}

export const LOGIN_TYPES = {
  Login: [
    { name: "address", type: "address" },
    { name: "nonce", type: "bytes32" },
    { name: "expiresAt", type: "uint64" },
  ],
} as const;

/** The typed data of a login, for viem's signTypedData and hashTypedData. */
export function loginTypedData(domain: ExchangeDomain, login: Login) {
  return { domain, types: LOGIN_TYPES, primaryType: "Login" as const, message: login };
}

export function hashLogin(domain: ExchangeDomain, login: Login): Hex {
  return hashTypedData(loginTypedData(domain, login));
}
