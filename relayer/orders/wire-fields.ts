// The JSON forms of the values inside signed messages, as zod schemas. Integers that can exceed 2^53 travel as
// canonical decimal strings (JSON numbers lose them silently in most parsers); small enums and bps travel as JSON
// integers. Every string is length-bounded before any regex or BigInt runs, so a hostile body costs O(bound).
// Each schema carries its own client-facing message: zod's defaults would do, but ours are part of the API.
import { z } from "zod";
import type { Address, Hex } from "viem";

/** Decimal digits of 2^256 − 1, the widest integer in any message (Withdrawal.amount). */
const MAX_UINT_DIGITS = 78;

/** A contract wallet (EIP-1271, e.g. a Safe with several owners) may sign with more than 65 bytes; this bounds it. */
export const MAX_SIGNATURE_BYTES = 2048;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/;
/** Canonical: no sign, no leading zeros, no exponent, so one value has one spelling. */
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/**
 * An address in any letter case (checksummed or not, the checksum is not checked: it protects typing, and these
 * come from programs), normalised to lower case so that equal addresses compare equal.
 */
export const address = z
  .string({ error: "must be a 0x-prefixed 20-byte hex address" })
  .max(42, { error: "must be a 0x-prefixed 20-byte hex address" })
  .regex(ADDRESS, { error: "must be a 0x-prefixed 20-byte hex address" })
  .transform((s) => s.toLowerCase() as Address);

export const bytes32 = z
  .string({ error: "must be 0x-prefixed 32-byte hex" })
  .max(66, { error: "must be 0x-prefixed 32-byte hex" })
  .regex(BYTES32, { error: "must be 0x-prefixed 32-byte hex" })
  .transform((s) => s.toLowerCase() as Hex);

/** Signature bytes, normalised to lower case. Its rules (length 65, low s, v) are admission's: a 401, not a 400. */
export const signature = z
  .string({ error: "must be 0x-prefixed hex bytes" })
  .max(2 + 2 * MAX_SIGNATURE_BYTES, { error: `must be at most ${MAX_SIGNATURE_BYTES} bytes` })
  .regex(HEX_BYTES, { error: "must be 0x-prefixed hex bytes" })
  .transform((s) => s.toLowerCase() as Hex);

/** An unsigned integer of `bits` bits, at least `min`, as a canonical decimal string → bigint. */
export function uintString(bits: number, min = 0n) {
  const max = (1n << BigInt(bits)) - 1n;
  const what = `must be a decimal string of an integer in ${min}..2^${bits}-1`;
  return z
    .string({ error: what })
    .max(MAX_UINT_DIGITS, { error: what })
    .regex(DECIMAL, { error: what })
    .transform((s) => BigInt(s))
    .refine((n) => n >= min && n <= max, { error: what });
}

/** A small integer field (uint8/uint16 enums, bps) as a JSON integer in min..max. */
export function smallInt(min: number, max: number) {
  const what = `must be an integer in ${min}..${max}`;
  return z.int({ error: what }).min(min, { error: what }).max(max, { error: what });
}

/** A JSON integer that is one of `values`. */
export function oneOfInts<const T extends readonly number[]>(values: T) {
  const what = `must be one of ${values.join(", ")}`;
  return z.int({ error: what }).refine((n): n is T[number] => values.includes(n), { error: what });
}
