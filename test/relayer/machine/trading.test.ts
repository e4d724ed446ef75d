// What Trading acknowledges: every consumer of the acknowledged stream (the settler, the history, the auction
// batches) reads the ledger's fill ids and the sequencer's time from the ack itself, typed, without widening it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "mocha";
import type { RunningRelayer } from "../../../relayer/app.js";
import type { TradingAck } from "../../../relayer/machine/trading.js";
import { alice, bob, fund, order, post, signed, start, tempDir } from "../http/fixtures.js";

describe("relayer/services: Trading's acknowledgements", function () {
  this.timeout(60_000);
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let relayer: RunningRelayer;

  before(async () => {
    dir = await tempDir();
    relayer = await start(dir.path);
    await fund(relayer, [alice, bob]);
  });

  after(async () => {
    await relayer?.close();
    await dir?.remove();
  });

  it("carries the ledger's id of each fill, in event order, and the time the sequencer gave the command", async () => {
    const acks: TradingAck[] = [];
    const stop = relayer.services.trading.onAck((ack) => acks.push(ack));
    try {
      assert.equal((await post(relayer.url, (await signed(alice, order(alice, 1, 10n, 3000n))).body)).status, 201);
      assert.equal((await post(relayer.url, (await signed(alice, order(alice, 1, 10n, 3001n))).body)).status, 201);
      const taker = await post(relayer.url, (await signed(bob, order(bob, 0, 20n, 3001n))).body);
      assert.equal(taker.json.fills.length, 2);
    } finally {
      stop();
    }
    const take = acks.find((a) => a.events.some((e) => e.type === "fill"))!;
    const fillIds: readonly number[] = take.fillIds;
    assert.equal(fillIds.length, take.events.filter((e) => e.type === "fill").length);
    assert.deepEqual(
      [...fillIds].sort((a, b) => a - b),
      fillIds,
      "in event order",
    );
    for (const id of fillIds)
      assert.ok(relayer.services.trading.ledgerView.ledger.pendingFill(id) !== undefined, `fill ${id} is the ledger's`);
    assert.equal(typeof take.time, "number");
    assert.ok(take.time > 0);
    for (const ack of acks.filter((a) => a !== take)) assert.deepEqual(ack.fillIds, []);
  });
});
