// The settlers' timer: runs `step` again `intervalMs` after the previous run ended, never two at once, until stopped.
// A step that throws is reported and the next one still runs.
export class PollLoop {
  #timer: NodeJS.Timeout | null = null;
  #running = false;

  constructor(
    private readonly step: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get running(): boolean {
    return this.#running;
  }

  /** Runs the first step at once. Starting a running loop does nothing. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const tick = () => {
      this.#timer = null;
      this.step()
        .catch((error) => this.onError(error))
        .finally(() => {
          if (this.#running) this.#timer = setTimeout(tick, this.intervalMs);
        });
    };
    tick();
  }

  /** No step is scheduled after this; one already running finishes (the settlers await it themselves). */
  stop(): void {
    this.#running = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
