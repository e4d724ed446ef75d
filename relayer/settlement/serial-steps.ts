// A settler's steps, one at a time: `run` queues work behind whatever runs now (a step, or an operator's retry), so
// two never overlap and each sees the state the previous one left. Started, it steps every `intervalMs` (PollLoop).
import { PollLoop } from "./poll-loop.js";

export class SerialSteps {
  #last: Promise<unknown> = Promise.resolve();
  readonly #loop: PollLoop;

  constructor(step: () => Promise<void>, intervalMs: number, onError: (error: unknown) => void) {
    this.#loop = new PollLoop(() => this.run(step), intervalMs, onError);
  }

  get running(): boolean {
    return this.#loop.running;
  }

  /** Runs `work` once everything queued before it has ended (whether it threw or not). */
  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#last.then(work, work);
    this.#last = run.catch(() => undefined);
    return run;
  }

  start(): void {
    this.#loop.start();
  }

  /** No step starts after this; resolves once the one running (if any) has ended. */
  async stop(): Promise<void> {
    this.#loop.stop();
    await this.#last;
  }
}
