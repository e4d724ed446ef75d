// The private half of the socket.io gateway, on the same server as the public feed (gateway.ts). Every socket gets a
// Session; after `auth.login` it is in room account:<address> and receives that account's `order`, `fill`,
// `balance` and `settlement` messages (private-feed.ts). Client → server events, each answered through its ack
// (errors as `{ error: { code, message, field? } }`, docs/api.md):
//   auth.challenge · auth.login · orders.place · orders.placeBatch · orders.cancel · orders.cancelAll ·
//   session.options · heartbeat
// auth.challenge and auth.login, which anyone may send, pay the unauthenticated-event limits (event-limits.ts).
import type { Server, Socket } from "socket.io";
import type { Hex } from "viem";
import type { SessionService } from "../services/session-service.js";
import { realTimers, type Timers } from "./heartbeat-watchdog.js";
import type { SocketEventGate } from "./event-limits.js";
import { answer } from "./payload.js";
import type { PrivateFeed } from "./private-feed.js";
import { accountRoom } from "../wire/private-messages.js";
import { Session } from "./session.js";
import { defaultLogger, type Logger } from "../log/index.js";

export interface PrivateGatewayOptions {
  feed: PrivateFeed;
  sessions: SessionService;
  /** The heartbeat timers (the event loop's by default). */
  timers?: Timers;
  /** Rate limit of auth.challenge and auth.login (SocketEventLimits.gate); none without it. */
  gate?: SocketEventGate;
  /** Told what each ended session cancelled (cancel-on-disconnect), e.g. for logs. */
  onSessionCancelled?: (address: Hex, cancelled: Hex[]) => void;
  /** Server faults of the handlers, each line with the socket's id (connId); defaultLogger() if absent. */
  logger?: Logger;
}

export interface PrivateGateway {
  /** Sockets connected now (each has a session, logged in or not). */
  readonly connected: number;
  /** Resolves once every session that ended so far has finished its cancel-on-disconnect. */
  settled(): Promise<void>;
  /** Stops publishing; resolves once every ended session's cancel-on-disconnect has been acknowledged. */
  close(): Promise<void>;
}

export function attachPrivateGateway(io: Server, options: PrivateGatewayOptions): PrivateGateway {
  const { feed, sessions } = options;
  const timers = options.timers ?? realTimers;
  const logger = options.logger ?? defaultLogger();
  const ending = new Set<Promise<unknown>>();
  let connected = 0;
  const settled = async () => {
    while (ending.size > 0) await Promise.allSettled([...ending]);
  };
  const detach = feed.attach({
    order: (address, update) => io.to(accountRoom(address)).emit("order", update),
    fill: (address, notice) => io.to(accountRoom(address)).emit("fill", notice),
    balance: (address, update) => io.to(accountRoom(address)).emit("balance", update),
    settlement: (address, notice) => io.to(accountRoom(address)).emit("settlement", notice),
  });

  const onConnection = (socket: Socket) => {
    connected++;
    const logFault = (error: unknown) =>
      logger.error({ connId: socket.id, account: session.account ?? undefined, err: error }, "socket handler failed");
    const session = new Session({
      sessions,
      feed,
      timers,
      join: (address) => void socket.join(accountRoom(address)),
      onHeartbeatMissed: () => socket.disconnect(true),
      logFault,
    });
    /** `event` with a handler of its payload; an event emitted with only an ack callback has the payload {}. */
    const on = (event: string, run: (payload: unknown) => unknown) =>
      socket.on(event, (payload: unknown, ack?: unknown) =>
        typeof payload === "function"
          ? answer(payload, () => run({}), logFault)
          : answer(ack, () => run(payload), logFault),
      );
    on("auth.challenge", () => {
      options.gate?.(socket);
      return session.challenge();
    });
    on("auth.login", (payload) => {
      options.gate?.(socket);
      return session.login(payload);
    });
    on("orders.place", (payload) => session.place(payload));
    on("orders.placeBatch", (payload) => session.placeBatch(payload));
    on("orders.cancel", (payload) => session.cancel(payload));
    on("orders.cancelAll", (payload) => session.cancelAll(payload));
    on("session.options", (payload) => session.options(payload));
    // A heartbeat counts whether or not it asks for an ack.
    socket.on("heartbeat", (payload: unknown, ack?: unknown) => {
      session.heartbeat();
      answer(typeof payload === "function" ? payload : ack, () => ({ ok: true }));
    });
    socket.on("disconnect", () => {
      connected--;
      const account = session.account;
      const done = session.end().then(
        (cancelled) => {
          if (account !== null && cancelled.length > 0) options.onSessionCancelled?.(account, cancelled);
        },
        (error: unknown) => logger.error({ connId: socket.id, err: error }, "ending a session failed"),
      );
      ending.add(done);
      void done.finally(() => ending.delete(done));
    });
  };
  io.on("connection", onConnection);

  return {
    get connected() {
      return connected;
    },
    settled,
    async close() {
      detach();
      io.off("connection", onConnection);
      await settled();
    },
  };
}
