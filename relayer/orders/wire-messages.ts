// The JSON wire forms of the signed account messages (protocol/messages.ts): an off-chain cancel of one
// order, a cancel of all orders in a market (or everywhere), and a withdrawal. Same treatment as orders: the
// object holds exactly the EIP-712 fields, bigints as decimal strings, addresses normalised, unknown fields refused.
//
//   { "cancel": { "maker": "0x…", "orderHash": "0x…" }, "signature": "0x…" }
//   { "cancelAll": { "maker": "0x…", "baseToken": "0x…", "quoteToken": "0x…", "issuedAt": "1700000000" }, "signature": "0x…" }
//   { "withdrawal": { "account": "0x…", "token": "0x…", "amount": "5000000", "recipient": "0x…", "nonce": "7", "expiry": "1700003600" },
//     "signature": "0x…" }
import { z } from "zod";
import type { Hex } from "viem";
import type { CancelAll, CancelOrder, Withdrawal } from "../../protocol/index.js";
import { address, bytes32, signature, uintString } from "./wire-fields.js";
import { parseWire } from "./parse.js";

const object = { error: "must be a JSON object" };

export const wireCancelOrder = z.strictObject({ maker: address, orderHash: bytes32 }, object);

/** Both tokens zero means every market (messages.ts); a listed market is the relayer's check, not the schema's. */
export const wireCancelAll = z.strictObject(
  { maker: address, baseToken: address, quoteToken: address, issuedAt: uintString(64) },
  object,
);

export const wireWithdrawal = z.strictObject(
  {
    account: address,
    token: address,
    amount: uintString(256, 1n),
    recipient: address,
    nonce: uintString(64),
    expiry: uintString(40),
  },
  object,
);

export const wireSignedCancelOrder = z.strictObject({ cancel: wireCancelOrder, signature }, object);
export const wireSignedCancelAll = z.strictObject({ cancelAll: wireCancelAll, signature }, object);
export const wireSignedWithdrawal = z.strictObject({ withdrawal: wireWithdrawal, signature }, object);

export interface Signed<T> {
  message: T;
  signature: Hex;
}

export function parseSignedCancelOrder(json: unknown): Signed<CancelOrder> {
  const { cancel, signature } = parseWire(wireSignedCancelOrder, json);
  return { message: cancel, signature };
}

export function parseSignedCancelAll(json: unknown): Signed<CancelAll> {
  const { cancelAll, signature } = parseWire(wireSignedCancelAll, json);
  return { message: cancelAll, signature };
}

export function parseSignedWithdrawal(json: unknown): Signed<Withdrawal> {
  const { withdrawal, signature } = parseWire(wireSignedWithdrawal, json);
  return { message: withdrawal, signature };
}
