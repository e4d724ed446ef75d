/**
 * The one seeded generator of the tests and benches (mulberry32): the same seed gives the same numbers on every run
 * and machine, so a random workload or order stream reproduces. Property tests draw through fast-check instead
 * (command-stream.ts), whose runs shrink; this is for the streams that are generated once and replayed.
 */

/** Numbers uniform in [0, 1), from `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
