// The wire form of a signed order: what is accepted, what each malformed field answers, and exact round trips.
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import { getAddress } from "viem";
import { UINT128_MAX, UINT40_MAX, UINT64_MAX } from "../../../protocol/index.js";
import { ApiError, toResponseBody } from "../../../relayer/errors/index.js";
import { parseSignedOrder, toWireSignedOrder } from "../../../relayer/orders/wire.js";
import { MAX_SIGNATURE_BYTES } from "../../../relayer/orders/wire-fields.js";
import { throwsApiError } from "./assert-api-error.js";
import {
  MAKER,
  property,
  signatureHex,
  SIGNATURE,
  USDC,
  validOrder,
  WETH,
  wireOrderBody,
  withoutOrderField,
} from "./fixtures.js";

const ORDER_FIELDS = [
  "maker",
  "baseToken",
  "quoteToken",
  "side",
  "baseAmount",
  "quoteAmount",
  "triggerQuoteAmount",
  "nonce",
  "expiry",
  "maxFeeBps",
  "timeInForce",
  "flags",
  "selfTradePrevention",
] as const;

describe("relayer/orders: signed order wire form", () => {
  it("parses a valid signed order into the protocol's Order with bigint amounts", () => {
    const { order, signature } = parseSignedOrder(wireOrderBody());
    assert.deepEqual(order, {
      maker: MAKER,
      baseToken: WETH,
      quoteToken: USDC,
      side: 0,
      baseAmount: 10n ** 18n,
      quoteAmount: 3_000_000_000n,
      triggerQuoteAmount: 0n,
      nonce: 1n,
      expiry: 0n,
      maxFeeBps: 30,
      timeInForce: 0,
      flags: 0,
      selfTradePrevention: 0,
    });
    assert.equal(signature, SIGNATURE);
  });

  it("keeps integers beyond 2^53 exact: the largest uint128, uint64 and uint40 values come back unchanged", () => {
    const { order } = parseSignedOrder(
      wireOrderBody({
        baseAmount: UINT128_MAX.toString(),
        quoteAmount: (2n ** 53n + 1n).toString(),
        triggerQuoteAmount: UINT128_MAX.toString(),
        nonce: UINT64_MAX.toString(),
        expiry: UINT40_MAX.toString(),
      }),
    );
    assert.equal(order.baseAmount, UINT128_MAX);
    assert.equal(order.quoteAmount, 2n ** 53n + 1n);
    assert.equal(order.nonce, UINT64_MAX);
    assert.equal(order.expiry, UINT40_MAX);
  });

  it("round-trips every valid order exactly through JSON text (property)", () => {
    fc.assert(
      fc.property(validOrder, signatureHex, (order, signature) => {
        const text = JSON.stringify(toWireSignedOrder({ order, signature }));
        assert.deepEqual(parseSignedOrder(JSON.parse(text)), { order, signature });
      }),
      property(300),
    );
  });

  it("accepts each known flag combination: none, post-only (1), auction-only (2), both (3)", () => {
    for (const flags of [0, 1, 2, 3]) assert.equal(parseSignedOrder(wireOrderBody({ flags })).order.flags, flags);
  });

  it("accepts addresses in any letter case, checksum or not, and normalises them to lower case", () => {
    const checksummed = getAddress(MAKER);
    const badChecksum =
      checksummed.slice(0, 2) +
      [...checksummed.slice(2)].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
    for (const maker of [checksummed, MAKER.toUpperCase().replace("0X", "0x"), badChecksum]) {
      assert.equal(parseSignedOrder(wireOrderBody({ maker })).order.maker, MAKER);
    }
  });

  it("normalises the signature to lower case and accepts the empty signature of a wallet's pre-approved hash", () => {
    assert.equal(
      parseSignedOrder(wireOrderBody({}, { signature: SIGNATURE.toUpperCase().replace("0X", "0x") })).signature,
      SIGNATURE,
    );
    assert.equal(parseSignedOrder(wireOrderBody({}, { signature: "0x" })).signature, "0x");
  });

  for (const field of ORDER_FIELDS) {
    it(`answers 400 INVALID_FIELD naming order.${field} when it is missing`, () => {
      throwsApiError(() => parseSignedOrder(withoutOrderField(field)), "INVALID_FIELD", 400, `order.${field}`);
    });
  }

  const badValues: [field: string, value: unknown, why: string][] = [
    ["maker", "0x1234", "too short"],
    ["maker", "70997970c51812dc3a010c7d01b50e0d17dc79c8", "no 0x"],
    ["maker", `0x${"g".repeat(40)}`, "not hex"],
    ["maker", 12, "a number"],
    ["baseToken", `0x${"a".repeat(100_000)}`, "100 kB long"],
    ["quoteToken", null, "null"],
    ["side", 2, "neither buy nor sell"],
    ["side", "0", "a string"],
    ["side", 0.5, "not an integer"],
    ["baseAmount", "0", "zero"],
    ["baseAmount", 1000, "a JSON number"],
    ["baseAmount", (UINT128_MAX + 1n).toString(), "2^128"],
    ["baseAmount", "-1", "negative"],
    ["baseAmount", "01", "written with a leading zero"],
    ["baseAmount", "1e18", "written with an exponent"],
    ["baseAmount", " 1", "padded with a space"],
    ["baseAmount", "0x10", "written in hex"],
    ["baseAmount", "1".repeat(100_000), "100,000 digits long"],
    ["quoteAmount", "0", "zero"],
    ["quoteAmount", "1.5", "a fraction"],
    ["triggerQuoteAmount", (UINT128_MAX + 1n).toString(), "2^128"],
    ["nonce", (UINT64_MAX + 1n).toString(), "2^64"],
    ["expiry", (UINT40_MAX + 1n).toString(), "2^40"],
    ["expiry", 1_700_000_000, "a JSON number"],
    ["maxFeeBps", 10_001, "above 100%"],
    ["maxFeeBps", -1, "negative"],
    ["maxFeeBps", "30", "a string"],
    ["timeInForce", 3, "not GTC, IOC or FOK"],
    ["flags", 4, "a reserved bit"],
    ["flags", 5, "post-only with a reserved bit"],
    ["selfTradePrevention", 4, "not a mode"],
  ];
  for (const [field, value, why] of badValues) {
    it(`answers 400 INVALID_FIELD naming order.${field} when it is ${why}`, () => {
      const error = throwsApiError(
        () => parseSignedOrder(wireOrderBody({ [field]: value })),
        "INVALID_FIELD",
        400,
        `order.${field}`,
      );
      assert.ok(error.message.length < 200, "the message does not echo the input");
    });
  }

  it("answers 400 naming the signature when it is not hex bytes, odd-length, or too long", () => {
    for (const signature of ["0xzz", "0x123", SIGNATURE.slice(2), 65, `0x${"ab".repeat(MAX_SIGNATURE_BYTES + 1)}`]) {
      throwsApiError(() => parseSignedOrder(wireOrderBody({}, { signature })), "INVALID_FIELD", 400, "signature");
    }
  });

  it("answers 400 naming order when the order is missing or not an object", () => {
    for (const order of [undefined, null, [], "order", 7]) {
      const body = { order, signature: SIGNATURE };
      throwsApiError(() => parseSignedOrder(body), "INVALID_FIELD", 400, "order");
    }
  });

  it("answers 400 without a field when the body is not an object", () => {
    for (const body of [null, [], "text", 42, true, undefined])
      throwsApiError(() => parseSignedOrder(body), "INVALID_FIELD", 400, undefined);
  });

  it("answers 400 UNKNOWN_FIELD naming an unknown field, in the order or beside it", () => {
    throwsApiError(() => parseSignedOrder(wireOrderBody({ expiry_: "5" })), "UNKNOWN_FIELD", 400, "order.expiry_");
    throwsApiError(() => parseSignedOrder(wireOrderBody({}, { hash: "0x" })), "UNKNOWN_FIELD", 400, "hash");
  });

  it("echoes at most 64 characters of an unknown field's name", () => {
    const error = throwsApiError(
      () => parseSignedOrder(wireOrderBody({ ["x".repeat(10_000)]: 1 })),
      "UNKNOWN_FIELD",
      400,
      `order.${"x".repeat(58)}`,
    );
    assert.ok(error.message.length < 200);
  });

  it("answers any JSON body with a parsed order or a 400 of code, message and field only, never another exception (property)", () => {
    const replaced = fc
      .tuple(fc.constantFrom(...ORDER_FIELDS), fc.jsonValue())
      .map(([field, value]) => ({ field, body: wireOrderBody({ [field]: value }) }));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((body) => ({ field: undefined, body })),
          replaced,
        ),
        ({ field, body }) => {
          let result: ReturnType<typeof parseSignedOrder>;
          try {
            result = parseSignedOrder(body);
          } catch (error) {
            assert.ok(error instanceof ApiError && error.status === 400, String(error));
            const response = toResponseBody(error);
            assert.ok(Object.keys(response).every((k) => ["code", "message", "field"].includes(k)));
            if (field !== undefined) assert.equal(response.field, `order.${field}`);
            return;
          }
          assert.ok(result.order.baseAmount > 0n);
        },
      ),
      property(500),
    );
  });
});
