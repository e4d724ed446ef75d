import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import hardhatViemAssertions from "@nomicfoundation/hardhat-viem-assertions";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";

// The compiler comes from the npm `solc` package (soljson, WebAssembly):
// nothing is downloaded at build time, so builds work offline.
const require = createRequire(import.meta.url);
const solcVersion = "0.8.30";
const soljson = require.resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatViem, hardhatViemAssertions, hardhatNetworkHelpers, hardhatMocha],
  solidity: {
    compilers: [
      {
        version: solcVersion,
        path: soljson,
        settings: {
          evmVersion: "cancun", // OpenZeppelin 5 uses mcopy
          viaIR: true,
          optimizer: { enabled: true, runs: 1_000_000 },
        },
      },
    ],
  },
  // `npx hardhat node`: the standalone chain for a rehearsal of the real-chain path (docs/operations.md). It mines
  // each transaction at once and an empty block every second besides, so confirmations advance as on a live chain.
  networks: {
    node: { type: "edr-simulated", mining: { auto: true, interval: 1000 } },
  },
  paths: {
    tests: { mocha: "test", solidity: "contracts/test" },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 32 },
    },
  },
});
