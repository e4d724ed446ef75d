/** PollLoop: the settlers' timer runs one step at a time, survives a failing step, and stops. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { PollLoop } from "../../../relayer/settlement/poll-loop.js";

describe("PollLoop", () => {
  it("runs steps one at a time, reports a failing step and runs the next, and schedules nothing after stop", async () => {
    let running = 0;
    let overlapped = false;
    let runs = 0;
    const errors: unknown[] = [];
    let reachedFive!: () => void;
    const five = new Promise<void>((resolve) => (reachedFive = resolve));
    const loop = new PollLoop(
      async () => {
        overlapped ||= running > 0;
        running++;
        runs++;
        await new Promise((r) => setImmediate(r));
        running--;
        if (runs === 2) throw new Error("step 2 fails");
        if (runs === 5) reachedFive();
      },
      0,
      (error) => errors.push(error),
    );
    loop.start();
    loop.start(); // a second start of a running loop does nothing
    await five;
    loop.stop();
    assert.equal(loop.running, false);
    const stoppedAt = runs;
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(runs, stoppedAt, "no step after stop");
    assert.equal(overlapped, false);
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ["step 2 fails"],
    );
  });
});
