// The relayer under benchmark, in its own process (so the load generator does not share its event loop): a temp
// data dir, the one market of the benchmark, accounts funded through the sequencer, then `READY <url>` on stdout.
// Argument: a JSON object { dataDir, accounts: Address[], options?: Partial<RelayerConfig> }. Stops on SIGTERM.
// Over the IPC channel, "cpu" answers the CPU time used so far (µs): the whole process (main thread, verifier
// workers, libuv's LevelDB and fsync threads) and the main thread alone, so the benchmark can charge a path's orders
// with the server's CPU, a figure far less sensitive to other load on the machine than wall-clock throughput.
import type { Address } from "viem";
import { startRelayer } from "../../relayer/app.js";
import { BENCH_CHAIN_ID, BENCH_EXCHANGE, BENCH_MARKETS, BENCH_TOKENS } from "./relayer-market.js";

const { dataDir, accounts, options } = JSON.parse(process.argv[2]) as {
  dataDir: string;
  accounts: Address[];
  options?: Record<string, unknown>;
};
const relayer = await startRelayer({
  port: 0,
  dataDir,
  chainId: BENCH_CHAIN_ID,
  exchange: BENCH_EXCHANGE,
  markets: BENCH_MARKETS,
  log: (error) => console.error("[bench relayer]", error),
  // The load generator is one IP sending tens of thousands of orders a second: limits would measure themselves.
  rateLimits: false,
  ...options,
});
const credits = [];
for (const account of accounts) {
  for (const [token, amount] of [
    [BENCH_TOKENS.base, 10n ** 30n],
    [BENCH_TOKENS.quote, 10n ** 30n],
  ] as const) {
    credits.push(
      relayer.services.trading.submitLedger({
        type: "deposit-credited",
        depositId: `${account}-${token}`,
        account,
        token,
        amount,
      }),
    );
  }
}
for (const ack of await Promise.all(credits))
  if (ack.rejection) throw new Error(`deposit refused: ${JSON.stringify(ack.rejection)}`);
process.on("message", (message) => {
  if (message !== "cpu") return;
  const total = process.cpuUsage();
  const main = process.threadCpuUsage();
  process.send!({ totalUs: total.user + total.system, mainUs: main.user + main.system });
});
console.log(`READY ${relayer.url}`);
process.on("SIGTERM", () => {
  void relayer.close().then(() => process.exit(0));
});
