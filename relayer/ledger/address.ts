// Accounts and tokens are 20-byte addresses, always kept in lower case so that one address has one spelling in
// the state (and in its hash).

export type Address = string;

const ADDRESS = /^0x[0-9a-f]{40}$/;

/** The lower-case form of `value`, or null if it is not an address. */
export function normalizeAddress(value: unknown): Address | null {
  if (typeof value !== "string") return null;
  const lower = value.toLowerCase();
  return ADDRESS.test(lower) ? lower : null;
}
