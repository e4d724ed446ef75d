// The relayer's HTTP and socket.io shell over the graph openServices builds (relayer/open-services.ts, the one wiring
// root): each router gets only the services it needs. Nothing connects or reads configuration at import time:
// `createApp(services)` builds the express app from open services, and `startRelayer(config)` opens the services,
// listens, attaches the socket gateways and starts the services' background parts.
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import express, { type Express } from "express";
import {
  balancesRouter,
  cancelRouter,
  errorHandler,
  faultLog,
  healthRouter,
  infoRouter,
  marketsRouter,
  metricsRouter,
  notFound,
  ordersRouter,
  readsRouter,
  requestIdOf,
  type ErrorLog,
} from "./http/index.js";
import { defaultLogger, type Logger } from "./log/index.js";
import {
  DEFAULT_RATE_LIMITS,
  orderBatchRouter,
  orderPostRoute,
  RateLimits,
  withdrawalsRouter,
  type RateLimitConfig,
} from "./http/index.js";
import { settlementHealth } from "./http/health.js";
import { settlementsRouter } from "./http/settlements.js";
import { auctionsRouter } from "./http/auctions.js";
import { attachAuctionFeed } from "./ws/auction-feed.js";
import { openServices, type Services, type ServicesConfig } from "./open-services.js";
import { SocketEventLimits } from "./ws/event-limits.js";
import { attachGateway } from "./ws/gateway.js";
import { attachPrivateGateway, type PrivateGateway } from "./ws/private-gateway.js";
import type { BookFeed } from "./ws/book-feed.js";
import type { PrivateFeed } from "./ws/private-feed.js";

/** The largest request body the relayer reads; a signed order is well under 8 kB even with a 2 kB wallet signature. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface AppOptions {
  /** The runtime log (relayer/log/: pino JSON lines, redacted); defaultLogger() (stdout at LOG_LEVEL) if absent. */
  logger?: Logger;
  /** Where server faults of HTTP requests go; faultLog(logger) if absent. */
  log?: ErrorLog;
  /** Per-IP and per-address token buckets (relayer/http/rate-limit.ts) and the socket.io event limits (relayer/ws/event-limits.ts);
   *  DEFAULT_RATE_LIMITS if absent, `false` for none (benchmarks). */
  rateLimits?: RateLimitConfig | false;
  /** Settlement lagging more than this is `stalled` in /health and makes /ready 503. Default 300 s. */
  settlementLagLimitSeconds?: number;
}

/** The rate limits `options` ask for (undefined: none); startRelayer shares them between HTTP and the socket sessions. */
export const rateLimitsOf = (options: AppOptions): RateLimits | undefined =>
  options.rateLimits === false ? undefined : new RateLimits(options.rateLimits ?? DEFAULT_RATE_LIMITS);

export function createApp(services: Services, options: AppOptions = {}, limits = rateLimitsOf(options)): Express {
  const log = options.log ?? faultLog(options.logger ?? defaultLogger());
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  if (limits !== undefined) app.use("/v1", limits.perIp);
  // Before the app's body parser: a batch reads up to its own, larger limit.
  app.use(orderBatchRouter(services.orders, limits, log));
  app.use(express.json({ limit: BODY_LIMIT_BYTES }));
  const { chainHealth, settler: settlerOfHealth } = services;
  app.use(
    healthRouter({
      lastSeq: () => services.trading.lastSeq,
      crypto: services.crypto,
      chain: chainHealth && (() => chainHealth.state),
      settlement: settlerOfHealth && (() => settlementHealth(settlerOfHealth, options.settlementLagLimitSeconds)),
    }),
  );
  app.use(metricsRouter(services.metrics));
  app.use(infoRouter({ ...services, auctionSettlement: services.auctions.settler?.auctionSettlement }));
  // Before the orders router: /v1/orders/cancel-all must not be read as an order hash.
  app.use(cancelRouter(services.cancels, limits?.gate));
  app.use(ordersRouter(services.orders, limits?.gate));
  app.use(withdrawalsRouter(services.withdrawals, limits?.gate));
  app.use(auctionsRouter({ batches: services.auctions.batches, markets: services.markets }));
  const settler = services.settler;
  app.use(
    readsRouter({
      history: services.history,
      markets: services.markets,
      index: services.index,
      orders: services.orders,
      owners: () => services.trading.ledgerView.registry,
      settlementOf: settler === undefined ? undefined : (fillId) => settler.fillState(fillId),
    }),
  );
  app.use(
    balancesRouter({ ledger: () => services.trading.ledgerView.ledger, lastSeq: () => services.trading.lastSeq }),
  );
  app.use(
    marketsRouter({
      markets: services.markets,
      view: () => services.trading.view,
      lastSeq: () => services.trading.lastSeq,
    }),
  );
  if (settler !== undefined) app.use(settlementsRouter({ settler, markets: services.markets }));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}

export interface RelayerConfig extends ServicesConfig, AppOptions {
  port: number;
  host?: string;
  /** How long the socket.io feed gathers a market's book changes into one message (relayer/ws/delta-coalescer.ts). */
  coalesceMs?: number;
}

export interface RunningRelayer {
  services: Services;
  server: Server;
  /** The public market-data feed (socket.io on the same server, relayer/ws/). */
  feed: BookFeed;
  /** The private channel's publisher (relayer/ws/private-feed.ts); `privateFeed.publishSettlement` is the settlement pipeline's hook. */
  privateFeed: PrivateFeed;
  /** The private sessions (logins, market-maker operations, cancel-on-disconnect) on the same socket.io server. */
  sessions: PrivateGateway;
  /** http://host:port */
  url: string;
  /** Stops listening (socket.io clients and open connections are closed), then closes the services. */
  close(): Promise<void>;
}

export async function startRelayer(config: RelayerConfig): Promise<RunningRelayer> {
  const logger = config.logger ?? defaultLogger();
  const limits = rateLimitsOf(config);
  const services = await openServices({ ...config, logger, addressGate: limits?.gate });
  const app = createApp(services, { ...config, logger }, limits);
  // The hot path, POST /v1/orders, skips express in its plain case (relayer/http/order-post-route.ts).
  const orderPost = orderPostRoute(services.orders, BODY_LIMIT_BYTES, limits, config.log ?? faultLog(logger));
  const host = config.host ?? "127.0.0.1";
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      // Every answer carries its request's id: the one a log line about the request shows.
      const s = createServer((req, res) => {
        res.setHeader("X-Request-Id", requestIdOf(req));
        return orderPost(req, res) || app(req, res);
      });
      s.once("error", reject);
      s.listen(config.port, host, () => resolve(s));
    });
  } catch (error) {
    await services.close();
    throw error;
  }
  // socket.io events before login: one limit for both gateways (a socket's subscriptions and challenges share it).
  const gate =
    config.rateLimits === false ? undefined : new SocketEventLimits(config.rateLimits ?? DEFAULT_RATE_LIMITS).gate;
  const gateway = attachGateway(server, services.feed, { coalesceMs: config.coalesceMs, gate });
  const privateGateway = attachPrivateGateway(gateway.io, {
    feed: services.privateFeed,
    sessions: services.sessions,
    gate,
    logger,
  });
  const detachAuctionFeed = attachAuctionFeed(gateway.io, services.auctions.batches);
  services.start();
  const { port } = server.address() as AddressInfo;
  return {
    services,
    server,
    feed: services.feed,
    privateFeed: services.privateFeed,
    sessions: privateGateway,
    url: `http://${host}:${port}`,
    async close() {
      detachAuctionFeed();
      await gateway.close(); // closes the HTTP server too
      await privateGateway.close(); // cancel-on-disconnect of the sessions just closed, before the sequencer stops
      await services.close(); // the feeds first
    },
  };
}
