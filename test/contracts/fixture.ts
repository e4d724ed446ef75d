// Shared set-up for contract tests: a fresh exchange with two tokens (WETH-like 18 decimals, USDC-like 6),
// funded traders, and helpers to sign orders and build batches with the shared protocol module.
import type { Account, Address, Hex } from "viem";
import type { NetworkConnection } from "hardhat/types/network";
import {
  buildBatch,
  exchangeDomain,
  EIP712_TYPES,
  hashOrder,
  hashWithdrawal,
  Side,
  type ExchangeDomain,
  type Fill,
  type Order,
  type SignedOrder,
  type Withdrawal,
} from "../../protocol/index.js";

export const CANCEL_DELAY = 60n;
export const EXIT_DELAY = 3600n;
export const ONE_WETH = 10n ** 18n;
export const ONE_USDC = 10n ** 6n;

// Any chain type: tests connect with network.create() or network.create({ chainType: "l1" }).
export type Connection = NetworkConnection<any>;

export async function deployExchange(connection: Connection) {
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const [admin, operator, feeRecipient, ...traders] = await viem.getWalletClients();
  const exchange = await viem.deployContract("Exchange", [
    admin.account.address,
    operator.account.address,
    feeRecipient.account.address,
    CANCEL_DELAY,
    EXIT_DELAY,
  ]);
  const weth = await viem.deployContract("TestToken", ["Wrapped Ether", "WETH", 18]);
  const usdc = await viem.deployContract("TestToken", ["USD Coin", "USDC", 6]);
  const domain = exchangeDomain(await publicClient.getChainId(), exchange.address);
  const asOperator = await viem.getContractAt("Exchange", exchange.address, { client: { wallet: operator } });

  /** Mints `amount` of `token` to `wallet`, approves and deposits it. */
  async function fund(wallet: (typeof traders)[number], token: typeof weth, amount: bigint) {
    await token.write.mint([wallet.account.address, amount]);
    await token.write.approve([exchange.address, amount], { account: wallet.account });
    await exchange.write.deposit([token.address, amount], { account: wallet.account });
  }

  /** An order in the WETH/USDC market, with sensible defaults. */
  function order(maker: Address, fields: Partial<Order> = {}): Order {
    return {
      maker,
      baseToken: weth.address,
      quoteToken: usdc.address,
      side: Side.BUY,
      baseAmount: ONE_WETH,
      quoteAmount: 3000n * ONE_USDC,
      triggerQuoteAmount: 0n,
      nonce: 1n,
      expiry: 0n,
      maxFeeBps: 30,
      timeInForce: 0,
      flags: 0,
      selfTradePrevention: 0,
      ...fields,
    };
  }

  async function sign(wallet: { account: Account; signTypedData: Function }, o: Order): Promise<SignedOrder> {
    const signature: Hex = await wallet.signTypedData({
      account: wallet.account,
      domain,
      types: EIP712_TYPES,
      primaryType: "Order",
      message: o,
    });
    return { order: o, signature };
  }

  /** A withdrawal of `amount` of `token` from `account` to itself, with nonce 1 and no expiry unless `fields` say otherwise. */
  function withdrawal(
    account: Address,
    token: { address: Address } | Address,
    amount: bigint,
    fields: Partial<Withdrawal> = {},
  ): Withdrawal {
    const tokenAddress = typeof token === "string" ? token : token.address;
    return { account, token: tokenAddress, amount, recipient: account, nonce: 1n, expiry: 0n, ...fields };
  }

  /** The signature of `wallet` on a withdrawal, for the operator to execute. */
  function signWithdrawal(wallet: { account: Account; signTypedData: Function }, w: Withdrawal): Promise<Hex> {
    return wallet.signTypedData({
      account: wallet.account,
      domain,
      types: EIP712_TYPES,
      primaryType: "Withdrawal",
      message: w,
    });
  }

  /** The internal balance of `account` in `token`. */
  function balanceOf(account: { account: { address: Address } } | Address, token: { address: Address } | Address) {
    const who = typeof account === "string" ? account : account.account.address;
    return exchange.read.balanceOf([who, typeof token === "string" ? token : token.address]);
  }

  let nextBatchId = 1n;
  /** Settles the fills between the signed orders as the operator; returns the transaction hash. */
  function settle(orders: SignedOrder[], fills: Fill[], id = nextBatchId++) {
    return asOperator.write.settle([buildBatch(id, orders, fills)]);
  }

  return {
    viem,
    publicClient,
    admin,
    operator,
    feeRecipient,
    traders,
    exchange,
    asOperator,
    weth,
    usdc,
    domain,
    fund,
    order,
    sign,
    withdrawal,
    signWithdrawal,
    balanceOf,
    settle,
    hash: (o: Order) => hashOrder(domain, o),
    withdrawalHash: (w: Withdrawal) => hashWithdrawal(domain, w),
  };
}

/** A full fill between two orders of the same size at the maker's price, with no fees. */
export function fullFill(maker: Order, overrides: Partial<Fill> = {}): Fill {
  return {
    makerIndex: 0,
    takerIndex: 1,
    baseAmount: maker.baseAmount,
    quoteAmount: maker.quoteAmount,
    makerFee: 0n,
    takerFee: 0n,
    ...overrides,
  };
}

export type ExchangeFixture = Awaited<ReturnType<typeof deployExchange>>;
export type { ExchangeDomain };
