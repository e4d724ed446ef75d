// The body of GET /v1/info: everything a client needs to build and sign orders without hard-coding anything —
// the chain, the exchange, the EIP-712 domain and types (with EIP712Domain, which eth_signTypedData_v4 wants
// listed), and the markets. The caller passes the time: this module reads no clock.
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
  /** Unix seconds: order expiries are compared with the engine's time, which follows this clock. */
  serverTime: number;
}

export function infoView(options: { chainId: number; exchange: Address; markets: MarketRegistry; serverTime: number }): InfoView {
  const exchange = options.exchange.toLowerCase() as Address;
  return {
    chainId: options.chainId,
    exchange,
    eip712: { domain: exchangeDomain(options.chainId, exchange), types: { EIP712Domain: EIP712_DOMAIN_TYPE, ...EIP712_TYPES } },
    markets: options.markets.infoView(),
    serverTime: options.serverTime,
  };
}
