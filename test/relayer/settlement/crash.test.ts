/**
 * Crash tests with a real process kill: a child relayer (crash-child.ts) settles fills against a Hardhat JSON-RPC node
 * run here, and SIGKILLs itself at one stage of the pipeline; a second child on the same data dir must finish the job.
 * After it, every acknowledged fill is in exactly one final batch, each batch settled once on-chain, nothing is
 * pending in the ledger and every on-chain internal balance equals the ledger's.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "mocha";
import { parseEventLogs } from "viem";
import { SETTLEMENT_ABI } from "../../../relayer/settlement/index.js";
import { startLocalChain } from "../../../scripts/start/local-chain.js";
import { CRASH_PAIRS } from "./crash-child.js";

const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");

interface ChildRun {
  signal: NodeJS.Signals | null;
  code: number | null;
  lines: string[];
  stderr: string;
}

function runChild(args: string[]): Promise<ChildRun> {
  const child = spawn(process.execPath, ["--import", TSX, CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, lines: stdout.split("\n").filter((l) => l !== "") });
    });
  });
}

const STAGES = ["queued", "matched", "before-send", "after-send", "after-inclusion", "confirming"] as const;

describe("Settler crash recovery (SIGKILL)", function () {
  this.timeout(300_000);

  for (const stage of STAGES) {
    it(`settles every acknowledged fill exactly once after a kill at stage "${stage}"`, async () => {
      const chain = await startLocalChain({ host: "127.0.0.1", port: 0, step: () => {} });
      const dir = await mkdtemp(join(tmpdir(), "settlement-crash-"));
      try {
        await chain.client.request({ method: "evm_setAutomine", params: [false] } as never);
        const args = [dir, chain.rpcUrl, chain.exchange, chain.tokens.WETH, chain.tokens.USDC, chain.feeRecipient];
        const killed = await runChild([...args, stage]);
        assert.equal(
          killed.signal,
          "SIGKILL",
          `the child was not killed at ${stage} (code ${killed.code})\n${killed.lines.join("\n")}\n${killed.stderr}`,
        );
        assert.ok(killed.lines.includes(`fills ${CRASH_PAIRS}`), killed.lines.join("\n"));

        const second = await runChild([...args, "none"]);
        assert.equal(second.code, 0, `${second.lines.join("\n")}\n${second.stderr}`);
        const done = second.lines.find((l) => l.startsWith("done "));
        assert.ok(done !== undefined, second.lines.join("\n"));
        const summary = JSON.parse(done.slice(5)) as {
          batches: { id: string; state: string; fills: number[] }[];
          pending: number[];
          differences: string[];
        };
        assert.ok(
          summary.batches.every((b) => b.state === "final"),
          done,
        );
        const fills = summary.batches.flatMap((b) => b.fills).sort((a, b) => a - b);
        assert.deepEqual(
          fills,
          Array.from({ length: CRASH_PAIRS }, (_, i) => i + 1),
          "each fill in exactly one batch",
        );
        assert.deepEqual(summary.pending, []);
        assert.deepEqual(summary.differences, []);
        assert.ok(
          !second.lines.some((l) => l.startsWith("alert ") && !l.includes("batch-reorged")),
          second.lines.join("\n"),
        );

        // On-chain: one BatchSettled per batch, with exactly the batch's fills.
        const logs = await chain.client.getLogs({ address: chain.exchange, fromBlock: 0n });
        const settled = parseEventLogs({ abi: SETTLEMENT_ABI, eventName: "BatchSettled", logs });
        assert.deepEqual(settled.map((l) => l.args.batchId.toString()).sort(), summary.batches.map((b) => b.id).sort());
        assert.equal(
          settled.reduce((n, l) => n + l.args.fills.length, 0),
          CRASH_PAIRS,
        );
      } finally {
        await chain.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
