// npm start. With RPC_URL set, the relayer runs against that chain (scripts/start/real-chain.ts; settings in
// relayer/config/chain-config.ts, docs/operations.md); without it, on an embedded local chain with a demo market
// (scripts/start/embedded.ts). A configuration error (an unreachable chain node included) prints one line with its
// setting and code, never a value, and exits 1; so does any other failure to start, its URLs cut to their origin.
import { ConfigError, readChainConfig } from "../relayer/config/index.js";
import { redactUrls } from "../relayer/log/redact.js";

try {
  const config = await readChainConfig(process.env);
  if (config === null) await import("./start/embedded.js");
  else await (await import("./start/real-chain.js")).runOnChain(config);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`configuration error (${error.code}): ${error.message}`);
    // RPC_URL may have been exported for something else: say which setting chose this mode, and how to leave it.
    if (process.env.RPC_URL !== undefined && error.code === "CONFIG_MISSING") {
      console.error(
        "RPC_URL is set, so npm start runs against that chain and needs its settings (docs/operations.md). For the embedded " +
          "local chain, unset RPC_URL (npm run demo reads CHAIN_RPC_URL, not RPC_URL).",
      );
    }
  } else
    console.error(
      `start failed: ${redactUrls(error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error))}`,
    );
  process.exit(1);
}
