// Shared inputs for the relayer's order tests: a valid wire order to break one field at a time, and random orders.
import fc from "fast-check";
import { bytesToHex, type Address, type Hex } from "viem";
import { UINT128_MAX, UINT40_MAX, UINT64_MAX, type Order } from "../../../protocol/index.js";

export const MAKER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
export const WETH = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
export const USDC = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
export const SIGNATURE: Hex = `0x${"11".repeat(32)}${"22".repeat(32)}1b`;

/** A valid wire order (1 WETH for at most 3,000 USDC); tests copy it and break one field. */
export function wireOrderBody(
  order: Record<string, unknown> = {},
  top: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    order: {
      maker: MAKER,
      baseToken: WETH,
      quoteToken: USDC,
      side: 0,
      baseAmount: "1000000000000000000",
      quoteAmount: "3000000000",
      triggerQuoteAmount: "0",
      nonce: "1",
      expiry: "0",
      maxFeeBps: 30,
      timeInForce: 0,
      flags: 0,
      selfTradePrevention: 0,
      ...order,
    },
    signature: SIGNATURE,
    ...top,
  };
}

/** The same body with one order field removed. */
export function withoutOrderField(field: string): Record<string, unknown> {
  const body = wireOrderBody();
  delete (body.order as Record<string, unknown>)[field];
  return body;
}

export const lowerAddress: fc.Arbitrary<Address> = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((bytes) => bytesToHex(bytes));

/** Any order the contract accepts the terms of (assertOrderInRange), over each field's whole range. */
export const validOrder: fc.Arbitrary<Order> = fc.record(
  {
    maker: lowerAddress,
    baseToken: lowerAddress,
    quoteToken: lowerAddress,
    side: fc.constantFrom(0, 1),
    baseAmount: fc.bigInt({ min: 1n, max: UINT128_MAX }),
    quoteAmount: fc.bigInt({ min: 1n, max: UINT128_MAX }),
    triggerQuoteAmount: fc.bigInt({ min: 0n, max: UINT128_MAX }),
    nonce: fc.bigInt({ min: 0n, max: UINT64_MAX }),
    expiry: fc.bigInt({ min: 0n, max: UINT40_MAX }),
    maxFeeBps: fc.integer({ min: 0, max: 10_000 }),
    timeInForce: fc.constantFrom(0, 1, 2),
    flags: fc.constantFrom(0, 1, 2, 3),
    selfTradePrevention: fc.constantFrom(0, 1, 2, 3),
  },
  { noNullPrototype: true },
) as fc.Arbitrary<Order>;

export const signatureHex: fc.Arbitrary<`0x${string}`> = fc
  .uint8Array({ minLength: 0, maxLength: 200 })
  .map((bytes) => bytesToHex(bytes));

/** Fixed seed so a failure reproduces; ORDERS_SEED picks another. */
export function property(numRuns: number): fc.Parameters<unknown> {
  return { seed: process.env.ORDERS_SEED === undefined ? 20_260_202 : Number(process.env.ORDERS_SEED), numRuns };
}
