// The socket.io gateway: public rooms per market, fed by the BookFeed. Attached to the relayer's HTTP server by
// startRelayer (nothing at import). Client → server: `subscribe` / `unsubscribe` with `{ channel, market }` and an
// ack; errors come back through the ack as `{ error: { code, message, field? } }` (relayer/wire/error-codes.ts). Both
// events pay the unauthenticated-event limits (event-limits.ts).
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import { ApiError, toApiError, toResponseBody } from "../errors/index.js";
import type { BookFeed } from "./book-feed.js";
import { Coalescer, mergeBookDeltas, mergeTrades } from "./delta-coalescer.js";
import type { SocketEventGate } from "./event-limits.js";
import { bookRoom, tradesRoom, type FeedError } from "../wire/feed-messages.js";

const request = z.object({ channel: z.enum(["book", "trades"]), market: z.string().min(1).max(64) }).strict();

type Ack = (answer: unknown) => void;

export interface Gateway {
  io: Server;
  /** Disconnects every client, stops the feed's sink and closes the HTTP server. */
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Book deltas and trades of a market are gathered this long and sent as one message (0: each at once). Default 20. */
  coalesceMs?: number;
  /** Rate limit of subscribe and unsubscribe (SocketEventLimits.gate); none without it. */
  gate?: SocketEventGate;
}

export const DEFAULT_COALESCE_MS = 20;

export function attachGateway(server: HttpServer, feed: BookFeed, options: GatewayOptions = {}): Gateway {
  const io = new Server(server, { serveClient: false, cors: { origin: "*" } });
  const windowMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
  // `time` (unix ms) is when the message left: clients see their feed's delay, and bench:relayer measures delivery.
  const books = new Coalescer(windowMs, mergeBookDeltas, (delta) =>
    io.to(bookRoom(delta.market)).emit("book", { ...delta, time: Date.now() }),
  );
  const trades = new Coalescer(windowMs, mergeTrades, (message) =>
    io.to(tradesRoom(message.market)).emit("trades", { ...message, time: Date.now() }),
  );
  const detach = feed.attach({ book: (delta) => books.push(delta), trades: (message) => trades.push(message) });

  /** The RATE_LIMITED answer when the socket's or its IP's bucket is empty, else null (a token was taken). */
  const limited = (socket: Socket): FeedError | null => {
    try {
      options.gate?.(socket);
      return null;
    } catch (error) {
      return feedError(toApiError(error));
    }
  };

  io.on("connection", (socket: Socket) => {
    socket.on("subscribe", (payload: unknown, ack?: unknown) => {
      if (typeof ack !== "function") return;
      const refused = limited(socket);
      if (refused !== null) return (ack as Ack)(refused);
      const parsed = parse(payload);
      if ("error" in parsed) return (ack as Ack)(parsed);
      const { channel, market } = parsed;
      if (channel === "book") {
        // Snapshot and join in one tick: the next delta this socket gets is snapshot.seq + 1.
        const snapshot = feed.snapshot(market);
        if (snapshot === undefined) return (ack as Ack)(unknownMarket());
        void socket.join(bookRoom(market));
        return (ack as Ack)(snapshot);
      }
      const seq = feed.tradesSeq(market);
      if (seq === undefined) return (ack as Ack)(unknownMarket());
      void socket.join(tradesRoom(market));
      (ack as Ack)({ market, seq });
    });
    socket.on("unsubscribe", (payload: unknown, ack?: unknown) => {
      const refused = limited(socket);
      if (refused !== null) return typeof ack === "function" ? (ack as Ack)(refused) : undefined;
      const parsed = parse(payload);
      if (!("error" in parsed))
        void socket.leave(parsed.channel === "book" ? bookRoom(parsed.market) : tradesRoom(parsed.market));
      if (typeof ack === "function") (ack as Ack)("error" in parsed ? parsed : { ok: true });
    });
  });

  return {
    io,
    close: () =>
      new Promise<void>((resolve, reject) => {
        detach();
        books.close();
        trades.close();
        io.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function parse(payload: unknown): z.infer<typeof request> | FeedError {
  const parsed = request.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const unknownKey = issue?.code === "unrecognized_keys";
  const field = unknownKey ? String(issue.keys[0]) : issue?.path.join(".") || undefined;
  return feedError(
    new ApiError(unknownKey ? "UNKNOWN_FIELD" : "INVALID_FIELD", issue?.message ?? "invalid payload", { field }),
  );
}

function unknownMarket(): FeedError {
  return feedError(new ApiError("UNKNOWN_MARKET", "No such market.", { field: "market" }));
}

function feedError(error: ApiError): FeedError {
  return { error: toResponseBody(error) };
}
