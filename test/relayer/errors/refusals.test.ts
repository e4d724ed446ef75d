// The one refusal table: a refusal reads the same (code, status, message, field) whichever path meets it, and every
// engine reason and ledger refusal has its answer.
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { LedgerRejection } from "../../../relayer/ledger/index.js";
import {
  engineRejection,
  ledgerRejection,
  ledgerRejectionCode,
  isApiErrorCode,
  signatureRejection,
} from "../../../relayer/errors/index.js";

const maker = "0x00000000000000000000000000000000000000a1";

// The chain's order controls and reused nonces, as docs/api-errors.md documents them.
const controls: [LedgerRejection, string, string, string | undefined][] = [
  [
    { code: "account-exiting", account: maker },
    "ACCOUNT_EXITING",
    "The maker has requested exit on-chain; no orders are taken until it cancels the exit.",
    "order.maker",
  ],
  [
    { code: "order-cancelled-onchain", maker, orderHash: "0x01" },
    "ORDER_CANCELLED_ONCHAIN",
    "This order was cancelled on-chain.",
    undefined,
  ],
  [
    { code: "nonce-below-floor", maker, nonce: 1n, floor: 2n },
    "NONCE_BELOW_FLOOR",
    "The order's nonce is below the maker's on-chain nonce floor.",
    "order.nonce",
  ],
  [
    { code: "nonce-used", maker, nonce: 1n, by: "live-order" },
    "NONCE_USED",
    "The maker already used this nonce: a live order carries it, or an order with it has traded. Give every order its own nonce.",
    "order.nonce",
  ],
];

describe("relayer/errors: the refusal table", () => {
  for (const [rejection, code, message, field] of controls) {
    it(`answers ${rejection.code} with ${code}, its documented message and field, on the ledger path too`, () => {
      const error = ledgerRejection(rejection, { prefix: "order." });
      assert.deepEqual([error.code, error.status, error.message, error.field], [code, 422, message, field]);
      assert.equal(ledgerRejectionCode(rejection.code), code);
    });
  }

  it("names the withdrawal's amount when the balance does not cover it", () => {
    const error = ledgerRejection(
      { code: "insufficient-available", account: maker, token: maker, needed: 2n, available: 1n },
      { prefix: "withdrawal." },
    );
    assert.deepEqual([error.code, error.status, error.field], ["INSUFFICIENT_BALANCE", 422, "withdrawal.amount"]);
  });

  it("keeps a refusal's values in the details, for the logs only", () => {
    const error = ledgerRejection({ code: "nonce-used", maker, nonce: 7n, by: "traded-order" }, { prefix: "order." });
    assert.match(error.details ?? "", /"nonce":"7"/);
    assert.deepEqual(Object.keys(error.toJSON()), ["code", "message", "field"]);
  });

  it("answers every ledger refusal a client cannot cause with INTERNAL_ERROR", () => {
    for (const code of [
      "invalid-amount",
      "duplicate-deposit",
      "exceeds-lock",
      "unknown-fill",
      "duplicate-chain-event",
    ] as const) {
      assert.equal(ledgerRejectionCode(code), "INTERNAL_ERROR", code);
    }
    assert.ok(isApiErrorCode(engineRejection("invalid-owner").code));
  });

  it("answers a broken signature rule with its own code and 401, blaming the signer field only for the zero address", () => {
    const zero = signatureRejection("MAKER_ZERO_ADDRESS", { what: "authorise this order", signerField: "order.maker" });
    assert.deepEqual(zero.toJSON(), {
      code: "MAKER_ZERO_ADDRESS",
      message: "The signature does not authorise this order (MAKER_ZERO_ADDRESS).",
      field: "order.maker",
    });
    const wrong = signatureRejection("SIGNATURE_WRONG_SIGNER", { what: "prove this address", signerField: "address" });
    assert.deepEqual(
      [wrong.status, wrong.field, wrong.message],
      [401, "signature", "The signature does not prove this address (SIGNATURE_WRONG_SIGNER)."],
    );
  });
});
