// The worker pool gives the single-threaded verifier's verdicts, in the items' order, for a few hundred random
// orders with valid and broken signatures; its workers run the native binding; close() leaves nothing running.
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import fc from "fast-check";
import { concat, hexToBigInt, numberToHex, zeroAddress, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { domainSeparator, hashOrder } from "../../../protocol/index.js";
import { VerifierPoolClosedError } from "../../../relayer/admission/errors.js";
import { verifyOrder, type SignatureVerdict } from "../../../relayer/admission/order-verifier.js";
import { VerifierPool, type VerifyItem } from "../../../relayer/admission/verifier-pool.js";
import { address, domain, orderOf } from "./arbitraries.js";

const SEED = 20_240_613;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const makers = [1, 2, 3].map((i) => privateKeyToAccount(numberToHex(i * 7919, { size: 32 })));

/** How an item's signature is broken, if it is. */
const MANGLES: Record<string, (signature: Hex) => Hex> = {
  valid: (s) => s,
  highS: (s) =>
    concat([
      `0x${s.slice(2, 66)}`,
      numberToHex(N - hexToBigInt(`0x${s.slice(66, 130)}`), { size: 32 }),
      s.endsWith("1b") ? "0x1c" : "0x1b",
    ]),
  parityV: (s) => concat([`0x${s.slice(2, 130)}`, s.endsWith("1b") ? "0x00" : "0x01"]),
  truncated: (s) => `0x${s.slice(2, 130)}`,
  empty: () => "0x",
  notHex: () => "0xnothex",
};

/** A few hundred items: random orders of three makers under three domains, signed, then some signatures broken. */
async function randomItems(count: number): Promise<VerifyItem[]> {
  const samples = fc.sample(
    fc.record({
      domain: fc.constantFrom(...fc.sample(domain, { seed: SEED, numRuns: 3 })),
      maker: fc.constantFrom(...makers),
      order: orderOf(address),
      mangle: fc.constantFrom(...Object.keys(MANGLES)),
      signer: fc.constantFrom(...makers),
      zeroMaker: fc.integer({ min: 0, max: 20 }).map((n) => n === 0),
    }),
    { seed: SEED, numRuns: count },
  );
  return Promise.all(
    samples.map(async ({ domain: d, maker, order: anyOrder, mangle, signer, zeroMaker }) => {
      const order = { ...anyOrder, maker: zeroMaker ? zeroAddress : maker.address };
      const signature = await signer.sign({ hash: hashOrder(d, order) });
      return { separator: domainSeparator(d), order, signature: MANGLES[mangle](signature) };
    }),
  );
}

describe("VerifierPool", () => {
  let items: VerifyItem[];
  let expected: SignatureVerdict[];
  // One pool for the suite: a worker takes about a second to start (tsx and viem load in each thread).
  let pool: VerifierPool;

  before(async () => {
    [items, pool] = await Promise.all([randomItems(400), VerifierPool.start()]);
    expected = items.map(({ separator, order, signature }) => verifyOrder(separator, order, signature));
  });

  after(() => pool.close());

  it("starts one worker per CPU by default, each on the native binding", () => {
    assert.equal(pool.size, availableParallelism());
    assert.equal(pool.implementations.length, pool.size);
    assert.ok(pool.implementations.every((implementation) => implementation.kind === "native"));
  });

  it("returns the single-threaded verdicts in the items' order, for accepted, rejected and wallet verdicts alike", async () => {
    assert.ok(expected.some((verdict) => verdict.ok === true) && expected.some((verdict) => verdict.ok === false));
    assert.ok(expected.some((verdict) => verdict.ok === undefined));
    assert.deepEqual(await pool.verifyMany(items), expected);
  });

  it("answers batches sent together each in its own order, whatever their size", async () => {
    const [front, back, one, none] = await Promise.all([
      pool.verifyMany(items.slice(0, 150)),
      pool.verifyMany(items.slice(150)),
      pool.verifyMany(items.slice(7, 8)),
      pool.verifyMany([]),
    ]);
    assert.deepEqual([...front, ...back], expected);
    assert.deepEqual(one, expected.slice(7, 8));
    assert.deepEqual(none, []);
  });

  it("on close(), fails batches in flight, refuses new ones, stops its workers, and closes twice without harm", async () => {
    const ports = () => process.getActiveResourcesInfo().filter((resource) => resource === "MessagePort").length;
    const portsWhileOpen = ports();
    const inFlight = assert.rejects(pool.verifyMany(items), VerifierPoolClosedError);
    await pool.close();
    await inFlight;
    await assert.rejects(
      pool.verifyMany(items),
      (error: unknown) => error instanceof VerifierPoolClosedError && error.code === "VERIFIER_POOL_CLOSED",
    );
    await pool.close();
    assert.equal(ports(), portsWhileOpen - pool.size, "each worker's port is closed");
  });
});
