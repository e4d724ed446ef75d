// npm start. With RPC_URL set, the relayer runs against that chain (scripts/start/real-chain.ts; settings in
// relayer/config/chain-config.ts, docs/operations.md); without it, on an embedded local chain with a demo market
// (scripts/start/embedded.ts). A configuration error prints its setting and code, never a value, and exits 1.
import { ConfigError, readChainConfig } from "../relayer/config/index.js";

try {
  const config = await readChainConfig(process.env);
  if (config === null) await import("./start/embedded.js");
  else await (await import("./start/real-chain.js")).runOnChain(config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`configuration error (${error.code}): ${error.message}`);
  process.exit(1);
}
