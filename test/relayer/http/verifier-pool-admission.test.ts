/** HTTP admission with signatures verified on the VerifierPool's threads answers exactly as in the main thread. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Hex } from "viem";
import { exchangeDomain, orderTypedData, type Order } from "../../../protocol/index.js";
import { PooledVerifier } from "../../../relayer/admission/pooled-verifier.js";
import { highSTwin } from "../../contracts/signing.js";
import { alice, bob, CHAIN_ID, EXCHANGE, mallory, order, postJson, signed } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

/** A signed order body with `signature` in place of the real one. */
function withSignature(body: Record<string, unknown>, signature: Hex): Record<string, unknown> {
  return { ...body, signature };
}

/** The same bodies for both relayers: each case is [name, body]. */
async function cases(): Promise<[string, Record<string, unknown>][]> {
  const o = (nonce: bigint, extra: Partial<Order> = {}) => order(alice, 0, 10n, 1000n, { nonce, ...extra });
  const good = await signed(alice, o(1n));
  const sig = good.body.signature as Hex;
  const otherChain = await alice.signTypedData(orderTypedData(exchangeDomain(CHAIN_ID + 1, EXCHANGE), o(2n)));
  const otherExchange = await alice.signTypedData(
    orderTypedData(exchangeDomain(CHAIN_ID, "0x000000000000000000000000000000000000dead"), o(3n)),
  );
  const v = Number.parseInt(sig.slice(-2), 16);
  return [
    ["a valid order", good.body],
    [
      "a high-s twin",
      withSignature((await signed(alice, o(4n))).body, highSTwin((await signed(alice, o(4n))).body.signature as Hex)),
    ],
    ["another chain's signature", withSignature((await signed(alice, o(2n))).body, otherChain)],
    ["another exchange's signature", withSignature((await signed(alice, o(3n))).body, otherExchange)],
    ["another key's signature", (await signed(mallory, o(5n))).body],
    ["v as y-parity", withSignature((await signed(alice, o(6n))).body, `${sig.slice(0, -2)}0${v - 27}` as Hex)],
    ["64 bytes", withSignature((await signed(alice, o(7n))).body, sig.slice(0, -2) as Hex)],
    ["r = 0", withSignature((await signed(alice, o(8n))).body, `0x${"00".repeat(32)}${sig.slice(66)}` as Hex)],
    ["the zero maker", (await signed(alice, { ...o(9n), maker: "0x0000000000000000000000000000000000000000" })).body],
  ];
}

describe("relayer HTTP admission on the verifier pool", function () {
  const pooled = useRelayer({ funded: [alice, bob], config: { verifierThreads: 2 } });
  const inThread = useRelayer({ funded: [alice, bob], config: { verifierThreads: 0 } });

  it("runs the configured number of verifier threads", () => {
    assert.equal(pooled.services.verifierThreads, 2);
    assert.equal(inThread.services.verifierThreads, 0);
  });

  it("accepts and refuses every case exactly as the main thread does", async () => {
    const expected: Record<string, [number, string?]> = {
      "a valid order": [201],
      "a high-s twin": [401, "SIGNATURE_HIGH_S"],
      "another chain's signature": [401, "SIGNATURE_WRONG_SIGNER"],
      "another exchange's signature": [401, "SIGNATURE_WRONG_SIGNER"],
      "another key's signature": [401, "SIGNATURE_WRONG_SIGNER"],
      "v as y-parity": [401, "SIGNATURE_BAD_V"],
      "64 bytes": [401, "SIGNATURE_MALFORMED"],
      "r = 0": [401, "SIGNATURE_UNRECOVERABLE"],
      "the zero maker": [401, "MAKER_ZERO_ADDRESS"],
    };
    for (const [name, body] of await cases()) {
      const a = await postJson(pooled.url, "/v1/orders", body);
      const b = await postJson(inThread.url, "/v1/orders", body);
      assert.deepEqual(a.json, b.json, name);
      assert.equal(a.status, b.status, name);
      assert.deepEqual([a.status, a.json.code], [expected[name][0], expected[name][1]], name);
    }
    assert.equal(pooled.services.trading.stateHash(), inThread.services.trading.stateHash());
  });

  it("gives every order of a concurrent batch the same verdict as the main thread", async () => {
    const all = await cases();
    const bodies = all.map(([, body]) => body);
    // A fresh valid order (the first case's is admitted already); every bad case as it is.
    bodies[0] = (await signed(alice, order(alice, 0, 10n, 1000n, { nonce: 50n }))).body;
    const a = await postJson(pooled.url, "/v1/orders/batch", { orders: bodies });
    const b = await postJson(inThread.url, "/v1/orders/batch", { orders: bodies });
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, b.json);
    assert.deepEqual(
      a.json.results.map((r: any) => r.ok),
      [true, false, false, false, false, false, false, false, false],
    );
    // The verdicts came from the worker threads, not from the main-thread fallback.
    const verifier = pooled.services.verifier as PooledVerifier;
    assert.ok(verifier instanceof PooledVerifier);
    assert.ok(verifier.counts.pooled >= 2 * bodies.length - 1, JSON.stringify(verifier.counts));
    assert.equal(verifier.counts.fallback, 0);
  });
});
