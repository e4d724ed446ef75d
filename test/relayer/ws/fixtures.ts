// socket.io clients against a real relayer (test/relayer/http/fixtures.ts), and a seeded stream of orders.
import { afterEach } from "mocha";
import { io, type Socket } from "socket.io-client";
import type { PrivateKeyAccount } from "viem/accounts";
import type { RunningRelayer } from "../../../relayer/app.js";
import { seededRandom } from "../../support/seeded-random.js";
import { order, post, signed } from "../http/fixtures.js";

/** The sockets a test opens: push them here and they are disconnected after each test of the calling describe block. */
export function useSockets(): Socket[] {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  return sockets;
}

export function connect(url: string): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

let nonce = 1000n;

/** `count` random orders (both sides around 3000 ticks, so many cross), posted in small concurrent bursts; returns the fills. */
export async function randomOrders(
  relayer: RunningRelayer,
  makers: PrivateKeyAccount[],
  count: number,
  seed: number,
): Promise<number> {
  let fills = 0;
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  for (let done = 0; done < count; ) {
    const burst = Math.min(count - done, 1 + pick(4));
    const bodies = [];
    for (let i = 0; i < burst; i++) {
      const maker = makers[pick(makers.length)];
      const side = pick(2) as 0 | 1;
      const o = order(maker, side, BigInt(10 + pick(190)), BigInt(2990 + pick(21)), { nonce: nonce++ });
      bodies.push((await signed(maker, o)).body);
    }
    const answers = await Promise.all(bodies.map((b) => post(relayer.url, b)));
    for (const a of answers) {
      if (a.status !== 201 && a.status !== 422) throw new Error(`unexpected ${a.status} ${JSON.stringify(a.json)}`);
      fills += a.json.fills?.length ?? 0;
    }
    done += burst;
  }
  return fills;
}

/** Resolves when `check()` holds, polling every few ms (fails after `ms`). */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}
