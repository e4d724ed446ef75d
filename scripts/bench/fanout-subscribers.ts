// A worker thread of bench:relayer's fan-out path: `subscribers` socket.io clients on the book of WETH-USDC, each
// measuring delivery latency (receipt − the gateway's send `time`) and counting the wanted price levels it sees.
// Kept off the thread that posts the orders, so the posting rate does not suffer from decoding every subscriber's
// messages (1,000 subscribers × 50 messages/s).
import { parentPort, workerData } from "node:worker_threads";
import { io, type Socket } from "socket.io-client";

interface Start {
  url: string;
  subscribers: number;
  prices: number[];
}
export type FromSubscribers = { type: "ready" } | { type: "done"; deliveries: number; latenciesMs: Float64Array };
export type ToSubscribers = { type: "finish"; waitMs: number };

const { url, subscribers, prices } = workerData as Start;
const wanted = new Set(prices);
const latencies: number[] = [];
const sockets: Socket[] = [];
let deliveries = 0;

for (let i = 0; i < subscribers; i++) {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const ack = await socket.timeout(10_000).emitWithAck("subscribe", { channel: "book", market: "WETH-USDC" });
  if ("error" in ack) throw new Error(`subscribe: ${JSON.stringify(ack)}`);
  socket.on("book", (delta: { time: number; changes: { priceTicks: number }[] }) => {
    latencies.push(Date.now() - delta.time);
    for (const change of delta.changes) if (wanted.has(change.priceTicks)) deliveries++;
  });
  sockets.push(socket);
}
parentPort!.postMessage({ type: "ready" } satisfies FromSubscribers);

parentPort!.once("message", async (message: ToSubscribers) => {
  const expected = subscribers * prices.length;
  const deadline = performance.now() + message.waitMs;
  while (deliveries < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const socket of sockets) socket.close();
  const latenciesMs = Float64Array.from(latencies);
  parentPort!.postMessage({ type: "done", deliveries, latenciesMs } satisfies FromSubscribers, [latenciesMs.buffer]);
});
