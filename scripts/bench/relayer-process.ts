// The relayer under benchmark as a child process (scripts/bench/relayer-server.ts, on a temp LevelDB), and the
// server CPU a timed run costs it, read over the child's IPC channel.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { BenchAccount } from "./signing.js";

/** Relayer settings a run overrides (left out: the relayer's defaults). */
export interface RelayerOptions {
  coalesceMs?: number;
  verifierThreads?: number;
}

async function startServer(
  dataDir: string,
  accounts: BenchAccount[],
  options: RelayerOptions,
): Promise<{ url: string; child: ChildProcess }> {
  const config = JSON.stringify({ dataDir, accounts: accounts.map((a) => a.address), options });
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      "--import",
      "tsx",
      join(import.meta.dirname, "relayer-server.ts"),
      config,
    ],
    {
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the relayer exited (${code}) before it was ready`)));
    lines.on("line", (line) => {
      if (line.startsWith("READY ")) resolve(line.slice(6).trim());
    });
  });
  return { url, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** CPU time the relayer process has used so far, µs: all its threads, and its main thread. */
export interface ServerCpu {
  totalUs: number;
  mainUs: number;
  /** The load generator's (this process's) CPU, for comparison: it shares the machine. */
  clientUs?: number;
}

function serverCpu(child: ChildProcess): Promise<ServerCpu> {
  return new Promise((resolve) => {
    child.once("message", (message) => resolve(message as ServerCpu));
    child.send("cpu");
  });
}

/** Runs `timed` and charges its requests with the server CPU used meanwhile. */
export async function measured<T extends { requests: number }>(
  child: ChildProcess,
  timed: () => Promise<T>,
): Promise<T & { cpu: ServerCpu }> {
  const before = await serverCpu(child);
  const client = process.cpuUsage();
  const run = await timed();
  const clientUsed = process.cpuUsage(client);
  const after = await serverCpu(child);
  const per = (us: number) => us / run.requests;
  return {
    ...run,
    cpu: {
      totalUs: per(after.totalUs - before.totalUs),
      mainUs: per(after.mainUs - before.mainUs),
      clientUs: per(clientUsed.user + clientUsed.system),
    },
  };
}

/** Runs `run` against a fresh relayer process on a temp data dir, then stops it and removes the data. */
export async function withServer<T>(
  accounts: BenchAccount[],
  options: RelayerOptions,
  run: (url: string, child: ChildProcess) => Promise<T>,
): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), "bench-relayer-"));
  const { url, child } = await startServer(dataDir, accounts, options);
  try {
    return await run(url, child);
  } finally {
    await stopServer(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}
