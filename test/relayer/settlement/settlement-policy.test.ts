/** SETTLEMENT_* settings: defaults that keep up with 12-second blocks, and a typed error naming a bad variable. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { ConfigError } from "../../../relayer/config/index.js";
import { readSettlementPolicy } from "../../../relayer/settlement/settlement-policy.js";

describe("readSettlementPolicy", () => {
  it("gives the defaults when nothing is set", () => {
    assert.deepEqual(readSettlementPolicy({}), {
      batchPolicy: { maxFills: 100, maxDelayMs: 1_000 },
      maxInFlight: 8,
      mergeWhenBehind: true,
      stuckBatchMs: 60_000,
      stuckAfterMs: 30_000,
    });
  });

  it("reads every setting", () => {
    const env = {
      SETTLEMENT_MAX_FILLS: "250",
      SETTLEMENT_MAX_DELAY_MS: "2000",
      SETTLEMENT_MAX_IN_FLIGHT: "1",
      SETTLEMENT_MERGE_WHEN_BEHIND: "false",
      SETTLEMENT_STUCK_BATCH_MS: "5000",
      SETTLEMENT_REPLACE_AFTER_MS: "45000",
    };
    assert.deepEqual(readSettlementPolicy(env), {
      batchPolicy: { maxFills: 250, maxDelayMs: 2_000 },
      maxInFlight: 1,
      mergeWhenBehind: false,
      stuckBatchMs: 5_000,
      stuckAfterMs: 45_000,
    });
  });

  for (const [name, value] of [
    ["SETTLEMENT_MAX_FILLS", "0"],
    ["SETTLEMENT_MAX_FILLS", "70000"],
    ["SETTLEMENT_MAX_IN_FLIGHT", "-1"],
    ["SETTLEMENT_MAX_IN_FLIGHT", "2.5"],
    ["SETTLEMENT_MERGE_WHEN_BEHIND", "yes"],
    ["SETTLEMENT_STUCK_BATCH_MS", "10"],
  ] as const) {
    it(`refuses ${name}=${value} with CONFIG_INVALID naming the variable`, () => {
      assert.throws(
        () => readSettlementPolicy({ [name]: value }),
        (error: unknown) =>
          error instanceof ConfigError && error.code === "CONFIG_INVALID" && error.message.startsWith(name),
      );
    });
  }
});
