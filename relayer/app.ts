// The relayer's HTTP app: each router gets only the services it needs, wired once here. Nothing connects or reads
// configuration at import time: `createApp(services)` builds the express app from open services, and
// `startRelayer(config)` opens the services and listens.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express, { type Express } from "express";
import { balancesRouter, cancelRouter, errorHandler, healthRouter, infoRouter, marketsRouter, metricsRouter, notFound, ordersRouter, readsRouter, type ErrorLog } from "./http/index.js";
import { settlementsRouter } from "./http/settlements.js";
import { openServices, type Services, type ServicesConfig } from "./services/services.js";
import { BookFeed } from "./ws/book-feed.js";
import { attachGateway } from "./ws/gateway.js";

/** The largest request body the relayer reads; a signed order is well under 8 kB even with a 2 kB wallet signature. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface AppOptions {
  log?: ErrorLog;
}

export function createApp(services: Services, options: AppOptions = {}): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(express.json({ limit: BODY_LIMIT_BYTES }));
  app.use(healthRouter({ lastSeq: () => services.trading.lastSeq, crypto: services.crypto }));
  app.use(metricsRouter(services.metrics));
  app.use(infoRouter(services));
  // Before the orders router: /v1/orders/cancel-all must not be read as an order hash.
  app.use(cancelRouter(services.cancels));
  app.use(ordersRouter(services.orders));
  app.use(readsRouter({ history: services.history, markets: services.markets, index: services.index, orders: services.orders, owners: () => services.trading.ledgerView.registry }));
  app.use(balancesRouter({ ledger: () => services.trading.ledgerView.ledger, lastSeq: () => services.trading.lastSeq }));
  app.use(marketsRouter({ markets: services.markets, view: () => services.trading.view, lastSeq: () => services.trading.lastSeq }));
  if (services.settler !== undefined) app.use(settlementsRouter({ settler: services.settler, markets: services.markets }));
  app.use(notFound);
  app.use(errorHandler(options.log));
  return app;
}

export interface RelayerConfig extends ServicesConfig, AppOptions {
  port: number;
  host?: string;
}

export interface RunningRelayer {
  services: Services;
  server: Server;
  /** The public market-data feed (socket.io on the same server, relayer/ws/). */
  feed: BookFeed;
  /** http://host:port */
  url: string;
  /** Stops listening (socket.io clients and open connections are closed), then closes the services. */
  close(): Promise<void>;
}

export async function startRelayer(config: RelayerConfig): Promise<RunningRelayer> {
  const services = await openServices(config);
  // Before anything is submitted: the feed's books start from the recovered engine.
  const feed = new BookFeed({ markets: services.markets, view: services.trading.view, index: services.index, onAck: (l) => services.trading.onAck(l) });
  const app = createApp(services, config);
  const host = config.host ?? "127.0.0.1";
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
    });
  } catch (error) {
    feed.close();
    await services.close();
    throw error;
  }
  const gateway = attachGateway(server, feed);
  services.depositWatcher?.start();
  services.settler?.start();
  const { port } = server.address() as AddressInfo;
  return {
    services,
    server,
    feed,
    url: `http://${host}:${port}`,
    async close() {
      await gateway.close(); // closes the HTTP server too
      feed.close();
      await services.close();
    },
  };
}
