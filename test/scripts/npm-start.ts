// `npm start` and the scripts beside it as child processes (Node 22 + tsx), the way a user runs them: the start script
// on free ports with its data in a temp dir, the URLs read from its banner.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `script` (a .ts file or `-e` code) under tsx with `env` added to this process's environment. */
export function run(script: string, env: Record<string, string | undefined> = {}, args: string[] = []): Running {
  const merged = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/**
 * The first match of `text` in what `proc` printed, checked as each chunk of its output arrives (a signal, not a
 * polling sleep); fails when the process exits without printing it, or after `ms`.
 */
export function waitFor(proc: Running, text: string | RegExp, ms: number): Promise<RegExpExecArray> {
  const pattern = typeof text === "string" ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : text;
  return new Promise((resolve, reject) => {
    const streams = [proc.child.stdout, proc.child.stderr].filter((s) => s !== null);
    const check = () => {
      const match = pattern.exec(proc.output());
      if (match !== null) finish(() => resolve(match));
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`no ${pattern} after ${ms} ms:\n${proc.output()}`))),
      ms,
    );
    let settled = false;
    function finish(settle: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const s of streams) s.off("data", check);
      settle();
    }
    // Registered after the process's own listeners, so each check sees the chunk that woke it.
    for (const s of streams) s.on("data", check);
    void proc.exited.then(() => {
      check();
      finish(() => reject(new Error(`exited before ${pattern}:\n${proc.output()}`)));
    });
    check();
  });
}

/**
 * The first defined answer of `probe`, asked every 200 ms for at most `ms`: for state only reachable by asking (a
 * chain's blocks and balances over RPC, a relayer over HTTP), where there is no event to wait for.
 */
export async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const BANNER_END = "Ctrl-C stops the relayer, the deposit watcher and the chain.";

export interface StartedExchange {
  start: Running;
  banner: string;
  relayerUrl: string;
  rpcUrl: string;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  /** Kills it if still running and removes its data directory. */
  cleanup(): Promise<void>;
}

/** `npm start`'s script on free ports (RPC_PORT=0, RELAYER_PORT=0) with a fresh data directory, up to its banner. */
export async function startExchange(env: Record<string, string | undefined> = {}): Promise<StartedExchange> {
  const dataDir = await mkdtemp(join(tmpdir(), "npm-start-"));
  const start = run("scripts/start.ts", { RPC_PORT: "0", RELAYER_PORT: "0", DATA_DIR: dataDir, ...env });
  const cleanup = async () => {
    if (start.child.exitCode === null && start.child.signalCode === null) {
      start.child.kill("SIGKILL");
      await start.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(start, BANNER_END, 120_000);
  } catch (error) {
    await cleanup();
    throw error;
  }
  const banner = start.output();
  const relayerUrl = /Relayer\s+(http:\/\/\S+)/.exec(banner)?.[1];
  const rpcUrl = /RPC URL\s+(http:\/\/\S+)/.exec(banner)?.[1];
  assert.ok(relayerUrl && rpcUrl, banner);
  return {
    start,
    banner,
    relayerUrl,
    rpcUrl,
    stop: async () => {
      start.child.kill("SIGTERM");
      return start.exited;
    },
    cleanup,
  };
}
