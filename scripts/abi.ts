// npm run abi: writes the relayer's ABI modules (relayer/abi/*.ts) from the compiled contracts, after `hardhat build`.
// Run it after changing a contract's interface and commit the result; test/relayer/abi/abi-modules.test.ts fails
// until you do.
import { writeFile } from "node:fs/promises";
import hre from "hardhat";
import type { Abi } from "viem";
import { ABI_MODULES, abiModuleSource } from "./abi/abi-modules.js";

for (const module of ABI_MODULES) {
  const { abi } = await hre.artifacts.readArtifact(module.contract);
  await writeFile(module.file, abiModuleSource(module, abi as Abi));
  console.log(`wrote ${module.file} (${module.constant}, from ${module.contract})`);
}
