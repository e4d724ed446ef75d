// What a logged-in socket.io session (relayer/ws/) may do, as a service: verify a login, then place, cancel and
// cancel-all as the logged-in account.
//   login:      an EIP-712 Login { address, nonce, expiresAt } in the exchange's domain (protocol/messages.ts),
//               by the address's key, or for a contract account by its EIP-1271 answer when a wallet checker is
//               configured: the contract's rules, as for orders (401 with the rule's code otherwise).
//   place:      the order's maker must be the session's address (403 MAKER_NOT_SESSION_ACCOUNT), then exactly
//               POST /v1/orders's admission (OrderService.place): the order's own signature is still checked, and
//               the maker pays the same per-address rate limit (`gate`, the HTTP shell's bucket: one budget for both).
//   cancel(s):  no per-message signature. The login proved the address for this connection, and a cancel can only
//               reduce the account's risk, so a session cancel is as safe as a signed one; it reaches only the
//               address's own open orders (404 ORDER_NOT_FOUND otherwise), through the same engine commands.
import { randomBytes } from "node:crypto";
import type { Address, Hex } from "viem";
import {
  EIP712_DOMAIN_TYPES,
  exchangeDomain,
  hashLogin,
  LOGIN_TYPES,
  type ExchangeDomain,
} from "../../protocol/index.js";
import { hexBytes, isZeroAddress, verifyEcdsa } from "../admission/ecdsa.js";
import { WalletCheckUnavailableError } from "../admission/errors.js";
import { resolveWalletVerdict, type WalletAnswerSource } from "../admission/order-verifier.js";
import { SignatureRejection, type EcdsaRejection } from "../admission/rejections.js";
import { ApiError, signatureRejection } from "../errors/index.js";
import type { MarketRegistry } from "../markets/index.js";
import type { CancelledAll, CancelledOrder, CancelService } from "./cancel-service.js";
import type { OrderIndex } from "../read-models/order-index.js";
import type { OrderService, PlacedOrder } from "./order-service.js";
import type { AddressGate } from "./address-gate.js";
import { defaultLogger, type Logger } from "../log/index.js";

/** How long a login challenge may be used, seconds. */
export const CHALLENGE_TTL_SECONDS = 60;

export interface SessionServiceOptions {
  chainId: number;
  exchange: Address;
  markets: MarketRegistry;
  orders: Pick<OrderService, "place">;
  cancels: Pick<CancelService, "cancelOf" | "cancelAllOf">;
  index: Pick<OrderIndex, "get">;
  /** Unix seconds. */
  clock: () => number;
  /** The sequencer's last applied seq (Trading.lastSeq). */
  lastSeq: () => number;
  wallets?: WalletAnswerSource;
  /** The per-address rate limit HTTP admission applies (RateLimits.gate); none without it. */
  gate?: AddressGate;
  /** 32 random bytes, hex (crypto.randomBytes by default). */
  nonce?: () => Hex;
  /** Where a failed cancel-on-disconnect is logged; defaultLogger() if absent. */
  logger?: Logger;
}

/** A challenge the relayer handed out: sign a Login with this nonce before `expiresAt`. */
export interface Challenge {
  nonce: Hex;
  /** Unix seconds. */
  expiresAt: number;
}

const OPEN = new Set(["open", "partially-filled"]);

export class SessionService {
  readonly domain: ExchangeDomain;

  constructor(private readonly options: SessionServiceOptions) {
    this.domain = exchangeDomain(options.chainId, options.exchange);
  }

  /** A fresh challenge: a random nonce, valid for CHALLENGE_TTL_SECONDS. */
  challenge(): Challenge {
    const nonce = this.options.nonce?.() ?? (`0x${randomBytes(32).toString("hex")}` as Hex);
    return { nonce, expiresAt: this.options.clock() + CHALLENGE_TTL_SECONDS };
  }

  /**
   * The typed data a client signs for `challenge` (with `address` set to its own). `types` lists EIP712Domain:
   * eth_signTypedData_v4 would otherwise hash an empty domain type, a digest the login is not verified against.
   */
  loginTypedData(challenge: Challenge) {
    const types = { ...EIP712_DOMAIN_TYPES, ...LOGIN_TYPES };
    return {
      domain: this.domain,
      types,
      primaryType: "Login" as const,
      message: { nonce: challenge.nonce, expiresAt: challenge.expiresAt },
    };
  }

  lastSeq(): number {
    return this.options.lastSeq();
  }

  /** Whether `challenge` can still be used (the caller has checked it was issued to this session and not used). */
  expired(challenge: Challenge): boolean {
    return this.options.clock() > challenge.expiresAt;
  }

  /** Checks that `signature` is `address`'s Login for `challenge`; throws the 401 of the rule it breaks. */
  async verifyLogin(address: Address, challenge: Challenge, signature: Hex): Promise<void> {
    const hash = hashLogin(this.domain, { address, nonce: challenge.nonce, expiresAt: BigInt(challenge.expiresAt) });
    let code: SignatureRejection | undefined;
    if (isZeroAddress(address)) code = SignatureRejection.MAKER_ZERO_ADDRESS;
    else {
      const bytes = hexBytes(signature);
      const ecdsa: EcdsaRejection | undefined =
        bytes === undefined
          ? SignatureRejection.SIGNATURE_MALFORMED
          : verifyEcdsa(address, Buffer.from(hash.slice(2), "hex"), bytes);
      code = ecdsa;
      const wallets = this.options.wallets;
      if (ecdsa !== undefined && bytes !== undefined && wallets !== undefined) {
        try {
          const verdict = await resolveWalletVerdict(
            { wallet: true, code: ecdsa, hash },
            { maker: address },
            signature,
            wallets,
          );
          code = verdict.ok ? undefined : verdict.code;
        } catch (error) {
          if (error instanceof WalletCheckUnavailableError)
            throw new ApiError("SERVICE_UNAVAILABLE", "The account's wallet could not be asked.", { cause: error });
          throw error;
        }
      }
    }
    if (code !== undefined) {
      throw signatureRejection(code, { what: "prove this address", signerField: "address" });
    }
  }

  /** POST /v1/orders's admission for an order whose maker must be `account`. */
  place(account: Address, body: unknown): Promise<PlacedOrder> {
    const maker = (body as { order?: { maker?: unknown } } | null)?.order?.maker;
    if (typeof maker === "string" && maker.toLowerCase() !== account.toLowerCase()) {
      return Promise.reject(
        new ApiError("MAKER_NOT_SESSION_ACCOUNT", "The order's maker is not the session's address.", {
          field: "order.maker",
        }),
      );
    }
    return this.options.orders.place(body, this.options.gate);
  }

  cancel(account: Address, orderHash: Hex): Promise<CancelledOrder> {
    return this.options.cancels.cancelOf(account, orderHash.toLowerCase() as Hex);
  }

  /** Every open order of `account`, in the market named `marketId` (e.g. "WETH-USDC") or in all. */
  cancelAll(account: Address, marketId?: string): Promise<CancelledAll> {
    if (marketId === undefined) return this.options.cancels.cancelAllOf(account);
    const market = this.options.markets.byId(marketId);
    if (market === undefined)
      return Promise.reject(new ApiError("UNKNOWN_MARKET", "No such market.", { field: "market" }));
    return this.options.cancels.cancelAllOf(account, market.engine.id);
  }

  /** Whether `hash` is still on the book (open or partially filled). */
  isOpen(hash: Hex): boolean {
    const status = this.options.index.get(hash)?.status;
    return status !== undefined && OPEN.has(status);
  }

  /**
   * Cancel-on-disconnect: cancels those of `hashes` (orders of `account`) that are still open, concurrently (one
   * group commit). Returns the hashes cancelled; an order that left the book meanwhile is skipped.
   */
  async cancelOpen(account: Address, hashes: Iterable<Hex>): Promise<Hex[]> {
    const open = [...hashes].filter((h) => this.isOpen(h));
    const results = await Promise.allSettled(open.map((h) => this.options.cancels.cancelOf(account, h)));
    const cancelled: Hex[] = [];
    results.forEach((r, i) => {
      if (r.status === "fulfilled") cancelled.push(open[i]!);
      else if (!(r.reason instanceof ApiError && r.reason.code === "ORDER_NOT_FOUND"))
        (this.options.logger ?? defaultLogger()).error(
          { account, orderHash: open[i], err: r.reason },
          "cancel-on-disconnect failed",
        );
    });
    return cancelled;
  }
}
