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
