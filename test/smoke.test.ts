import assert from "node:assert/strict";
import { network } from "hardhat";
describe("smoke", () => {
  it("deploys", async () => {
    const { viem } = await network.connect();
    const h = await viem.deployContract("Hello");
    await h.write.set([5n]);
    assert.equal(await h.read.x(), 5n);
  });
});
