// Wire forms of the signed cancels and withdrawals: exact values, normalised addresses, the field named on a 400.
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { getAddress } from "viem";
import { UINT40_MAX, UINT64_MAX } from "../../../protocol/index.js";
import {
  parseSignedCancelAll,
  parseSignedCancelOrder,
  parseSignedWithdrawal,
} from "../../../relayer/orders/wire-messages.js";
import { throwsApiError } from "./assert-api-error.js";
import { MAKER, SIGNATURE, USDC, WETH } from "./fixtures.js";

const HASH = `0x${"ab".repeat(32)}`;
const ZERO = `0x${"0".repeat(40)}`;
const UINT256_MAX = (1n << 256n) - 1n;

const cancel = (fields: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
  cancel: { maker: MAKER, orderHash: HASH, ...fields },
  signature: SIGNATURE,
  ...top,
});
const cancelAll = (fields: Record<string, unknown> = {}) => ({
  cancelAll: { maker: MAKER, baseToken: WETH, quoteToken: USDC, issuedAt: "1700000000", ...fields },
  signature: SIGNATURE,
});
const withdrawal = (fields: Record<string, unknown> = {}) => ({
  withdrawal: {
    account: MAKER,
    token: USDC,
    amount: "5000000",
    recipient: MAKER,
    nonce: "7",
    expiry: "1700003600",
    ...fields,
  },
  signature: SIGNATURE,
});

describe("relayer/orders: signed cancel and withdrawal wire forms", () => {
  it("parses a cancel of one order, with the hash and the maker in lower case", () => {
    assert.deepEqual(
      parseSignedCancelOrder(cancel({ maker: getAddress(MAKER), orderHash: HASH.toUpperCase().replace("0X", "0x") })),
      {
        message: { maker: MAKER, orderHash: HASH },
        signature: SIGNATURE,
      },
    );
  });

  it("parses a cancel-all for one market, and for all markets with both tokens zero", () => {
    assert.deepEqual(parseSignedCancelAll(cancelAll()).message, {
      maker: MAKER,
      baseToken: WETH,
      quoteToken: USDC,
      issuedAt: 1_700_000_000n,
    });
    assert.equal(parseSignedCancelAll(cancelAll({ baseToken: ZERO, quoteToken: ZERO })).message.baseToken, ZERO);
    assert.equal(parseSignedCancelAll(cancelAll({ issuedAt: UINT64_MAX.toString() })).message.issuedAt, UINT64_MAX);
  });

  it("parses a withdrawal and keeps a uint256 amount exact up to 2^256 - 1", () => {
    assert.deepEqual(parseSignedWithdrawal(withdrawal()).message, {
      account: MAKER,
      token: USDC,
      amount: 5_000_000n,
      recipient: MAKER,
      nonce: 7n,
      expiry: 1_700_003_600n,
    });
    assert.equal(parseSignedWithdrawal(withdrawal({ amount: UINT256_MAX.toString() })).message.amount, UINT256_MAX);
    assert.equal(parseSignedWithdrawal(withdrawal({ expiry: UINT40_MAX.toString() })).message.expiry, UINT40_MAX);
  });

  const cases: [what: string, parse: () => unknown, field: string][] = [
    ["a cancel without orderHash", () => parseSignedCancelOrder(cancel({ orderHash: undefined })), "cancel.orderHash"],
    [
      "a cancel with a 31-byte orderHash",
      () => parseSignedCancelOrder(cancel({ orderHash: HASH.slice(0, -2) })),
      "cancel.orderHash",
    ],
    ["a cancel with a bad maker", () => parseSignedCancelOrder(cancel({ maker: "0xabc" })), "cancel.maker"],
    ["a cancel with a bad signature", () => parseSignedCancelOrder(cancel({}, { signature: "0x1" })), "signature"],
    ["a cancel without its message", () => parseSignedCancelOrder({ signature: SIGNATURE }), "cancel"],
    [
      "a cancel-all with issuedAt beyond 2^64",
      () => parseSignedCancelAll(cancelAll({ issuedAt: (UINT64_MAX + 1n).toString() })),
      "cancelAll.issuedAt",
    ],
    [
      "a cancel-all with issuedAt as a number",
      () => parseSignedCancelAll(cancelAll({ issuedAt: 1_700_000_000 })),
      "cancelAll.issuedAt",
    ],
    [
      "a cancel-all with a bad quoteToken",
      () => parseSignedCancelAll(cancelAll({ quoteToken: "USDC" })),
      "cancelAll.quoteToken",
    ],
    ["a withdrawal of zero", () => parseSignedWithdrawal(withdrawal({ amount: "0" })), "withdrawal.amount"],
    [
      "a withdrawal of 2^256",
      () => parseSignedWithdrawal(withdrawal({ amount: (UINT256_MAX + 1n).toString() })),
      "withdrawal.amount",
    ],
    [
      "a withdrawal without a recipient",
      () => parseSignedWithdrawal(withdrawal({ recipient: undefined })),
      "withdrawal.recipient",
    ],
    [
      "a withdrawal with nonce beyond 2^64",
      () => parseSignedWithdrawal(withdrawal({ nonce: (UINT64_MAX + 1n).toString() })),
      "withdrawal.nonce",
    ],
    [
      "a withdrawal with expiry beyond 2^40",
      () => parseSignedWithdrawal(withdrawal({ expiry: (UINT40_MAX + 1n).toString() })),
      "withdrawal.expiry",
    ],
  ];
  for (const [what, parse, field] of cases) {
    it(`answers 400 INVALID_FIELD naming ${field} for ${what}`, () => {
      throwsApiError(parse, "INVALID_FIELD", 400, field);
    });
  }

  it("answers 400 UNKNOWN_FIELD for a field the message does not have", () => {
    throwsApiError(() => parseSignedCancelOrder(cancel({ reason: "oops" })), "UNKNOWN_FIELD", 400, "cancel.reason");
    throwsApiError(() => parseSignedCancelAll({ ...cancelAll(), market: "WETH-USDC" }), "UNKNOWN_FIELD", 400, "market");
    throwsApiError(() => parseSignedWithdrawal(withdrawal({ fee: "1" })), "UNKNOWN_FIELD", 400, "withdrawal.fee");
  });

  it("answers 400 without a field when the body is not an object", () => {
    for (const parse of [parseSignedCancelOrder, parseSignedCancelAll, parseSignedWithdrawal]) {
      throwsApiError(() => parse("cancel everything"), "INVALID_FIELD", 400, undefined);
    }
  });
});
