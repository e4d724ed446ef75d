// The body of GET /v1/info: everything a client needs to build and sign orders without hard-coding anything —
// the chain, the exchange, the EIP-712 domain and types (with EIP712Domain, which eth_signTypedData_v4 wants
// listed), the markets, and the AuctionSettlement contract that proofs markets settle through. The caller passes the
// time: this module reads no clock.
import type { Address } from "viem";
import { EIP712_TYPES, exchangeDomain, type ExchangeDomain } from "../../engine/protocol/index.js";
import type { MarketInfo, MarketRegistry } from "./markets.js";

const EIP712_DOMAIN_TYPE = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
] as const;

export interface InfoView {
  chainId: number;
  exchange: Address;
  eip712: {
    domain: ExchangeDomain;
    types: typeof EIP712_TYPES & { EIP712Domain: typeof EIP712_DOMAIN_TYPE };
  };
  markets: MarketInfo[];
  /** The AuctionSettlement contract of the `proofs` markets (lower case), null when the relayer settles none: where a
   *  user compares a batch's commitment with the one posted on-chain (docs/fairness.md, "Checking your order"). */
  auctionSettlement: Address | null;
  /** Unix seconds: order expiries are compared with the engine's time, which follows this clock. */
  serverTime: number;
}

export function infoView(options: { chainId: number; exchange: Address; markets: MarketRegistry; serverTime: number; auctionSettlement?: Address }): InfoView {
  const exchange = options.exchange.toLowerCase() as Address;
  return {
    chainId: options.chainId,
    exchange,
    eip712: { domain: exchangeDomain(options.chainId, exchange), types: { EIP712Domain: EIP712_DOMAIN_TYPE, ...EIP712_TYPES } },
    markets: options.markets.infoView(),
    auctionSettlement: (options.auctionSettlement?.toLowerCase() as Address | undefined) ?? null,
    serverTime: options.serverTime,
  };
}
