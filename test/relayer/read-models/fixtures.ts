// What the relayer's read models answer, over real HTTP, so a test can compare the live answers with those of a
// relayer restarted on the same data dir (the replay of the log): they must be one thing.
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import type { Address, Hex } from "viem";
import { createApp } from "../../../relayer/app.js";
import type { Services } from "../../../relayer/open-services.js";
import { PrivateFeed } from "../../../relayer/ws/private-feed.js";
import type { OrderUpdate } from "../../../relayer/wire/private-messages.js";

export interface Asked {
  makers: readonly Address[];
  hashes: readonly Hex[];
  /** Market ids (e.g. "WETH-USDC") whose trades to list. */
  markets: readonly string[];
}

/** Every read-model answer about `asked`, by path: GET /v1/orders?maker=, /v1/orders/:hash, /v1/fills?maker=, /v1/markets/:id/trades. */
export async function readModelAnswers(url: string, asked: Asked): Promise<Record<string, unknown>> {
  const paths = [
    ...asked.makers.flatMap((m) => [`/v1/orders?maker=${m}`, `/v1/fills?maker=${m}`]),
    ...asked.hashes.map((h) => `/v1/orders/${h}`),
    ...asked.markets.map((id) => `/v1/markets/${id}/trades`),
  ];
  const answers: Record<string, unknown> = {};
  for (const path of paths) {
    const res = await fetch(url + path);
    answers[path] = { status: res.status, body: await res.json() };
  }
  return answers;
}

/** The status of each of `hashes` in an answer of readModelAnswers (GET /v1/orders/:hash). */
export function statuses(answers: Record<string, unknown>, hashes: readonly Hex[]): string[] {
  return hashes.map(
    (h) => (answers[`/v1/orders/${h}`] as { body: { status?: string; code?: string } }).body.status ?? "absent",
  );
}

/** The product's HTTP app over open services, on an ephemeral port of 127.0.0.1. */
export async function serve(services: Services): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(createApp(services, { log: () => {}, rateLimits: false }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections(); // fetch keeps connections alive
      }),
  };
}

/**
 * The private channel's publisher as startRelayer wires it, over open services, watching `accounts`: `last` holds the
 * last `order` message of each order hash.
 */
export function privateOrders(
  services: Services,
  accounts: readonly Address[],
): { last: Map<Hex, OrderUpdate>; close(): void } {
  const feed = new PrivateFeed({
    markets: services.markets,
    index: services.index,
    ledger: () => services.trading.ledgerView,
    onApplied: (l) => services.readModels.onApplied(l),
  });
  const last = new Map<Hex, OrderUpdate>();
  feed.attach({ order: (_, update) => last.set(update.orderHash, update), fill() {}, balance() {}, settlement() {} });
  for (const account of accounts) feed.watch(account);
  return { last, close: () => feed.close() };
}

/** What GET /v1/orders/:hash says of each of `hashes`, as [hash, status, filled, remaining]. */
export function orderStates(answers: Record<string, unknown>, hashes: readonly Hex[]): [Hex, string, string, string][] {
  return hashes.map((h) => {
    const body = (answers[`/v1/orders/${h}`] as { body: { status: string; filled: string; remaining: string } }).body;
    return [h, body.status, body.filled, body.remaining];
  });
}

/** The same of the last `order` message of each of `hashes` (privateOrders). */
export function messageStates(last: Map<Hex, OrderUpdate>, hashes: readonly Hex[]): [Hex, string, string, string][] {
  return hashes.map((h) => {
    const m = last.get(h);
    return [h, m?.status ?? "no message", m?.filled ?? "", m?.remaining ?? ""];
  });
}
