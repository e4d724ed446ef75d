// The body of GET /v1/info: everything a client needs to build and sign orders without hard-coding anything —
// the chain, the exchange, the EIP-712 domain and types (with EIP712Domain, which eth_signTypedData_v4 wants
// listed), the markets, and the AuctionSettlement contract that proofs markets settle through. The caller passes the
// time: this module reads no clock.
//
// `payloads` holds one typed-data payload per signed message, all but its `message`: ethers infers the primary type
// from `types` and refuses a `types` with several unreferenced ones (or EIP712Domain), so a payload carries only its
// own type besides EIP712Domain; with the message added it is signed as is by eth_signTypedData_v4 and viem, and by
// ethers once EIP712Domain is left out of `types` (docs/api.md).
import type { Address } from "viem";
import { EIP712_DOMAIN_TYPES, EIP712_TYPES, exchangeDomain, type PrimaryType } from "../../protocol/index.js";
import type { MarketRegistry } from "./markets.js";
import type { InfoView, TypedDataPayload } from "../wire/markets.js";

export type { InfoView, TypedDataPayload };

export function infoView(options: {
  chainId: number;
  exchange: Address;
  markets: MarketRegistry;
  serverTime: number;
  auctionSettlement?: Address;
}): InfoView {
  const exchange = options.exchange.toLowerCase() as Address;
  const domain = exchangeDomain(options.chainId, exchange);
  const payload = <P extends PrimaryType>(primaryType: P): TypedDataPayload<P> => ({
    domain,
    types: { ...EIP712_DOMAIN_TYPES, [primaryType]: EIP712_TYPES[primaryType] } as TypedDataPayload<P>["types"],
    primaryType,
  });
  return {
    chainId: options.chainId,
    exchange,
    eip712: {
      domain,
      types: { ...EIP712_DOMAIN_TYPES, ...EIP712_TYPES },
      payloads: {
        Order: payload("Order"),
        Withdrawal: payload("Withdrawal"),
        CancelOrder: payload("CancelOrder"),
        CancelAll: payload("CancelAll"),
      },
    },
    markets: options.markets.infoView(),
    auctionSettlement: (options.auctionSettlement?.toLowerCase() as Address | undefined) ?? null,
    serverTime: options.serverTime,
  };
}
