// Sequence numbers as LevelDB keys: 8 bytes, big-endian, unsigned. LevelDB orders keys bytewise, so with a
// fixed width and the most significant byte first, iteration order is sequence order (a decimal string would
// put 10 before 9).
export const SEQ_KEY_BYTES = 8;
const TWO_32 = 2 ** 32;

export function seqKey(seq: number): Uint8Array {
  if (!Number.isSafeInteger(seq) || seq < 0)
    throw new RangeError(`sequence number ${seq} is not a non-negative safe integer`);
  const key = new Uint8Array(SEQ_KEY_BYTES);
  const view = new DataView(key.buffer);
  view.setUint32(0, Math.floor(seq / TWO_32));
  view.setUint32(4, seq >>> 0);
  return key;
}

export function seqFromKey(key: Uint8Array): number {
  if (key.length !== SEQ_KEY_BYTES)
    throw new RangeError(`a sequence key has ${SEQ_KEY_BYTES} bytes, not ${key.length}`);
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  return view.getUint32(0) * TWO_32 + view.getUint32(4);
}
