// A relayer whose clock a test can move (login challenges expire by it), and helpers for the private channel.
import type { Socket } from "socket.io-client";
import type { PrivateKeyAccount } from "viem/accounts";
import type { Hex } from "viem";
import type { WalletAnswerSource } from "../../../relayer/admission/order-verifier.js";
import { startRelayer, type RunningRelayer } from "../../../relayer/app.js";
import { PrivateSession } from "../../../relayer/client/private-session.js";
import type { PrivateEvents } from "../../../relayer/client/private-session.js";
import { CONFIG } from "../markets/markets-fixture.js";
import { CHAIN_ID, EXCHANGE, NOW, order, signed } from "../http/fixtures.js";
import { connect } from "./fixtures.js";

export interface Clock {
  now: number;
}

export function startWithClock(dataDir: string, clock: Clock, wallets?: WalletAnswerSource): Promise<RunningRelayer> {
  return startRelayer({
    port: 0,
    dataDir,
    chainId: CHAIN_ID,
    exchange: EXCHANGE,
    markets: CONFIG,
    clock: () => clock.now,
    wallets,
    log: () => {},
  });
}

export const startClock = (): Clock => ({ now: NOW });

/** Every message of `event` the session receives, in order. */
export function collect<E extends keyof PrivateEvents>(session: PrivateSession, event: E): PrivateEvents[E][] {
  const seen: PrivateEvents[E][] = [];
  session.on(event, (m) => seen.push(m));
  return seen;
}

/** Emits `event` and resolves with the raw ack (error acks included). */
export function ask(socket: Socket, event: string, payload: unknown): Promise<any> {
  return socket.timeout(10_000).emitWithAck(event, payload);
}

/** Opens a socket and logs `account` in. */
export async function loggedIn(url: string, account: PrivateKeyAccount, sockets: Socket[]): Promise<PrivateSession> {
  const socket = await connect(url);
  sockets.push(socket);
  return PrivateSession.login(socket, account);
}

let nonce = 50_000n;

/** A signed WETH-USDC order body of `lots` lots at `price` ticks, with a fresh nonce. */
export async function signedOrder(
  maker: PrivateKeyAccount,
  side: 0 | 1,
  lots: bigint,
  price: bigint,
  signer = maker,
): Promise<{ body: Record<string, unknown>; hash: Hex }> {
  return signed(signer, order(maker, side, lots, price, { nonce: nonce++ }));
}
