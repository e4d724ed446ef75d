// API errors: one status per code, and response bodies that carry only code, message and field.
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { RejectReason } from "../../../engine/index.js";
import { SignatureRejection } from "../../../relayer/admission/rejections.js";
import {
  ApiError,
  engineRejection,
  engineRejectionCode,
  ERROR_STATUS,
  isApiErrorCode,
  toApiError,
  toResponseBody,
} from "../../../relayer/errors/index.js";

const SECRET = "postgres://admin:hunter2@10.0.0.3/db";

function assertClean(body: unknown): void {
  const text = JSON.stringify(body);
  for (const leak of [SECRET, "hunter2", "stack", "cause", "details", "at ", ".ts:", "Error:"]) {
    assert.ok(!text.includes(leak), `body ${text} contains ${leak}`);
  }
}

describe("relayer/errors: ApiError", () => {
  it("takes its status from the one code table", () => {
    assert.equal(new ApiError("INVALID_FIELD", "x").status, 400);
    assert.equal(new ApiError("SIGNATURE_HIGH_S", "x").status, 401);
    assert.equal(new ApiError("DUPLICATE_ORDER", "x").status, 409);
    assert.equal(new ApiError("PAYLOAD_TOO_LARGE", "x").status, 413);
    assert.equal(new ApiError("OFF_TICK", "x").status, 422);
    assert.equal(new ApiError("RATE_LIMITED", "x").status, 429);
  });

  it("maps every signature rejection code of admission to 401", () => {
    for (const code of Object.values(SignatureRejection)) {
      assert.ok(isApiErrorCode(code), code);
      assert.equal(ERROR_STATUS[code], 401);
    }
  });

  it("maps every engine rejection reason to a code of the table, business rules to 422", () => {
    const reasons: RejectReason[] = [
      "unknown-market",
      "invalid-id",
      "invalid-owner",
      "invalid-side",
      "invalid-kind",
      "invalid-price",
      "invalid-size",
      "below-min-size",
      "invalid-time-in-force",
      "invalid-expiry",
      "already-expired",
      "invalid-stop-price",
      "invalid-self-trade-mode",
      "invalid-fee-cap",
      "post-only-not-allowed",
      "not-supported-in-auction",
      "not-an-auction-market",
      "duplicate-id",
      "fee-cap-exceeded",
      "risk-rejected",
      "post-only-would-take",
      "stop-would-trigger",
      "unknown-order",
      "not-owner",
    ];
    for (const reason of reasons) assert.ok(isApiErrorCode(engineRejectionCode(reason)), reason);
    const expected: Partial<Record<RejectReason, [string, number, string?]>> = {
      "post-only-would-take": ["POST_ONLY_WOULD_TAKE", 422],
      "below-min-size": ["BELOW_MINIMUM", 422, "order.baseAmount"],
      "already-expired": ["EXPIRED", 422, "order.expiry"],
      "risk-rejected": ["INSUFFICIENT_BALANCE", 422],
      "fee-cap-exceeded": ["FEE_CAP_TOO_LOW", 422, "order.maxFeeBps"],
      "unknown-market": ["UNKNOWN_MARKET", 422],
      "duplicate-id": ["DUPLICATE_ORDER", 409],
      "not-owner": ["ORDER_NOT_FOUND", 404],
      "invalid-owner": ["INTERNAL_ERROR", 500],
    };
    for (const [reason, [code, status, field]] of Object.entries(expected)) {
      const error = engineRejection(reason as RejectReason);
      assert.deepEqual([error.code, error.status, error.field], [code, status, field], reason);
    }
  });

  it("answers not-owner exactly as unknown-order, so other accounts' order ids stay private", () => {
    assert.deepEqual(toResponseBody(engineRejection("not-owner")), toResponseBody(engineRejection("unknown-order")));
  });

  it("serialises to code, message and field only: no stack, no cause, no details", () => {
    const error = new ApiError("INVALID_FIELD", "order.side must be one of 0, 1", {
      field: "order.side",
      details: SECRET,
      cause: new Error(SECRET),
    });
    assert.deepEqual(toResponseBody(error), {
      code: "INVALID_FIELD",
      message: "order.side must be one of 0, 1",
      field: "order.side",
    });
    assert.deepEqual(JSON.parse(JSON.stringify(error)), toResponseBody(error));
    assertClean(toResponseBody(error));
    assertClean(JSON.parse(JSON.stringify(error)));
    assert.ok(error.cause instanceof Error, "the cause stays on the error for the logs");
  });

  it("omits field when there is none", () => {
    assert.deepEqual(Object.keys(toResponseBody(new ApiError("RATE_LIMITED", "Slow down."))), ["code", "message"]);
  });

  it("turns anything that is not an ApiError into a bare INTERNAL_ERROR", () => {
    for (const thrown of [
      new Error(SECRET),
      new TypeError(SECRET),
      SECRET,
      { code: "OFF_TICK", message: SECRET },
      undefined,
    ]) {
      const body = toResponseBody(thrown);
      assert.deepEqual(body, { code: "INTERNAL_ERROR", message: "Internal error." });
      assert.equal(toApiError(thrown).status, 500);
      assertClean(body);
    }
  });

  it("replaces the message of a server fault with a generic one, whatever the thrower wrote", () => {
    assert.deepEqual(toResponseBody(new ApiError("INTERNAL_ERROR", SECRET)), {
      code: "INTERNAL_ERROR",
      message: "Internal error.",
    });
    const unavailable = toResponseBody(new ApiError("SERVICE_UNAVAILABLE", `node ${SECRET} down`));
    assert.equal(unavailable.code, "SERVICE_UNAVAILABLE");
    assertClean(unavailable);
  });
});
