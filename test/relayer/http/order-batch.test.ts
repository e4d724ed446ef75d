/** POST /v1/orders/batch: each order admitted as by POST /v1/orders, results in request order, one refusal stops nothing. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { BATCH_BODY_LIMIT_BYTES } from "../../../relayer/http/index.js";
import { MAX_BATCH_ORDERS } from "../../../relayer/services/order-batch.js";
import { alice, bob, get, mallory, order, postJson, signed } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

describe("relayer HTTP order batches", function () {
  const relayer = useRelayer({ funded: [alice, bob] });

  const batch = (body: unknown, raw?: string) => postJson(relayer.url, "/v1/orders/batch", body, raw);

  async function observable() {
    const book = await get(relayer.url, "/v1/markets/WETH-USDC/book");
    return {
      lastSeq: (await get(relayer.url, "/health")).json.sequencer.lastSeq,
      book: book.json,
      stateHash: relayer.services.trading.stateHash(),
    };
  }

  it("admits the good orders of a mixed batch and answers each order's outcome in request order", async () => {
    const good1 = await signed(alice, order(alice, 0, 10n, 1000n, { nonce: 1n }));
    const good2 = await signed(bob, order(bob, 1, 20n, 5000n, { nonce: 1n }));
    const badField = { ...good1.body, order: { ...(good1.body.order as object), baseAmount: "-1" } };
    const wrongSigner = (await signed(mallory, order(alice, 0, 10n, 1001n, { nonce: 2n }))).body;
    const offLot = (await signed(alice, order(alice, 0, 10n, 1002n, { nonce: 3n, baseAmount: 10n ** 16n + 1n }))).body;
    const tooBig = (await signed(alice, order(alice, 0, 10n ** 9n, 1000n, { nonce: 4n }))).body;
    const before = (await get(relayer.url, "/health")).json.sequencer.lastSeq;

    const res = await batch({
      orders: [good1.body, badField, wrongSigner, offLot, good2.body, good1.body, tooBig, "not an order"],
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const results = res.json.results;
    assert.equal(results.length, 8);
    assert.deepEqual(
      results.map((r: any) => (r.ok ? ["ok", r.status] : [r.error.code, r.error.field])),
      [
        ["ok", "open"],
        ["INVALID_FIELD", "order.baseAmount"],
        ["SIGNATURE_WRONG_SIGNER", "signature"],
        ["OFF_LOT", results[3].error?.field],
        ["ok", "open"],
        ["DUPLICATE_ORDER", undefined],
        ["INSUFFICIENT_BALANCE", undefined],
        ["INVALID_FIELD", undefined],
      ],
    );
    assert.equal(results[0].orderHash, good1.hash);
    assert.equal(results[4].orderHash, good2.hash);
    assert.ok(results[0].seq > before && results[4].seq > before);
    for (const r of results.filter((r: any) => !r.ok))
      assert.deepEqual(
        Object.keys(r.error).filter((k) => !["code", "message", "field"].includes(k)),
        [],
      );

    // Exactly as POST /v1/orders would have left them.
    assert.equal((await get(relayer.url, `/v1/orders/${good1.hash}`)).json.status, "open");
    assert.equal((await get(relayer.url, `/v1/orders/${good2.hash}`)).json.status, "open");
    const book = (await get(relayer.url, "/v1/markets/WETH-USDC/book")).json;
    assert.deepEqual(
      book.bids.map((l: any) => [l.priceTicks, l.lots]),
      [[1000, 10]],
    );
    assert.deepEqual(
      book.asks.map((l: any) => [l.priceTicks, l.lots]),
      [[5000, 20]],
    );
  });

  it("sequences all the orders of a batch at once, one seq each", async () => {
    const bodies = [];
    for (let i = 0; i < 20; i++)
      bodies.push((await signed(alice, order(alice, 0, 10n, 900n - BigInt(i), { nonce: 100n + BigInt(i) }))).body);
    const before = (await get(relayer.url, "/health")).json.sequencer.lastSeq;
    const res = await batch({ orders: bodies });
    assert.equal(res.status, 200);
    assert.ok(
      res.json.results.every((r: any) => r.ok),
      JSON.stringify(res.json),
    );
    const seqs = res.json.results.map((r: any) => r.seq).sort((a: number, b: number) => a - b);
    assert.deepEqual(
      seqs,
      Array.from({ length: 20 }, (_, i) => before + 1 + i),
    );
  });

  it(`refuses an empty batch, one of more than ${MAX_BATCH_ORDERS} orders, or a body that is no batch with 400, changing nothing`, async () => {
    const one = (await signed(alice, order(alice, 0, 10n, 800n, { nonce: 999n }))).body;
    const cases: [unknown, string, string?][] = [
      [{ orders: [] }, "INVALID_FIELD", "orders"],
      [{ orders: Array.from({ length: MAX_BATCH_ORDERS + 1 }, () => one) }, "INVALID_FIELD", "orders"],
      [{ orders: one }, "INVALID_FIELD", "orders"],
      [{ orders: [one], extra: true }, "UNKNOWN_FIELD", "extra"],
      [[one], "INVALID_FIELD", undefined],
    ];
    for (const [body, code, field] of cases) {
      const before = await observable();
      const res = await batch(body);
      assert.deepEqual([res.status, res.json.code, res.json.field], [400, code, field], JSON.stringify(res.json));
      assert.deepEqual(await observable(), before);
    }
    const res = await batch(undefined, "{not json");
    assert.deepEqual([res.status, res.json.code], [400, "MALFORMED_JSON"]);
  });

  it(`refuses a body over ${BATCH_BODY_LIMIT_BYTES} bytes with 413 PAYLOAD_TOO_LARGE, and still reads a full batch over the 16 KiB order limit`, async () => {
    const before = await observable();
    const huge = JSON.stringify({ orders: ["x".repeat(BATCH_BODY_LIMIT_BYTES)] });
    const res = await batch(undefined, huge);
    assert.deepEqual([res.status, res.json.code], [413, "PAYLOAD_TOO_LARGE"]);
    assert.deepEqual(await observable(), before);

    const bodies = [];
    for (let i = 0; i < MAX_BATCH_ORDERS; i++)
      bodies.push((await signed(bob, order(bob, 1, 10n, 6000n + BigInt(i), { nonce: 1000n + BigInt(i) }))).body);
    assert.ok(JSON.stringify({ orders: bodies }).length > 16 * 1024);
    const full = await batch({ orders: bodies });
    assert.equal(full.status, 200);
    assert.equal(full.json.results.filter((r: any) => r.ok).length, MAX_BATCH_ORDERS);
  });
});
