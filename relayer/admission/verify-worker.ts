// A verifier thread: answers each batch of orders from the pool with their signature verdicts, in order.
// Importing order-verifier loads the native secp256k1 binding in this thread (it is an N-API addon, so each
// worker gets its own instance); if it is missing the import throws and the pool sees the worker fail at start.
import { parentPort } from "node:worker_threads";
import type { Hex } from "viem";
import type { Order } from "../../protocol/index.js";
import { secp256k1Implementation, type Secp256k1Implementation } from "./ecdsa.js";
import { verifyOrder, type SignatureVerdict } from "./order-verifier.js";

/** One order to verify: plain data, so it crosses threads by structured clone (bigints included). */
export interface VerifyItem {
  separator: Hex;
  order: Order;
  signature: Hex;
}

export type ToWorker = { id: number; items: VerifyItem[] };

export type FromWorker =
  | { type: "ready"; implementation: Secp256k1Implementation }
  | { type: "verdicts"; id: number; verdicts: SignatureVerdict[] }
  | { type: "failed"; id: number; message: string };

if (!parentPort) throw new Error("verify-worker.ts runs as a worker thread of VerifierPool");
const port = parentPort;

port.on("message", ({ id, items }: ToWorker) => {
  let reply: FromWorker;
  try {
    reply = {
      type: "verdicts",
      id,
      verdicts: items.map(({ separator, order, signature }) => verifyOrder(separator, order, signature)),
    };
  } catch (error) {
    // Only a malformed item gets here (verifyOrder returns verdicts); fail the batch, keep the thread.
    reply = { type: "failed", id, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

port.postMessage({ type: "ready", implementation: secp256k1Implementation() } satisfies FromWorker);
