// The BN254 scalar field: every circuit value and every public input of the auction proof lives in it.

/** The scalar field modulus of BN254 (alt_bn128), the curve of the EIP-196/197 precompiles. */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416873574490845732081385495617n;

/** An EIP-712 order hash as the field element the commitment absorbs: the hash reduced modulo the field. */
export function orderHashToField(orderHash: `0x${string}`): bigint {
  return BigInt(orderHash) % SNARK_SCALAR_FIELD;
}
