// Cancel-on-disconnect's timer: once started, it calls `onMiss` if `beat()` is not called within `ms` of the
// start or of the last beat. Timers are injected so a test can drive them; the default is the event loop's.
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class HeartbeatWatchdog {
  private handle: unknown = null;
  private ms = 0;

  constructor(
    private readonly timers: Timers,
    private readonly onMiss: () => void,
  ) {}

  get running(): boolean {
    return this.handle !== null;
  }

  /** (Re)starts the wait: `onMiss` unless a beat comes within `ms`. */
  start(ms: number): void {
    this.stop();
    this.ms = ms;
    this.arm();
  }

  /** A heartbeat: the wait starts again. Ignored while stopped. */
  beat(): void {
    if (this.handle === null) return;
    this.timers.clear(this.handle);
    this.arm();
  }

  stop(): void {
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
  }

  private arm(): void {
    this.handle = this.timers.set(() => {
      this.handle = null;
      this.onMiss();
    }, this.ms);
  }
}
