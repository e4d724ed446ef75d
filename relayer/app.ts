// The relayer's HTTP app: each router gets only the services it needs, wired once here. Nothing connects or reads
// configuration at import time: `createApp(services)` builds the express app from open services, and
// `startRelayer(config)` opens the services and listens.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express, { type Express } from "express";
import { errorHandler, healthRouter, infoRouter, marketsRouter, metricsRouter, notFound, ordersRouter, type ErrorLog } from "./http/index.js";
import { openServices, type Services, type ServicesConfig } from "./services/services.js";

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
  app.use(ordersRouter(services.orders));
  app.use(marketsRouter({ markets: services.markets, view: () => services.trading.view, lastSeq: () => services.trading.lastSeq }));
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
  /** http://host:port */
  url: string;
  /** Stops listening (open connections are closed), then closes the services. */
  close(): Promise<void>;
}

export async function startRelayer(config: RelayerConfig): Promise<RunningRelayer> {
  const services = await openServices(config);
  const app = createApp(services, config);
  const host = config.host ?? "127.0.0.1";
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
    });
  } catch (error) {
    await services.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    services,
    server,
    url: `http://${host}:${port}`,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await services.close();
    },
  };
}
