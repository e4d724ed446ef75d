// The relayer's REST API as typed methods (docs/api.md). Every method answers the API's JSON or throws a
// RelayerApiError with the API's code; nothing here signs (ExchangeSigner does) or holds state beyond the base URL.
// Uses the platform's fetch, so it runs in Node ≥ 18 and in browsers.
import type { Address, Hex } from "viem";
import type { WireSignedOrder } from "../wire/signed-order.js";
import type { InfoView } from "../wire/markets.js";
import type { BalanceEntry } from "../wire/balances.js";
import type { CancelledAll, CancelledOrder, FillItem, ListedOrder, OrderView, PlacedOrder } from "../wire/orders.js";
import type { BookSnapshot } from "../wire/feed-messages.js";
import { RelayerApiError, RelayerTransportError } from "./errors.js";
import type { WireCancel, WireCancelAll, WireWithdrawal } from "./signer.js";
import type { ApiErrorCode } from "../wire/error-codes.js";

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface Balances {
  address: Address;
  seq: number;
  balances: BalanceEntry[];
}

export type BatchResult =
  | ({ ok: true } & PlacedOrder)
  | { ok: false; error: { code: string; message: string; field?: string } };

export interface RestClientOptions {
  /** Per-request timeout in ms (default 10,000). */
  timeoutMs?: number;
  /** Extra headers on every request (e.g. an API gateway's key). */
  headers?: Record<string, string>;
}

export class RelayerRestClient {
  readonly url: string;

  constructor(
    url: string,
    private readonly options: RestClientOptions = {},
  ) {
    this.url = url.replace(/\/+$/, "");
  }

  info(): Promise<InfoView> {
    return this.request("GET", "/v1/info");
  }

  placeOrder(order: WireSignedOrder): Promise<PlacedOrder> {
    return this.request("POST", "/v1/orders", order);
  }

  /** Many orders in one request; each has its own result, in order (one refusal does not stop the others). */
  async placeOrders(orders: WireSignedOrder[]): Promise<BatchResult[]> {
    return (await this.request<{ results: BatchResult[] }>("POST", "/v1/orders/batch", { orders })).results;
  }

  getOrder(orderHash: Hex): Promise<OrderView> {
    return this.request("GET", `/v1/orders/${orderHash}`);
  }

  listOrders(
    query: { maker?: Address; market?: string; status?: string; cursor?: string; limit?: number } = {},
  ): Promise<Page<ListedOrder>> {
    return this.request("GET", `/v1/orders${queryString(query)}`);
  }

  cancelOrder(cancel: WireCancel): Promise<CancelledOrder> {
    return this.request("DELETE", `/v1/orders/${cancel.cancel.orderHash}`, cancel);
  }

  cancelAll(cancelAll: WireCancelAll): Promise<CancelledAll> {
    return this.request("POST", "/v1/orders/cancel-all", cancelAll);
  }

  fills(query: { maker: Address; cursor?: string; limit?: number }): Promise<Page<FillItem>> {
    return this.request("GET", `/v1/fills${queryString(query)}`);
  }

  book(market: string, depth?: number): Promise<BookSnapshot> {
    return this.request("GET", `/v1/markets/${encodeURIComponent(market)}/book${queryString({ depth })}`);
  }

  trades(market: string, query: { cursor?: string; limit?: number } = {}): Promise<Page<FillItem>> {
    return this.request("GET", `/v1/markets/${encodeURIComponent(market)}/trades${queryString(query)}`);
  }

  balances(address: Address): Promise<Balances> {
    return this.request("GET", `/v1/balances/${address}`);
  }

  withdraw(withdrawal: WireWithdrawal): Promise<{ withdrawalId: Hex; seq: number; status: string }> {
    return this.request("POST", "/v1/withdrawals", withdrawal);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url + path, {
        method,
        headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...this.options.headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new RelayerTransportError(`${method} ${path}: ${(error as Error).message}`, { cause: error });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new RelayerTransportError(`${method} ${path}: ${res.status} with a body that is not JSON`, {
        cause: error,
      });
    }
    if (!res.ok) {
      const error = json as { code?: unknown; message?: unknown; field?: string } | null;
      if (typeof error?.code !== "string")
        throw new RelayerTransportError(`${method} ${path}: ${res.status} without an API error body`);
      // The relayer answers only codes of the union; a newer relayer's new code still reaches the caller as is.
      throw new RelayerApiError(res.status, error.code as ApiErrorCode, String(error.message ?? ""), error.field);
    }
    return json as T;
  }
}

function queryString(query: Record<string, string | number | undefined>): string {
  const entries = Object.entries(query).filter((e): e is [string, string | number] => e[1] !== undefined);
  return entries.length === 0
    ? ""
    : `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}
