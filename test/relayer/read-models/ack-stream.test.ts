/**
 * The acknowledged stream (ReadModels) with the listener interface every read model registers through: a real
 * sequencer on a temp LevelDB, replayed on a restart, and live acknowledgements after it.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "mocha";
import type { Address } from "viem";
import { createLogger } from "../../../relayer/log/index.js";
import { Trading } from "../../../relayer/machine/trading.js";
import type { TradingAck } from "../../../relayer/machine/trading.js";
import type { AckStreamListener } from "../../../relayer/read-models/ack-stream.js";
import { ReadModels } from "../../../relayer/read-models/read-models.js";
import type { LogRecord } from "../../../relayer/sequencer/index.js";
import { registry } from "../markets/markets-fixture.js";
import { tempDir, USDC } from "../http/fixtures.js";

const ACCOUNT = "0x00000000000000000000000000000000000000a1" as Address;
const deposit = (n: number) => ({
  type: "deposit-credited" as const,
  depositId: `d${n}`,
  account: ACCOUNT,
  token: USDC,
  amount: 1_000n,
});

/** A listener that writes down, under its name, each replayed record's and each acknowledgement's seq. */
function recorder(name: string, heard: string[]): AckStreamListener {
  return {
    onReplayed: (record: LogRecord, applied: TradingAck) => heard.push(`${name} replayed ${record.seq}=${applied.seq}`),
    onAcknowledged: (ack: TradingAck) => heard.push(`${name} acknowledged ${ack.seq}`),
  };
}

describe("read models: the acknowledged stream and its listeners", function () {
  this.timeout(60_000);
  let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
  let trading: Trading | undefined;
  const logger = createLogger({ level: "silent" });
  const open = () =>
    Trading.open({
      directory: dir!.path,
      engine: { markets: registry().engineMarkets() },
      clock: () => 1_700_000_000,
      logger,
    });

  afterEach(async () => {
    await trading?.close();
    trading = undefined;
    await dir?.remove();
  });

  it("hands every replayed record, then every acknowledgement, to the listeners in the order they registered", async () => {
    dir = await tempDir();
    trading = await open();
    await new ReadModels(() => {}).follow(trading);
    await trading.submitLedger(deposit(1));
    await trading.submitLedger(deposit(2));
    await trading.close();

    trading = await open();
    const heard: string[] = [];
    const stream = new ReadModels(() => {});
    stream.register(recorder("first", heard));
    stream.register(recorder("second", heard));
    await stream.follow(trading);
    await trading.submitLedger(deposit(3));
    assert.deepEqual(heard, [
      "first replayed 1=1",
      "second replayed 1=1",
      "first replayed 2=2",
      "second replayed 2=2",
      "first acknowledged 3",
      "second acknowledged 3",
    ]);
  });

  it("keeps telling the other listeners when one throws on an acknowledgement, and stops telling a removed one", async () => {
    dir = await tempDir();
    trading = await open();
    const heard: string[] = [];
    const faults: unknown[] = [];
    const stream = new ReadModels((error) => faults.push(error));
    stream.register({
      onAcknowledged: () => {
        throw new Error("a broken projection");
      },
    });
    const remove = stream.register(recorder("removed", heard));
    stream.register(recorder("kept", heard));
    await stream.follow(trading);
    await trading.submitLedger(deposit(1));
    remove();
    await trading.submitLedger(deposit(2));
    assert.deepEqual(heard, ["removed acknowledged 1", "kept acknowledged 1", "kept acknowledged 2"]);
    assert.deepEqual(
      faults.map((e) => (e as Error).message),
      ["a broken projection", "a broken projection"],
    );
  });
});
