import assert from "node:assert/strict";
import hre from "hardhat";
import { ABI_MODULES } from "../../../scripts/abi/abi-modules.js";

describe("the relayer's ABI modules (relayer/abi/)", () => {
  for (const module of ABI_MODULES) {
    it(`${module.file} holds exactly the ABI of the compiled ${module.contract} (else run \`npm run abi\`)`, async () => {
      const { abi } = await hre.artifacts.readArtifact(module.contract);
      const committed = (await import(new URL(`../../../${module.file}`, import.meta.url).href)) as Record<
        string,
        unknown
      >;
      assert.deepEqual(
        committed[module.constant],
        abi,
        `${module.file} is not what \`npm run abi\` writes from the artifact`,
      );
    });
  }
});
