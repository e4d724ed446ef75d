// GET /v1/info and GET /v1/markets: the exchange, its EIP-712 domain and types, and each market's tokens and terms,
// as the server sends them and the SDK reads them (relayer/markets/ builds them from the market registry).
import type { Address } from "viem";
import type { EIP712_DOMAIN_TYPES, EIP712_TYPES, ExchangeDomain, PrimaryType } from "../../protocol/index.js";

export interface Token {
  symbol: string;
  address: Address;
  decimals: number;
}

export interface MarketInfo {
  id: string;
  engineId: number;
  base: Token;
  quote: Token;
  /** Base units per lot: an order's baseAmount is a multiple of it. */
  lotSize: string;
  /** Quote units per lot per tick: an order's quoteAmount is size × price × tickSize. */
  tickSize: string;
  /** Smallest order, in lots, and in base units. */
  minSize: number;
  minBaseAmount: string;
  /** Highest price in ticks. */
  maxPriceTicks: number;
  makerFeeBps: number;
  takerFeeBps: number;
  mode: "continuous" | "auction";
  /** Batches settle only with a proof of fair clearing; every order must set the AUCTION_ONLY flag (2). */
  proofs: boolean;
}

/** The typed data of one signed message, without the message itself. */
export type TypedDataPayload<P extends PrimaryType> = {
  domain: ExchangeDomain;
  types: typeof EIP712_DOMAIN_TYPES & Pick<typeof EIP712_TYPES, P>;
  primaryType: P;
};

export interface InfoView {
  chainId: number;
  exchange: Address;
  eip712: {
    domain: ExchangeDomain;
    types: typeof EIP712_TYPES & typeof EIP712_DOMAIN_TYPES;
    payloads: { [P in PrimaryType]: TypedDataPayload<P> };
  };
  markets: MarketInfo[];
  /** The AuctionSettlement contract of the `proofs` markets (lower case), null when the relayer settles none: where a
   *  user compares a batch's commitment with the one posted on-chain (docs/fairness.md, "Checking your order"). */
  auctionSettlement: Address | null;
  /** Unix seconds: order expiries are compared with the engine's time, which follows this clock. */
  serverTime: number;
}
