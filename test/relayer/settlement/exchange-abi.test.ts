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

  it("names every custom error that settle or withdraw can raise, so a simulated revert decodes", async () => {
    const artifact = (await hre.artifacts.readArtifact("Exchange")) as unknown as { abi: Abi };
    const named = new Set(SETTLEMENT_ABI.map((item) => `${item.type} ${formatAbiItem(item as never)}`));
    const missing = artifact.abi.filter((i) => i.type === "error").map((i) => `error ${formatAbiItem(i as never)}`).filter((s) => !named.has(s));
    // Raised only by functions the settler never calls (exits, cancels, configuration, pausing, the EIP-712 name, the
    // margin module's moves).
    const elsewhere = [
      "error AccessControlBadConfirmation()",
      "error ExitAlreadyRequested(address)",
      "error ExitDelayNotElapsed(address,uint256)",
      "error ExitNotRequested(address)",
      "error ExpectedPause()",
      "error InvalidShortString()",
      "error MarginPoolInsufficient(address,address,uint256,uint256)",
      "error NonceFloorNotIncreasing(uint64,uint64)",
      "error NothingToWithdraw(address,address)",
      "error OrderAlreadyCancelled(bytes32)",
      "error ParameterOutOfRange(bytes32,uint256,uint256,uint256)",
      "error StringTooLong(string)",
    ];
    assert.deepEqual(missing.sort(), elsewhere, "a new Exchange error: add it to SETTLEMENT_ABI, or here if settle/withdraw cannot raise it");
  });
});
