// The relayer benchmark's socket.io path: orders.placeBatch over logged-in private sessions, latency per batch ack.
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { privateKeyToAccount } from "viem/accounts";
import { PrivateSession } from "../../relayer/client/private-session.js";
import type { Run } from "./http-load.js";
import type { BenchAccount } from "./signing.js";

/** Each maker's orders over its own logged-in session, in batches of `batch`, two batches in flight per session. */
export async function socketLoad(
  url: string,
  accounts: BenchAccount[],
  byMaker: string[][],
  batch: number,
): Promise<Run> {
  const sessions: { session: PrivateSession; socket: Socket }[] = [];
  for (const account of accounts) {
    const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const signer = privateKeyToAccount(`0x${Buffer.from(account.key).toString("hex")}`);
    sessions.push({ session: await PrivateSession.login(socket, signer, { timeoutMs: 60_000 }), socket });
  }
  const latenciesMs: number[] = [];
  const failures = new Map<string, number>();
  let requests = 0;
  const start = performance.now();
  await Promise.all(
    sessions.map(async ({ session }, m) => {
      const orders = byMaker[m].map((body) => JSON.parse(body));
      let next = 0;
      const lane = async () => {
        while (next < orders.length) {
          const sending = orders.slice(next, next + batch);
          next += sending.length;
          const sent = performance.now();
          const results = await session.placeBatch(sending);
          latenciesMs.push(performance.now() - sent);
          requests += sending.length;
          for (const r of results) {
            if ("error" in r) {
              const key = JSON.stringify((r as { error: unknown }).error).slice(0, 120);
              failures.set(key, (failures.get(key) ?? 0) + 1);
            }
          }
        }
      };
      await Promise.all([lane(), lane()]);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const { session, socket } of sessions) {
    session.close();
    socket.close();
  }
  return { requests, seconds, latenciesMs, failures };
}
