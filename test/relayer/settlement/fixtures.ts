// A relayer with a settler on a real in-process Hardhat chain: the exchange of test/contracts/fixture.ts, a WETH-USDC
// market over its tokens, traders funded on-chain (depositTo) and credited in the ledger with the same amounts
// (deposit-credited records, as the chain watcher submits them), real signed orders through the order service.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import type { Address, Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { exchangeDomain, orderTypedData, type Order } from "../../../protocol/index.js";
import { toWireSignedOrder } from "../../../relayer/orders/index.js";
import { openServices, type Services } from "../../../relayer/open-services.js";
import type { SettlementAlert, SettlementStateEvent, SettlerOptions } from "../../../relayer/settlement/index.js";
import { deployExchange } from "../../contracts/fixture.js";

/** Hardhat's well-known account #1: the exchange fixture's operator. */
export const OPERATOR_KEY: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
export { LOT, TICK, trader, marketsConfig } from "./market.js";
import { LOT, TICK, marketsConfig } from "./market.js";

export type Chain = Awaited<ReturnType<typeof deployChain>>;

export async function deployChain() {
  const connection = await network.create();
  const f = await deployExchange(connection);
  const chainId = await f.publicClient.getChainId();
  const operator = privateKeyToAccount(OPERATOR_KEY);
  if (operator.address.toLowerCase() !== f.operator.account.address.toLowerCase())
    throw new Error("the fixture's operator is not Hardhat account #1");
  const rpc = <T>(method: string, params: unknown[] = []) =>
    connection.provider.request({ method, params }) as Promise<T>;
  return {
    ...f,
    connection,
    chainId,
    operatorAccount: operator,
    rpc,
    domain: exchangeDomain(chainId, f.exchange.address),
  };
}

export interface World {
  chain: Chain;
  services: Services;
  dataDir: string;
  alerts: SettlementAlert[];
  states: SettlementStateEvent[];
  /** Reopens the services (and settler) on the same data dir, as a restart does. */
  restart(overrides?: Partial<SettlementOptions>): Promise<void>;
  close(): Promise<void>;
}

export type SettlementOptions = NonNullable<Parameters<typeof openServices>[0]["settlement"]>;

export async function openWorld(
  chain: Chain,
  settlement: Partial<SettlementOptions> = {},
  dataDir?: string,
): Promise<World> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), "settlement-test-")));
  const alerts: SettlementAlert[] = [];
  const states: SettlementStateEvent[] = [];
  const open = (overrides: Partial<SettlementOptions>) =>
    openServices({
      dataDir: dir,
      chainId: chain.chainId,
      exchange: chain.exchange.address,
      markets: marketsConfig(chain.weth.address, chain.usdc.address),
      feeRecipient: chain.feeRecipient.account.address,
      settlement: {
        client: chain.publicClient as unknown as SettlerOptions["client"],
        account: chain.operatorAccount,
        confirmations: 1,
        onAlert: (a) => alerts.push(a),
        onSettlementState: (s) => states.push(s),
        ...settlement,
        ...overrides,
      },
    });
  const world: World = {
    chain,
    services: await open({}),
    dataDir: dir,
    alerts,
    states,
    async restart(overrides = {}) {
      await world.services.close();
      world.services = await open(overrides);
    },
    async close() {
      await world.services.close();
      if (dataDir === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Deposits `weth` and `usdc` for each account on-chain (depositTo from the admin) and credits the same in the ledger. */
export async function fund(world: World, accounts: readonly Address[], weth: bigint, usdc: bigint): Promise<void> {
  const { chain } = world;
  for (const [token, amount] of [
    [chain.weth, weth],
    [chain.usdc, usdc],
  ] as const) {
    await token.write.mint([chain.admin.account.address, amount * BigInt(accounts.length)]);
    await token.write.approve([chain.exchange.address, amount * BigInt(accounts.length)]);
    for (const account of accounts) {
      const hash = await chain.exchange.write.depositTo([token.address, amount, account]);
      const ack = await world.services.trading.submitLedger({
        type: "deposit-credited",
        depositId: `${hash}:0`,
        account,
        token: token.address,
        amount,
      });
      if (ack.rejection) throw new Error(`deposit refused: ${JSON.stringify(ack.rejection)}`);
    }
  }
}

let nonce = 0n;
/** A WETH-USDC order: `lots` lots at `price` ticks (USDC per WETH). */
export function order(
  chain: Chain,
  maker: Address,
  side: 0 | 1,
  lots: bigint,
  price: bigint,
  extra: Partial<Order> = {},
): Order {
  return {
    maker: maker.toLowerCase() as Address,
    baseToken: chain.weth.address.toLowerCase() as Address,
    quoteToken: chain.usdc.address.toLowerCase() as Address,
    side,
    baseAmount: lots * LOT,
    quoteAmount: lots * price * TICK,
    triggerQuoteAmount: 0n,
    nonce: ++nonce,
    expiry: 0n,
    maxFeeBps: 30,
    timeInForce: 0,
    flags: 0,
    selfTradePrevention: 0,
    ...extra,
  };
}

/** Signs and places an order through the order service; returns its fills' count. */
export async function place(world: World, signer: PrivateKeyAccount, o: Order): Promise<number> {
  const signature = await signer.signTypedData(orderTypedData(world.chain.domain, o));
  const placed = await world.services.orders.place(toWireSignedOrder({ order: o, signature }));
  return placed.fills.length;
}

/** Steps the settler (closing every queue) and mines a block between steps until it is idle. */
export async function settleAll(world: World, maxSteps = 50): Promise<void> {
  const settler = world.services.settler!;
  for (let i = 0; i < maxSteps; i++) {
    await settler.step({ flush: true });
    if (settler.idle) return;
    await world.chain.rpc("evm_mine");
  }
  throw new Error(
    `the settler is not idle after ${maxSteps} steps: ${JSON.stringify(settler.list().map((b) => [b.id, b.state]))}`,
  );
}

/** Every (account, token) whose on-chain internal balance differs from the ledger's deposited amount. */
export async function differences(world: World, accounts: readonly Address[]): Promise<string[]> {
  const out: string[] = [];
  const ledger = world.services.trading.ledgerView.ledger;
  for (const account of accounts) {
    for (const token of [world.chain.weth.address, world.chain.usdc.address]) {
      const onChain = await world.chain.exchange.read.balanceOf([account, token]);
      const known = ledger.balance(account, token).deposited;
      if (onChain !== known) out.push(`${account} ${token}: chain ${onChain}, ledger ${known}`);
    }
  }
  return out;
}
