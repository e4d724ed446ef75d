/** The relayer's HTTP shell: real express on an ephemeral port, real fetch, real LevelDB, real signatures. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { alice, bob, CHAIN_ID, EXCHANGE, get, mallory, NOW, order, post, signed, start, tempDir } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

describe("relayer HTTP shell", function () {
  const relayer = useRelayer({ funded: [alice, bob] });

  /** What must not change when a request is refused. */
  async function observable() {
    const health = await get(relayer.url, "/health");
    const book = await get(relayer.url, "/v1/markets/WETH-USDC/book");
    return { lastSeq: health.json.sequencer.lastSeq, book: book.json, stateHash: relayer.services.trading.stateHash() };
  }

  it("answers /health with the sequencer's last seq and the native crypto in use", async () => {
    const { status, json } = await get(relayer.url, "/health");
    assert.equal(status, 200);
    assert.deepEqual(json, {
      status: "ok",
      sequencer: { lastSeq: 4 },
      crypto: { secp256k1: "native", keccak: "js-sha3" },
    });
  });

  it("answers /v1/info with the chain, the exchange, the EIP-712 domain and types, the markets and the server time", async () => {
    const { status, json } = await get(relayer.url, "/v1/info");
    assert.equal(status, 200);
    assert.equal(json.chainId, CHAIN_ID);
    assert.equal(json.exchange, EXCHANGE);
    assert.deepEqual(json.eip712.domain, {
      name: "HybridExchange",
      version: "1",
      chainId: CHAIN_ID,
      verifyingContract: EXCHANGE,
    });
    assert.ok(Array.isArray(json.eip712.types.Order) && Array.isArray(json.eip712.types.EIP712Domain));
    assert.deepEqual(
      json.markets.map((m: { id: string }) => m.id),
      ["WETH-USDC", "WBTC-USDC"],
    );
    assert.equal(json.serverTime, NOW);
  });

  it("admits a valid signed order durably (201) and shows it in GET /v1/orders/:hash and in the book", async () => {
    const { body, hash } = await signed(alice, order(alice, 0, 1000n, 3000n, { nonce: 1n }));
    const before = (await get(relayer.url, "/health")).json.sequencer.lastSeq;
    const res = await post(relayer.url, body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.equal(res.json.orderHash, hash);
    assert.equal(res.json.status, "open");
    assert.ok(res.json.seq > before);
    assert.deepEqual(res.json.fills, []);

    const got = await get(relayer.url, `/v1/orders/${hash}`);
    assert.equal(got.status, 200);
    assert.deepEqual(
      { status: got.json.status, filled: got.json.filled, remaining: got.json.remaining, market: got.json.market },
      { status: "open", filled: "0", remaining: "1000000000000000000", market: "WETH-USDC" },
    );
    const book = await get(relayer.url, "/v1/markets/WETH-USDC/book?depth=5");
    assert.deepEqual(book.json.bids, [
      { priceTicks: 3000, quotePerLot: "3000000", lots: 1000, baseAmount: "1000000000000000000" },
    ]);
    assert.deepEqual(book.json.asks, []);
    const metrics = await (await fetch(`${relayer.url}/metrics`)).text();
    assert.match(metrics, /relayer_orders_admitted_total 1\b/);
    assert.match(metrics, /relayer_admission_duration_seconds_count \d+/);
    assert.match(metrics, new RegExp(`relayer_sequencer_last_seq ${res.json.seq}\\b`));
  });

  it("matches two crossing orders into a fill, visible on both orders and in the book", async () => {
    const maker = await signed(bob, order(bob, 1, 400n, 3010n));
    assert.equal((await post(relayer.url, maker.body)).status, 201);
    const taker = await signed(alice, order(alice, 0, 400n, 3020n, { nonce: 2n }));
    const res = await post(relayer.url, taker.body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.equal(res.json.status, "filled");
    assert.equal(res.json.fills.length, 1);
    assert.deepEqual(res.json.fills[0], {
      makerOrderHash: maker.hash,
      takerOrderHash: taker.hash,
      baseAmount: "400000000000000000",
      quoteAmount: String(400n * 3010n * 1000n),
      makerFee: String((400n * 3010n * 1000n * 10n) / 10_000n),
      takerFee: String((400n * 10n ** 15n * 20n) / 10_000n),
    });
    const makerView = (await get(relayer.url, `/v1/orders/${maker.hash}`)).json;
    assert.deepEqual([makerView.status, makerView.filled, makerView.remaining], ["filled", "400000000000000000", "0"]);
    const book = await get(relayer.url, "/v1/markets/WETH-USDC/book");
    assert.deepEqual(book.json.asks, []);
    assert.deepEqual(
      book.json.bids.map((l: { priceTicks: number; lots: number }) => [l.priceTicks, l.lots]),
      [[3000, 1000]],
    );
  });

  describe("refusals change nothing (same last seq, same book, same state hash)", () => {
    const cases: [string, () => Promise<{ status: number; json: any }>, number, Record<string, unknown>][] = [
      ["malformed JSON", () => post(relayer.url, undefined, '{"order": '), 400, { code: "MALFORMED_JSON" }],
      [
        "a wrong-typed field, named",
        async () => {
          const { body } = await signed(alice, order(alice, 0, 10n, 3000n, { nonce: 10n }));
          (body.order as Record<string, unknown>).baseAmount = 10;
          return post(relayer.url, body);
        },
        400,
        { code: "INVALID_FIELD", field: "order.baseAmount" },
      ],
      [
        "an oversized body",
        () => post(relayer.url, undefined, JSON.stringify({ pad: "x".repeat(64 * 1024) })),
        413,
        { code: "PAYLOAD_TOO_LARGE" },
      ],
      [
        "a signature by another key",
        async () => {
          const o = order(alice, 0, 10n, 3000n, { nonce: 11n });
          const { body } = await signed(mallory, o);
          return post(relayer.url, body);
        },
        401,
        { code: "SIGNATURE_WRONG_SIGNER", field: "signature" },
      ],
      [
        "a replayed order",
        async () => {
          const { body } = await signed(alice, order(alice, 0, 1000n, 3000n, { nonce: 1n }));
          return post(relayer.url, body);
        },
        409,
        { code: "DUPLICATE_ORDER" },
      ],
      [
        "an off-tick order",
        async () => {
          const o = { ...order(alice, 0, 10n, 3000n, { nonce: 12n }), quoteAmount: 10n * 3000n * 1000n + 1n };
          return post(relayer.url, (await signed(alice, o)).body);
        },
        422,
        { code: "OFF_TICK", field: "order.quoteAmount" },
      ],
    ];
    for (const [name, send, status, expected] of cases) {
      it(`answers ${status} ${expected.code} to ${name}`, async () => {
        const before = await observable();
        const res = await send();
        assert.equal(res.status, status, JSON.stringify(res.json));
        assert.deepEqual(
          Object.keys(res.json).sort(),
          ["code", "message", ...("field" in expected ? ["field"] : [])].sort(),
        );
        for (const [k, v] of Object.entries(expected)) assert.equal(res.json[k], v);
        assert.deepEqual(await observable(), before);
      });
    }
  });

  it("answers 422 INSUFFICIENT_BALANCE when the maker has no deposit (the ledger's risk check)", async () => {
    const res = await post(relayer.url, (await signed(mallory, order(mallory, 0, 10n, 3000n))).body);
    assert.equal(res.status, 422, JSON.stringify(res.json));
    assert.equal(res.json.code, "INSUFFICIENT_BALANCE");
  });

  it("answers 404 for an unknown order hash and an unknown market", async () => {
    assert.equal((await get(relayer.url, `/v1/orders/0x${"ab".repeat(32)}`)).json.code, "ORDER_NOT_FOUND");
    const market = await get(relayer.url, "/v1/markets/NOPE-USDC/book");
    assert.equal(market.json.code, "UNKNOWN_MARKET");
  });

  it("answers 400 INVALID_FIELD (field hash) for a malformed order hash, alike on the order, its receipts and its cancel", async () => {
    const before = await observable();
    for (const hash of ["0x1234", "nothex", `0x${"ab".repeat(32)}00`, `0x${"g".repeat(64)}`]) {
      for (const [method, path] of [
        ["GET", `/v1/orders/${hash}`],
        ["GET", `/v1/orders/${hash}/receipt`],
        ["DELETE", `/v1/orders/${hash}`],
      ]) {
        const res = await fetch(`${relayer.url}${path}`, {
          method,
          headers: { "content-type": "application/json" },
          body: method === "DELETE" ? "{}" : undefined,
        });
        const json = (await res.json()) as { code: string; field?: string };
        assert.deepEqual(
          [res.status, json.code, json.field],
          [400, "INVALID_FIELD", "hash"],
          `${method} ${path}: ${JSON.stringify(json)}`,
        );
      }
    }
    assert.deepEqual(await observable(), before);
  });

  it("answers 503 SERVICE_UNAVAILABLE when the sequencer is not taking commands", async () => {
    const scratch = await tempDir();
    const stopped = await start(scratch.path);
    try {
      await stopped.services.trading.close();
      const res = await post(stopped.url, (await signed(bob, order(bob, 1, 10n, 3100n, { nonce: 99n }))).body);
      assert.deepEqual([res.status, res.json.code], [503, "SERVICE_UNAVAILABLE"]);
      const health = await get(stopped.url, "/health");
      assert.deepEqual(
        [health.status, health.json.status, health.json.code],
        [503, "unavailable", "SERVICE_UNAVAILABLE"],
      );
    } finally {
      await stopped.close();
      await scratch.remove();
    }
  });

  it("after a restart on the same data dir, has the same orders, book and state hash", async () => {
    const { hash } = await signed(alice, order(alice, 0, 1000n, 3000n, { nonce: 1n }));
    const beforeOrder = (await get(relayer.url, `/v1/orders/${hash}`)).json;
    const beforeState = await observable();
    await relayer.restart();
    assert.deepEqual(await observable(), beforeState);
    assert.deepEqual((await get(relayer.url, `/v1/orders/${hash}`)).json, beforeOrder);
    // Still a duplicate after the restart.
    assert.equal(
      (await post(relayer.url, (await signed(alice, order(alice, 0, 1000n, 3000n, { nonce: 1n }))).body)).status,
      409,
    );
  });
});
