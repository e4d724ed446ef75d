// Verifies batches of order signatures on worker threads, so every core recovers signatures. A batch is split
// into one slice per worker; verdicts come back in the order of the items. Workers start in start() (nothing
// runs at import), and close() stops them so that no handle outlives the pool.
//
// The worker is TypeScript when this file is (under tsx: `tsx script.ts`, or `hardhat test`, which registers
// tsx in the main thread only). A worker thread does not inherit loader hooks registered in code, so it gets
// tsx's loader with `--import`; when the project is compiled to .js the worker is the sibling .js file.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Secp256k1Implementation } from "./ecdsa.js";
import { VerifierPoolClosedError, VerifierWorkerError } from "./errors.js";
import type { SignatureVerdict } from "./order-verifier.js";
import type { FromWorker, ToWorker, VerifyItem } from "./verify-worker.js";

export type { VerifyItem } from "./verify-worker.js";

export interface VerifierPoolOptions {
  /** Worker threads; the number of CPUs by default. */
  size?: number;
}

interface Job {
  resolve(verdicts: SignatureVerdict[]): void;
  reject(error: Error): void;
}

/** One thread and the batches it has been given, answered in the order they were sent. */
interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
}

function workerEntry(): { url: URL; execArgv?: string[] } {
  if (import.meta.url.endsWith(".ts")) {
    return { url: new URL("./verify-worker.ts", import.meta.url), execArgv: ["--import", import.meta.resolve("tsx")] };
  }
  return { url: new URL("./verify-worker.js", import.meta.url) };
}

export class VerifierPool {
  readonly size: number;
  /** The implementation each worker loaded (all native, or start() would have failed). */
  readonly implementations: Secp256k1Implementation[] = [];
  readonly #slots: Slot[] = [];
  #nextJobId = 0;
  #closed = false;

  private constructor(size: number) {
    this.size = size;
  }

  /** Starts `size` workers and waits until each has loaded the native binding. Throws VerifierWorkerError if one cannot. */
  static async start({ size = availableParallelism() }: VerifierPoolOptions = {}): Promise<VerifierPool> {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be a positive integer, got ${size}`);
    const pool = new VerifierPool(size);
    try {
      await Promise.all(Array.from({ length: size }, () => pool.#spawn()));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** The verdict of each item, in the items' order. Rejects with VerifierPoolClosedError after close(). */
  async verifyMany(items: readonly VerifyItem[]): Promise<SignatureVerdict[]> {
    if (this.#closed) throw new VerifierPoolClosedError();
    if (items.length === 0) return [];
    if (this.#slots.length === 0)
      throw new VerifierWorkerError({ details: "no worker is left (replacements failed to start)" });
    const sliceSize = Math.ceil(items.length / this.#slots.length);
    const slices: Promise<SignatureVerdict[]>[] = [];
    for (let start = 0; start < items.length; start += sliceSize) {
      slices.push(this.#send(this.#leastBusy(), items.slice(start, start + sliceSize)));
    }
    return (await Promise.all(slices)).flat();
  }

  /** Stops every worker; batches still in flight reject with VerifierPoolClosedError. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots.splice(0);
    for (const slot of slots) this.#failJobs(slot, new VerifierPoolClosedError());
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #leastBusy(): Slot {
    let best = this.#slots[0];
    for (const slot of this.#slots) if (slot.jobs.size < best.jobs.size) best = slot;
    return best;
  }

  #send(slot: Slot, items: VerifyItem[]): Promise<SignatureVerdict[]> {
    const id = this.#nextJobId++;
    return new Promise((resolve, reject) => {
      slot.jobs.set(id, { resolve, reject });
      slot.worker.postMessage({ id, items } satisfies ToWorker);
    });
  }

  /** Starts a worker and resolves when it reports the native binding loaded. */
  #spawn(): Promise<void> {
    const { url, execArgv } = workerEntry();
    const worker = new Worker(url, { execArgv });
    const slot: Slot = { worker, jobs: new Map() };
    this.#slots.push(slot);
    let started = false;
    return new Promise((ready, failed) => {
      worker.on("message", (message: FromWorker) => {
        if (message.type === "ready") {
          started = true;
          this.implementations.push(message.implementation);
          ready();
          return;
        }
        const job = slot.jobs.get(message.id);
        if (!job) return;
        slot.jobs.delete(message.id);
        if (message.type === "verdicts") job.resolve(message.verdicts);
        else job.reject(new VerifierWorkerError({ details: message.message }));
      });
      // A worker that throws or exits on its own takes its batches with it. One that had started is replaced;
      // one that fails to start (no native binding) fails start() instead of being retried forever.
      const lost = (cause: unknown) => {
        const index = this.#slots.indexOf(slot);
        if (index < 0) return; // closed, or already handled ("exit" follows "error")
        const error = new VerifierWorkerError({ cause });
        failed(error);
        this.#failJobs(slot, error);
        this.#slots.splice(index, 1);
        if (started && !this.#closed) this.#spawn().catch(() => {}); // a replacement that fails is dropped in turn
      };
      worker.on("error", lost);
      worker.on("exit", (exitCode) => lost(new Error(`worker exited with code ${exitCode}`)));
    });
  }

  #failJobs(slot: Slot, error: Error): void {
    for (const job of slot.jobs.values()) job.reject(error);
    slot.jobs.clear();
  }
}
