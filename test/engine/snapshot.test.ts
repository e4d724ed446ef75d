/** Snapshot, restore, replay: the state hash after a restart equals the one of a straight run. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import { Engine, RecordingSink, type Command, type EngineSnapshot } from "../../engine/index.js";
import { buy, harness, sell } from "./helpers.js";
import { commandStream, propertySettings, streamMarkets } from "../support/command-stream.js";

const risk = (_m: unknown, owner: number, _side: number, price: number, size: number) =>
  (owner * 31 + price + size) % 17 !== 0;

function straight(commands: Command[], book: "fast" | "reference") {
  const sink = new RecordingSink();
  const engine = new Engine({ markets: streamMarkets(), sink, risk, book });
  for (const c of commands) engine.execute(c);
  return { engine, events: sink.events };
}

describe("engine: snapshot, restore and replay", () => {
  it("restoring a snapshot taken anywhere and replaying the rest gives the same events and state hash", function () {
    this.timeout(60_000);
    fc.assert(
      fc.property(
        commandStream(120),
        fc.nat(),
        fc.constantFrom("fast" as const, "reference" as const),
        (commands, cut, book) => {
          const k = cut % (commands.length + 1);
          const whole = straight(commands, book);
          const first = straight(commands.slice(0, k), book);
          const before = first.events.length;
          const saved = JSON.parse(JSON.stringify(first.engine.snapshot())) as EngineSnapshot; // as it would be stored
          const sink = new RecordingSink();
          const restored = Engine.restore(saved, { sink, risk, book });
          assert.equal(restored.stateHash(), first.engine.stateHash(), "restoring changed the state");
          for (const c of commands.slice(k)) restored.execute(c);
          assert.deepEqual(sink.events, whole.events.slice(before), "replayed events differ");
          assert.equal(restored.stateHash(), whole.engine.stateHash(), "state hash after replay differs");
          assert.equal(restored.checkInvariants(), null);
        },
      ),
      propertySettings(150),
    );
  });

  it("a snapshot of the fast book restores into the reference book with the same hash, and back", () => {
    fc.assert(
      fc.property(commandStream(120), (commands) => {
        const fast = straight(commands, "fast").engine;
        const intoRef = Engine.restore(fast.snapshot(), { sink: new RecordingSink(), book: "reference" });
        const backToFast = Engine.restore(intoRef.snapshot(), { sink: new RecordingSink(), book: "fast" });
        assert.equal(intoRef.stateHash(), fast.stateHash());
        assert.equal(backToFast.stateHash(), fast.stateHash());
      }),
      propertySettings(100),
    );
  });

  it("the hash is the same for the same state and changes with it", () => {
    const a = harness();
    const b = harness();
    const commands = [buy(1, 5, 100), sell(2, 3, 105)];
    a.run(...commands);
    b.run(...commands);
    assert.equal(a.engine.stateHash(), b.engine.stateHash());
    assert.match(a.engine.stateHash(), /^[0-9a-f]{64}$/);
    b.run(buy(3, 1, 99));
    assert.notEqual(a.engine.stateHash(), b.engine.stateHash());
  });

  it("keeps FIFO priority within a level across a restore", () => {
    const a = harness();
    a.run(sell(1, 2, 101, { owner: 7 }), sell(2, 2, 101, { owner: 8 }), sell(3, 2, 101, { owner: 9 }));
    const sink = new RecordingSink();
    const restored = Engine.restore(a.engine.snapshot(), { sink });
    restored.execute(buy(4, 5, 101));
    const makers = sink.events.flatMap((e) => (e.type === "fill" ? [e.makerId] : []));
    assert.deepEqual(makers, [1, 2, 3]);
  });
});
