import assert from "node:assert/strict";
import hre from "hardhat";
import { describe, it } from "mocha";
import { formatAbiItem } from "viem/utils";
import type { Abi } from "viem";
import { AUCTION_SETTLEMENT_ABI } from "../../../relayer/auction/auction-settlement-abi.js";

const signature = (item: unknown) => `${(item as { type: string }).type} ${formatAbiItem(item as never)}`;

describe("AUCTION_SETTLEMENT_ABI", () => {
  it("names every custom error of AuctionSettlement and of the Exchange it calls, so a simulated closeBatch or settle decodes", async () => {
    const named = new Set(AUCTION_SETTLEMENT_ABI.filter((i) => i.type === "error").map(signature));
    for (const contract of ["AuctionSettlement", "Exchange"]) {
      const { abi } = (await hre.artifacts.readArtifact(contract)) as unknown as { abi: Abi };
      const missing = abi
        .filter((i) => i.type === "error")
        .map(signature)
        .filter((s) => !named.has(s));
      assert.deepEqual(missing, [], `errors of ${contract} that the auction settler could not decode`);
    }
  });
});
