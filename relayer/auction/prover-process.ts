// Runs proveAuction in a child process, so proving (seconds of CPU) never blocks the relayer's event loop.
// Not a worker thread: snarkjs's curve library loads `web-worker`, which, imported in any non-main thread, takes
// itself for one of its own workers and throws; a process is also where the OS can schedule the prover apart.
// The child is TypeScript when this file is (tsx / hardhat test): it gets tsx's loader with --import.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { AuctionBatch } from "./circuit-input.js";
import type { FromProver, ToProver } from "./prove-worker.js";
import { ProofFailedError, type AuctionProof } from "./prover.js";

function childEntry(): { file: string; execArgv: string[] } {
  if (import.meta.url.endsWith(".ts")) {
    return {
      file: fileURLToPath(new URL("./prove-worker.ts", import.meta.url)),
      execArgv: ["--import", import.meta.resolve("tsx")],
    };
  }
  return { file: fileURLToPath(new URL("./prove-worker.js", import.meta.url)), execArgv: [] };
}

export class ProverProcess {
  readonly #child: ChildProcess;
  readonly #jobs = new Map<number, { resolve(p: AuctionProof): void; reject(e: Error): void }>();
  #nextId = 0;

  constructor() {
    const { file, execArgv } = childEntry();
    // "advanced" serialization is structured clone: bigints cross as they are.
    this.#child = fork(file, [], {
      execArgv,
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.#child.on("message", (reply: FromProver) => {
      const job = this.#jobs.get(reply.id);
      this.#jobs.delete(reply.id);
      if ("proof" in reply) job?.resolve(reply.proof);
      else job?.reject(new ProofFailedError(reply.error));
    });
    this.#child.on("exit", (code) => {
      for (const job of this.#jobs.values()) job.reject(new ProofFailedError(`the prover process exited (${code})`));
      this.#jobs.clear();
    });
  }

  prove(batch: AuctionBatch, n?: number): Promise<AuctionProof> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#jobs.set(id, { resolve, reject });
      this.#child.send({ id, batch, n } satisfies ToProver);
    });
  }

  /** Stops the prover; proofs still in flight reject with ProofFailedError. */
  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.kill();
    await exited;
  }
}
