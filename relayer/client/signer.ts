// Signs the exchange's EIP-712 messages with any viem account and returns them in the relayer's wire form. The domain
// comes from GET /v1/info (never hard-coded), so the same signer works on any chain the relayer serves. A contract
// wallet (EIP-1271) signs through whatever account its owner uses; the relayer and the contract ask the wallet.
import type { Address, Hex, TypedDataDefinition, WalletClient } from "viem";
import {
  EIP712_TYPES,
  hashOrder,
  orderTypedData,
  withdrawalTypedData,
  type CancelAll,
  type CancelOrder,
  type ExchangeDomain,
  type Order,
  type Withdrawal,
} from "../../protocol/index.js";
import { toWireSignedOrder, type WireSignedOrder } from "../wire/signed-order.js";

/**
 * What signing needs from an account: viem's LocalAccount (privateKeyToAccount, mnemonicToAccount) fits as is.
 * Messages are passed as object literals (`{ ...message }`): an interface has no index signature, viem's type wants one.
 */
export interface TypedDataSigner {
  readonly address: Address;
  signTypedData(parameters: TypedDataDefinition): Promise<Hex>;
}

/** Adapts a viem WalletClient (e.g. a browser wallet or a JSON-RPC account) to a TypedDataSigner. */
export function walletClientSigner(client: WalletClient, address?: Address): TypedDataSigner {
  const account = address ?? client.account?.address;
  if (account === undefined) throw new Error("walletClientSigner: the wallet client has no account; pass its address");
  return { address: account, signTypedData: (parameters) => client.signTypedData({ ...parameters, account }) };
}

export interface WireCancel {
  cancel: { maker: Address; orderHash: Hex };
  signature: Hex;
}

export interface WireCancelAll {
  cancelAll: { maker: Address; baseToken: Address; quoteToken: Address; issuedAt: string };
  signature: Hex;
}

export interface WireWithdrawal {
  withdrawal: { account: Address; token: Address; amount: string; recipient: Address; nonce: string; expiry: string };
  signature: Hex;
}

const ZERO: Address = "0x0000000000000000000000000000000000000000";

export class ExchangeSigner {
  private lastIssuedAt = 0n;

  constructor(
    readonly account: TypedDataSigner,
    readonly domain: ExchangeDomain,
    /** `maker`/`account` in signed messages: the signer's address, or a contract wallet it signs for. */
    readonly maker: Address = account.address,
  ) {}

  /** The order's EIP-712 hash (its id everywhere: the relayer's API, the contract's cancels and events). */
  hash(order: Order): Hex {
    return hashOrder(this.domain, order);
  }

  async signOrder(order: Order): Promise<WireSignedOrder> {
    const signature = await this.account.signTypedData(orderTypedData(this.domain, order));
    return toWireSignedOrder({ order, signature });
  }

  async signCancel(orderHash: Hex): Promise<WireCancel> {
    const message: CancelOrder = { maker: this.maker, orderHash };
    const signature = await this.account.signTypedData({
      domain: this.domain,
      types: EIP712_TYPES,
      primaryType: "CancelOrder",
      message: { ...message },
    });
    return { cancel: message, signature };
  }

  /**
   * A cancel-all of one market (its tokens) or of every market (no argument). `issuedAt` (unix seconds) must grow
   * from one cancel-all to the next: the relayer refuses a replay; by default the clock, bumped past the last one.
   */
  async signCancelAll(
    market?: { base: { address: Address }; quote: { address: Address } },
    issuedAt?: bigint,
  ): Promise<WireCancelAll> {
    const now = issuedAt ?? BigInt(Math.floor(Date.now() / 1000));
    const at = issuedAt ?? (now > this.lastIssuedAt ? now : this.lastIssuedAt + 1n);
    this.lastIssuedAt = at;
    const message: CancelAll = {
      maker: this.maker,
      baseToken: market?.base.address ?? ZERO,
      quoteToken: market?.quote.address ?? ZERO,
      issuedAt: at,
    };
    const signature = await this.account.signTypedData({
      domain: this.domain,
      types: EIP712_TYPES,
      primaryType: "CancelAll",
      message: { ...message },
    });
    return { cancelAll: { ...message, issuedAt: at.toString() }, signature };
  }

  async signWithdrawal(withdrawal: Omit<Withdrawal, "account"> & { account?: Address }): Promise<WireWithdrawal> {
    const message: Withdrawal = { ...withdrawal, account: withdrawal.account ?? this.maker };
    const signature = await this.account.signTypedData(withdrawalTypedData(this.domain, message));
    return {
      withdrawal: {
        account: message.account,
        token: message.token,
        amount: message.amount.toString(),
        recipient: message.recipient,
        nonce: message.nonce.toString(),
        expiry: message.expiry.toString(),
      },
      signature,
    };
  }
}
