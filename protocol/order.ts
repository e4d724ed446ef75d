// The order type: fields, limits and hashing. Price is the exact ratio quoteAmount / baseAmount
// (docs/protocol.md): a buy pays at most, a sell receives at least, that ratio on every fill.
import { encodeAbiParameters, hashTypedData, keccak256, toHex, type Address, type Hex } from "viem";
import { EIP712_TYPES, type ExchangeDomain } from "./eip712.js";

export const Side = { BUY: 0, SELL: 1 } as const;
export type Side = (typeof Side)[keyof typeof Side];

export const TimeInForce = { GTC: 0, IOC: 1, FOK: 2 } as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

/**
 * Order flag bits, equal to contracts/types/Order.sol's OrderFlags. POST_ONLY: only ever the maker of a fill.
 * AUCTION_ONLY: settle only through a proved batch auction (AuctionSettlement), never by the operator directly.
 */
export const OrderFlags = { POST_ONLY: 1, AUCTION_ONLY: 2 } as const;
/** Every flag bit the contract understands; any other bit is refused (InvalidOrder on-chain). */
export const KNOWN_ORDER_FLAGS = OrderFlags.POST_ONLY | OrderFlags.AUCTION_ONLY;

export const SelfTradePrevention = { CANCEL_TAKER: 0, CANCEL_MAKER: 1, CANCEL_BOTH: 2, DECREMENT: 3 } as const;
export type SelfTradePrevention = (typeof SelfTradePrevention)[keyof typeof SelfTradePrevention];

export const MAX_FEE_BPS = 10_000;
export const UINT128_MAX = (1n << 128n) - 1n;
export const UINT64_MAX = (1n << 64n) - 1n;
export const UINT40_MAX = (1n << 40n) - 1n;

/** An order exactly as its maker signs it. Amounts are token units. */
export interface Order {
  maker: Address;
  baseToken: Address;
  quoteToken: Address;
  side: Side;
  baseAmount: bigint;
  quoteAmount: bigint;
  triggerQuoteAmount: bigint;
  nonce: bigint;
  expiry: bigint;
  maxFeeBps: number;
  timeInForce: TimeInForce;
  flags: number;
  selfTradePrevention: SelfTradePrevention;
}

/**
 * The typed data of an order, for viem's signTypedData and hashTypedData. viem types uint40 as a number;
 * our expiry is a bigint like every other integer field, which viem encodes the same at run time.
 */
export function orderTypedData(domain: ExchangeDomain, order: Order) {
  return { domain, types: EIP712_TYPES, primaryType: "Order" as const, message: order as unknown as TypedOrderMessage };
}

type TypedOrderMessage = Omit<Order, "expiry"> & { expiry: number };

/** The EIP-712 digest of an order under the exchange's domain: the order's hash everywhere. */
export function hashOrder(domain: ExchangeDomain, order: Order): Hex {
  return hashTypedData(orderTypedData(domain, order));
}

const ORDER_TYPE_STRING = "Order(" + EIP712_TYPES.Order.map((f) => `${f.type} ${f.name}`).join(",") + ")";
export const ORDER_TYPEHASH: Hex = keccak256(toHex(ORDER_TYPE_STRING));

/** The EIP-712 domain separator: hashes once per domain, reused for every order. */
export function domainSeparator(domain: ExchangeDomain): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
      [
        keccak256(toHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
        keccak256(toHex(domain.name)),
        keccak256(toHex(domain.version)),
        BigInt(domain.chainId),
        domain.verifyingContract,
      ],
    ),
  );
}

export class InvalidOrderError extends Error {
  readonly code = "INVALID_ORDER";
  constructor(
    readonly field: keyof Order,
    readonly reason: string,
  ) {
    super(`invalid order ${field}: ${reason}`);
    this.name = "InvalidOrderError";
  }
}

/** The range checks the contract applies to an order's fields (InvalidOrder on-chain). Throws InvalidOrderError. */
export function assertOrderInRange(order: Order): void {
  if (order.side !== Side.BUY && order.side !== Side.SELL) throw new InvalidOrderError("side", "must be 0 or 1");
  if (order.baseAmount <= 0n || order.baseAmount > UINT128_MAX)
    throw new InvalidOrderError("baseAmount", "must be in 1..2^128-1");
  if (order.quoteAmount <= 0n || order.quoteAmount > UINT128_MAX)
    throw new InvalidOrderError("quoteAmount", "must be in 1..2^128-1");
  if (order.triggerQuoteAmount < 0n || order.triggerQuoteAmount > UINT128_MAX)
    throw new InvalidOrderError("triggerQuoteAmount", "must be in 0..2^128-1");
  if (order.nonce < 0n || order.nonce > UINT64_MAX) throw new InvalidOrderError("nonce", "must fit 64 bits");
  if (order.expiry < 0n || order.expiry > UINT40_MAX) throw new InvalidOrderError("expiry", "must fit 40 bits");
  if (!Number.isInteger(order.maxFeeBps) || order.maxFeeBps < 0 || order.maxFeeBps > MAX_FEE_BPS)
    throw new InvalidOrderError("maxFeeBps", `must be in 0..${MAX_FEE_BPS}`);
  if (![0, 1, 2].includes(order.timeInForce)) throw new InvalidOrderError("timeInForce", "must be 0, 1 or 2");
  if (!Number.isInteger(order.flags) || order.flags < 0 || (order.flags & ~KNOWN_ORDER_FLAGS) !== 0)
    throw new InvalidOrderError("flags", "unknown flag bits");
  if (![0, 1, 2, 3].includes(order.selfTradePrevention))
    throw new InvalidOrderError("selfTradePrevention", "must be 0..3");
}

/** Whether a fill of (base, quote) is at or better than the order's limit: the contract's integer rule. */
export function respectsLimit(
  order: Pick<Order, "side" | "baseAmount" | "quoteAmount">,
  base: bigint,
  quote: bigint,
): boolean {
  return order.side === Side.BUY
    ? quote * order.baseAmount <= order.quoteAmount * base
    : quote * order.baseAmount >= order.quoteAmount * base;
}

/** Whether `fee` is within `maxFeeBps` of `received`: the contract's integer rule. */
export function feeWithinCap(fee: bigint, received: bigint, maxFeeBps: number): boolean {
  return fee * 10_000n <= received * BigInt(maxFeeBps);
}
