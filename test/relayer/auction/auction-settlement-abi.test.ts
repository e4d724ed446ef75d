import assert from "node:assert/strict";
import hre from "hardhat";
import { describe, it } from "mocha";
import { formatAbiItem } from "viem/utils";
import type { Abi } from "viem";
import { AUCTION_SETTLEMENT_ABI } from "../../../relayer/auction/auction-settlement-abi.js";
import { SETTLEMENT_ABI } from "../../../relayer/settlement/index.js";

const signature = (item: unknown) => `${(item as { type: string }).type} ${formatAbiItem(item as never)}`;

describe("AUCTION_SETTLEMENT_ABI", () => {
  it("names only functions, events and errors the compiled AuctionSettlement (or the Exchange it calls) has", async () => {
    const artifact = (await hre.artifacts.readArtifact("AuctionSettlement")) as unknown as { abi: Abi };
    const compiled = new Set([...artifact.abi.filter((i) => i.type !== "constructor"), ...SETTLEMENT_ABI].map(signature));
    for (const item of AUCTION_SETTLEMENT_ABI) assert.ok(compiled.has(signature(item)), `${signature(item)} is not in the compiled AuctionSettlement`);
  });

  it("names every custom error of AuctionSettlement, so a simulated closeBatch or settle decodes", async () => {
    const artifact = (await hre.artifacts.readArtifact("AuctionSettlement")) as unknown as { abi: Abi };
    const named = new Set(AUCTION_SETTLEMENT_ABI.map(signature));
    const missing = artifact.abi.filter((i) => i.type === "error").map(signature).filter((s) => !named.has(s));
    // OpenZeppelin AccessControl's: raised by role management, which the settler never calls.
    assert.deepEqual(missing.sort(), ["error AccessControlBadConfirmation()"]);
  });
});
