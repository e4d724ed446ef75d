/** The events the watcher reads are the exchange's own: same names, parameters and indexing as the compiled ABI. */
import assert from "node:assert/strict";
import hre from "hardhat";
import { toEventSignature, type AbiEvent } from "viem";
import { WATCHED_EVENTS } from "../../../relayer/chain/index.js";

describe("chain watcher: the exchange's events", () => {
  it("reads every watched event with the signature and indexed parameters of the compiled Exchange", async () => {
    const abi = (await hre.artifacts.readArtifact("Exchange")).abi as readonly { type: string }[];
    const events = abi.filter((item): item is AbiEvent => item.type === "event");
    for (const watched of WATCHED_EVENTS) {
      const compiled = events.find((e) => e.name === watched.name);
      assert.ok(compiled, `the Exchange has no event ${watched.name}`);
      assert.equal(toEventSignature(watched), toEventSignature(compiled));
      assert.deepEqual(
        (watched.inputs as AbiEvent["inputs"]).map((i) => [i.name, i.type, i.indexed ?? false]),
        compiled.inputs.map((i) => [i.name, i.type, i.indexed ?? false]),
      );
    }
  });
});
