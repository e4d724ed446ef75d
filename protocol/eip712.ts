// The EIP-712 domain and types of the exchange: the one definition that signers, the relayer,
// tests and the API's GET /v1/info use. The Solidity twins are contracts/libraries/OrderHashing.sol
// and MessageHashing.sol; test/contracts/hashing.test.ts checks that both give the same hashes.
import type { Address } from "viem";

export const DOMAIN_NAME = "HybridExchange";
export const DOMAIN_VERSION = "1";

export interface ExchangeDomain {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: Address;
}

export function exchangeDomain(chainId: number, verifyingContract: Address): ExchangeDomain {
  return { name: DOMAIN_NAME, version: DOMAIN_VERSION, chainId, verifyingContract };
}

/**
 * The domain's own type, for payloads handed to wallets: eth_signTypedData_v4 (MetaMask) hashes the domain with
 * exactly the fields `types.EIP712Domain` lists (none if it is missing, a different digest), while viem and ethers
 * derive it from the domain's fields. Field order as EIP-712 gives it.
 */
export const EIP712_DOMAIN_TYPES = {
  EIP712Domain: [
    { name: "name", type: "string" },
    { name: "version", type: "string" },
    { name: "chainId", type: "uint256" },
    { name: "verifyingContract", type: "address" },
  ],
} as const;

export const EIP712_TYPES = {
  Order: [
    { name: "maker", type: "address" },
    { name: "baseToken", type: "address" },
    { name: "quoteToken", type: "address" },
    { name: "side", type: "uint8" },
    { name: "baseAmount", type: "uint128" },
    { name: "quoteAmount", type: "uint128" },
    { name: "triggerQuoteAmount", type: "uint128" },
    { name: "nonce", type: "uint64" },
    { name: "expiry", type: "uint40" },
    { name: "maxFeeBps", type: "uint16" },
    { name: "timeInForce", type: "uint8" },
    { name: "flags", type: "uint8" },
    { name: "selfTradePrevention", type: "uint8" },
  ],
  Withdrawal: [
    { name: "account", type: "address" },
    { name: "token", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "recipient", type: "address" },
    { name: "nonce", type: "uint64" },
    { name: "expiry", type: "uint40" },
  ],
  CancelOrder: [
    { name: "maker", type: "address" },
    { name: "orderHash", type: "bytes32" },
  ],
  CancelAll: [
    { name: "maker", type: "address" },
    { name: "baseToken", type: "address" },
    { name: "quoteToken", type: "address" },
    { name: "issuedAt", type: "uint64" },
  ],
} as const;

export type PrimaryType = keyof typeof EIP712_TYPES;
