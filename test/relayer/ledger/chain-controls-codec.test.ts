/** The log codec and the chain's control records: they round-trip, and shapes the machine could not read stay out of the log. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { decodeRecord, encodeRecord, type CommandInput } from "../../../relayer/sequencer/index.js";
import { ALICE } from "./fixtures.js";
import { place } from "./markets.js";

const HASH = `0x${"ab".repeat(32)}`;
const { seq: _s, time: _t, ...placeFields } = place(0, { id: 1, owner: 1, side: 0, price: 50, size: 5 });

describe("log codec: the chain's control records and a place's identity", () => {
  it("round-trips every control record and a place carrying its hash and a nonce beyond 2^53", () => {
    const commands = [
      { type: "account-exit-requested", eventId: "0x01:0", account: ALICE },
      { type: "account-exit-cancelled", eventId: "0x01:1", account: ALICE },
      { type: "onchain-order-cancelled", eventId: "0x01:2", maker: ALICE, orderHash: HASH },
      { type: "onchain-nonce-floor", eventId: "0x01:3", maker: ALICE, floor: 2n ** 63n },
      { ...placeFields, orderHash: HASH, nonce: 2n ** 64n - 1n },
      placeFields,
    ] as CommandInput[];
    for (const command of commands)
      assert.deepEqual(decodeRecord(encodeRecord({ seq: 9, time: 5 as never, command })), { seq: 9, time: 5, command });
  });

  it("refuses a control record with a missing, extra or mistyped field, and a place whose nonce is not a bigint", () => {
    const bad = [
      { type: "account-exit-requested", account: ALICE },
      { type: "account-exit-cancelled", eventId: "e", account: ALICE, memo: "x" },
      { type: "onchain-order-cancelled", eventId: "e", maker: ALICE, orderHash: 5 },
      { type: "onchain-nonce-floor", eventId: "e", maker: ALICE, floor: 5 },
      { ...placeFields, orderHash: HASH, nonce: "5" },
      { ...placeFields, orderHash: 7, nonce: 5n },
    ];
    for (const command of bad)
      assert.throws(() => encodeRecord({ seq: 1, time: 0 as never, command: command as CommandInput }), {
        code: "CODEC_UNENCODABLE",
      });
  });
});
