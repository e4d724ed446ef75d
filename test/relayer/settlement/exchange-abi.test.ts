import assert from "node:assert/strict";
import hre from "hardhat";
import { describe, it } from "mocha";
import { formatAbiItem } from "viem/utils";
import type { Abi } from "viem";
import { SETTLEMENT_ABI } from "../../../relayer/settlement/index.js";

describe("SETTLEMENT_ABI", () => {
  it("names only functions, events and errors the compiled Exchange has, with the same signatures", async () => {
    const artifact = (await hre.artifacts.readArtifact("Exchange")) as unknown as { abi: Abi };
    const compiled = new Set(artifact.abi.filter((i) => i.type !== "constructor").map((i) => `${i.type} ${formatAbiItem(i as never)}`));
    for (const item of SETTLEMENT_ABI) {
      const signature = `${item.type} ${formatAbiItem(item as never)}`;
      assert.ok(compiled.has(signature), `${signature} is not in the compiled Exchange`);
    }
  });
});
