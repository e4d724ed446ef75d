/**
 * Twin of contracts/margin/libraries/SignedMulDiv.sol: a × b / d rounded toward +∞ or −∞ (never toward zero), the
 * way the margin rules round by the direction money flows.
 */

const abs = (x: bigint) => (x < 0n ? -x : x);

/** ⌊n / d⌋ for n ≥ 0, d > 0, or ⌈n / d⌉. */
export function divRound(n: bigint, d: bigint, up: boolean): bigint {
  if (d <= 0n) throw new RangeError("division by zero");
  return up ? (n + d - 1n) / d : n / d;
}

export function mulDiv(a: bigint, b: bigint, d: bigint, towardPositive: boolean): bigint {
  const negative = a < 0n !== b < 0n;
  // A negative result rounds toward +∞ by shrinking its magnitude.
  const magnitude = divRound(abs(a) * abs(b), d, negative !== towardPositive);
  return negative ? -magnitude : magnitude;
}

export { abs };
