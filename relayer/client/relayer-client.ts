// The SDK's front door: one object that knows the relayer's URL, its /v1/info (chain, domain, markets) and, when
// given an account, signs for it. REST calls go through RelayerRestClient, live data and market-making through one
// socket.io connection (opened on first use): BookSubscription for the public book, PrivateSession after the
// signed login. Everything it returns is the API's typed JSON; errors are RelayerApiError / PrivateSessionError.
import type { Address, Hex } from "viem";
import { io, type Socket } from "socket.io-client";
import type { Order } from "../../protocol/index.js";
import type { InfoView, MarketInfo } from "../wire/markets.js";
import { BookSubscription, type BookSubscriptionOptions } from "./book-subscription.js";
import { limitOrder, type LimitOrderParams } from "./order-builder.js";
import { PrivateSession, type PrivateSessionOptions } from "./private-session.js";
import { RelayerRestClient, type RestClientOptions } from "./rest-client.js";
import { ExchangeSigner, type TypedDataSigner } from "./signer.js";

export class UnknownMarketError extends Error {
  override readonly name = "UnknownMarketError";
  constructor(readonly market: string) {
    super(`the relayer lists no market ${market}`);
  }
}

export class NoSignerError extends Error {
  override readonly name = "NoSignerError";
  constructor() {
    super("this RelayerClient was created without an account: pass one to RelayerClient.connect to sign");
  }
}

export interface ConnectOptions extends RestClientOptions {
  /** A contract wallet (EIP-1271) the account signs for; default: the account itself. */
  maker?: Address;
}

export class RelayerClient {
  private socketPromise: Promise<Socket> | undefined;

  private constructor(
    readonly rest: RelayerRestClient,
    readonly info: InfoView,
    private readonly signerOrUndefined: ExchangeSigner | undefined,
  ) {}

  /** Reads /v1/info once; with an account, the returned client signs orders, cancels and withdrawals for it. */
  static async connect(url: string, account?: TypedDataSigner, options: ConnectOptions = {}): Promise<RelayerClient> {
    const rest = new RelayerRestClient(url, options);
    const info = await rest.info();
    const signer =
      account === undefined
        ? undefined
        : new ExchangeSigner(account, info.eip712.domain, options.maker ?? account.address);
    return new RelayerClient(rest, info, signer);
  }

  get signer(): ExchangeSigner {
    if (this.signerOrUndefined === undefined) throw new NoSignerError();
    return this.signerOrUndefined;
  }

  market(id: string): MarketInfo {
    const market = this.info.markets.find((m) => m.id === id);
    if (market === undefined) throw new UnknownMarketError(id);
    return market;
  }

  /** A limit order of the signer's maker in `market`, in lots and ticks (not signed yet). */
  order(market: string, params: Omit<LimitOrderParams, "maker">): Order {
    return limitOrder(this.market(market), { ...params, maker: this.signer.maker });
  }

  /** Builds, signs and posts one order over REST. */
  async place(market: string, params: Omit<LimitOrderParams, "maker">) {
    return this.rest.placeOrder(await this.signer.signOrder(this.order(market, params)));
  }

  async cancel(orderHash: Hex) {
    return this.rest.cancelOrder(await this.signer.signCancel(orderHash));
  }

  /** Cancels the maker's orders in one market, or everywhere. */
  async cancelAll(market?: string) {
    return this.rest.cancelAll(await this.signer.signCancelAll(market === undefined ? undefined : this.market(market)));
  }

  async withdraw(
    token: Address,
    amount: bigint,
    options: { recipient?: Address; nonce?: bigint; expiry?: bigint } = {},
  ) {
    const withdrawal = await this.signer.signWithdrawal({
      token,
      amount,
      recipient: options.recipient ?? this.signer.maker,
      nonce: options.nonce ?? BigInt(Date.now()),
      expiry: options.expiry ?? 0n,
    });
    return this.rest.withdraw(withdrawal);
  }

  /** The shared socket.io connection (websocket transport, reconnecting). */
  socket(): Promise<Socket> {
    this.socketPromise ??= new Promise<Socket>((resolve, reject) => {
      const socket = io(this.rest.url, { transports: ["websocket"] });
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", (error) => {
        socket.close();
        this.socketPromise = undefined;
        reject(error);
      });
    });
    return this.socketPromise;
  }

  /** A local copy of a market's book, kept exact from the feed (resyncs on a gap). */
  async subscribeBook(market: string, options?: BookSubscriptionOptions): Promise<BookSubscription> {
    return BookSubscription.open(await this.socket(), this.market(market).id, options);
  }

  /** Logs in on the socket by signing the relayer's challenge: orders, fills, balances and settlements of the account. */
  async login(options?: PrivateSessionOptions): Promise<PrivateSession> {
    return PrivateSession.login(await this.socket(), this.signer.account, options);
  }

  close(): void {
    void this.socketPromise?.then((socket) => socket.close()).catch(() => {});
    this.socketPromise = undefined;
  }
}
