/** The cancel-on-disconnect timer, driven by hand-cranked timers. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { HeartbeatWatchdog, type Timers } from "../../../relayer/ws/heartbeat-watchdog.js";

/** Timers that fire only when the test advances the time. */
class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  set(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.pending].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.now) continue;
      this.pending.delete(id);
      t.callback();
    }
  }
}

describe("HeartbeatWatchdog", () => {
  it("reports a miss when no beat comes within the interval, once", () => {
    const timers = new ManualTimers();
    let misses = 0;
    const dog = new HeartbeatWatchdog(timers, () => misses++);
    dog.start(1000);
    timers.advance(999);
    assert.equal(misses, 0);
    timers.advance(1);
    assert.equal(misses, 1);
    assert.equal(dog.running, false);
    timers.advance(5000);
    assert.equal(misses, 1);
  });

  it("starts the wait again at every beat", () => {
    const timers = new ManualTimers();
    let misses = 0;
    const dog = new HeartbeatWatchdog(timers, () => misses++);
    dog.start(1000);
    for (let i = 0; i < 10; i++) {
      timers.advance(900);
      dog.beat();
    }
    assert.equal(misses, 0);
    timers.advance(1000);
    assert.equal(misses, 1);
  });

  it("ignores beats while stopped and never fires after stop", () => {
    const timers = new ManualTimers();
    let misses = 0;
    const dog = new HeartbeatWatchdog(timers, () => misses++);
    dog.beat();
    timers.advance(10_000);
    dog.start(1000);
    dog.stop();
    timers.advance(10_000);
    assert.equal(misses, 0);
  });
});
