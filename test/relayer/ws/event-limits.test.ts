/** socket.io events anyone may send without logging in (subscriptions, login challenges) pay a per-socket and a per-IP bucket. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Socket } from "socket.io-client";
import { connect, useSockets } from "./fixtures.js";
import { ask } from "./private-fixtures.js";
import { useRelayer } from "../use-relayer.js";

describe("relayer/ws/event-limits: unauthenticated socket events", function () {
  this.timeout(20_000);
  let now = 0;
  const sockets = useSockets();
  const refill = () => (now += 60_000);
  const open = async () => {
    const socket = await connect(relayer.url);
    sockets.push(socket);
    return socket;
  };
  const subscribe = (socket: Socket) => ask(socket, "subscribe", { channel: "book", market: "WETH-USDC" });
  const codeOf = (answer: any): string => answer?.error?.code ?? "ok";

  const relayer = useRelayer({
    config: {
      verifierThreads: 0,
      rateLimits: {
        perIp: { capacity: 1_000, refillPerSecond: 1_000 },
        perAddress: { capacity: 1_000, refillPerSecond: 1_000 },
        socketEvents: { perSocket: { capacity: 3, refillPerSecond: 1 }, perIp: { capacity: 5, refillPerSecond: 1 } },
        clock: () => now,
      },
    },
  });

  it("refuses a socket's subscriptions beyond its bucket with RATE_LIMITED, until the bucket refills", async () => {
    refill();
    const socket = await open();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(codeOf(await subscribe(socket)));
    assert.deepEqual(answers, ["ok", "ok", "ok", "RATE_LIMITED"]);
    const refused = await subscribe(socket);
    assert.match(refused.error.message, /retry after \d+ s/);
    now += 1000;
    assert.equal(codeOf(await subscribe(socket)), "ok", "one token came back after a second");
  });

  it("counts unsubscribes, login challenges and logins against the same bucket", async () => {
    refill();
    const socket = await open();
    assert.equal(codeOf(await ask(socket, "unsubscribe", { channel: "book", market: "WETH-USDC" })), "ok");
    assert.equal(codeOf(await ask(socket, "auth.challenge", {})), "ok");
    assert.equal(codeOf(await ask(socket, "auth.challenge", {})), "ok");
    assert.equal(codeOf(await ask(socket, "auth.challenge", {})), "RATE_LIMITED");
    assert.equal(
      codeOf(
        await ask(socket, "auth.login", {
          address: `0x${"11".repeat(20)}`,
          nonce: `0x${"22".repeat(32)}`,
          signature: "0x",
        }),
      ),
      "RATE_LIMITED",
    );
  });

  it("limits all the sockets of one IP together, whatever each socket's own bucket holds", async () => {
    refill();
    const [a, b, c] = [await open(), await open(), await open()];
    for (const s of [a, a, b, b, c]) assert.equal(codeOf(await subscribe(s)), "ok");
    assert.equal(codeOf(await subscribe(c)), "RATE_LIMITED", "the IP's five tokens are spent");
  });
});
