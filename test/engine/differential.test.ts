/**
 * The fast book and the naive reference book, driven by the same seeded
 * random command streams, must emit identical events and reach the same state
 * hash; internal invariants are checked after every command, and every
 * accepted order's quantity is accounted for at the end.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import { Engine, RecordingSink, Side, type Command, type EngineEvent, type PlaceCommand } from "../../engine/index.js";
import { commandStream, propertySettings, streamMarkets } from "../support/command-stream.js";

/** Deterministic risk answers that depend only on the command, so both engines agree. */
const risk = (_m: unknown, owner: number, _side: number, price: number, size: number) =>
  (owner * 31 + price + size) % 17 !== 0;

function runBoth(commands: Command[]) {
  const fastSink = new RecordingSink();
  const refSink = new RecordingSink();
  const fast = new Engine({ markets: streamMarkets(), sink: fastSink, risk, book: "fast", expectedOrders: 4 });
  const ref = new Engine({ markets: streamMarkets(), sink: refSink, risk, book: "reference" });
  const perCommand: { cmd: Command; events: EngineEvent[] }[] = [];
  for (const cmd of commands) {
    fast.execute(cmd);
    ref.execute(cmd);
    const a = fastSink.take();
    const b = refSink.take();
    assert.deepEqual(a, b, `events differ at command ${cmd.seq} (${JSON.stringify(cmd)})`);
    const broken = fast.checkInvariants() ?? ref.checkInvariants();
    assert.equal(broken, null, `invariant broken after command ${cmd.seq}: ${broken}`);
    perCommand.push({ cmd, events: a });
  }
  return { fast, ref, perCommand };
}

/** Every accepted order: size = filled + cancelled + expired + still live. Fills respect limits and never self-trade. */
function checkAccounting(perCommand: { cmd: Command; events: EngineEvent[] }[], engine: Engine): void {
  const orders = new Map<string, PlaceCommand>();
  const used = new Map<string, number>();
  const key = (market: number, id: number) => `${market}:${id}`;
  for (const { cmd, events } of perCommand) {
    for (const e of events) {
      if (e.type === "accepted") {
        assert.ok(
          cmd.type === "place" && cmd.id === e.id && cmd.market === e.market,
          "accepted event for another command",
        );
        const previous = orders.get(key(e.market, e.id));
        if (previous !== undefined) {
          // An id is only accepted again once its previous order is gone, fully accounted for.
          assert.equal(
            used.get(key(e.market, e.id)),
            previous.size,
            `order ${e.id} reused before its quantity was accounted for`,
          );
        }
        orders.set(key(e.market, e.id), cmd);
        used.set(key(e.market, e.id), 0);
      }
      if (e.type === "fill") {
        assert.notEqual(e.makerOwner, e.takerOwner, "a maker traded with itself");
        for (const id of [e.makerId, e.takerId]) {
          const o = orders.get(key(e.market, id))!;
          const ok = o.side === Side.Buy ? e.price <= o.price : e.price >= o.price;
          assert.ok(ok, `fill at ${e.price} breaks the limit ${o.price} of order ${o.id}`);
          used.set(key(e.market, id), used.get(key(e.market, id))! + e.qty);
        }
      }
      if (e.type === "cancelled" || e.type === "expired") {
        const k = key(e.market, e.id);
        used.set(k, used.get(k)! + e.qty);
      }
      if (e.type === "fill" || e.type === "cancelled" || e.type === "expired") {
        for (const id of e.type === "fill" ? [e.makerId, e.takerId] : [e.id]) {
          const k = key(e.market, id);
          assert.ok(
            used.get(k)! <= orders.get(k)!.size,
            `order ${k} overfilled: ${used.get(k)} of ${orders.get(k)!.size}`,
          );
        }
      }
    }
  }
  const live = new Map<string, number>();
  for (const m of engine.snapshot().markets) {
    for (const o of m.orders) live.set(key(m.config.id, o.id), o.remaining);
    for (const s of m.stops) live.set(key(m.config.id, s.id), s.size);
  }
  for (const [k, u] of used) {
    const size = orders.get(k)!.size;
    const left = live.get(k) ?? 0;
    assert.equal(u + left, size, `order ${k}: ${u} filled, cancelled or expired + ${left} live ≠ size ${size}`);
  }
}

describe("engine: fast book against the reference book", () => {
  it("emits identical events and keeps every invariant on random command streams", function () {
    this.timeout(60_000);
    fc.assert(
      fc.property(commandStream(150), (commands) => {
        const { fast, ref, perCommand } = runBoth(commands);
        assert.equal(fast.stateHash(), ref.stateHash(), "state hashes differ");
        checkAccounting(perCommand, fast);
      }),
      propertySettings(300),
    );
  });
});
