// Query-string and path fields shared by the endpoints: one reader for a single non-empty value, one for the page
// limit, one for an address and one for an order hash, so every endpoint refuses the same malformed input with the same
// INVALID_FIELD message.
import type { Request } from "express";
import type { Hex } from "viem";
import { ApiError } from "../errors/index.js";

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 100;

/** The field's value, undefined when absent; INVALID_FIELD when repeated or empty. */
export function queryParam(req: Request, field: string): string | undefined {
  const value = req.query[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "")
    throw new ApiError("INVALID_FIELD", `${field} must be given once, not empty`, { field });
  return value;
}

/** `limit`: an integer in 1..MAX_LIST_LIMIT, DEFAULT_LIST_LIMIT when absent. */
export function limitParam(req: Request): number {
  const raw = queryParam(req, "limit");
  if (raw === undefined) return DEFAULT_LIST_LIMIT;
  if (!/^[1-9][0-9]{0,2}$/.test(raw) || Number(raw) > MAX_LIST_LIMIT) {
    throw new ApiError("INVALID_FIELD", `limit must be an integer in 1..${MAX_LIST_LIMIT}`, { field: "limit" });
  }
  return Number(raw);
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** An address in any case, lowercased; INVALID_FIELD naming `field` when absent or not 0x + 40 hex digits. */
export function addressParam(value: string | undefined, field: string): string {
  if (value === undefined || !ADDRESS.test(value))
    throw new ApiError("INVALID_FIELD", `${field} must be a 0x-prefixed 20-byte hex address`, { field });
  return value.toLowerCase();
}

const ORDER_HASH = /^0x[0-9a-fA-F]{64}$/;

/**
 * An order hash in a path (`/v1/orders/:hash…`) in any case, lowercased; INVALID_FIELD (field `hash`) when it is not
 * 0x + 64 hex digits. Well-formed but unknown is the endpoint's own 404: malformed and unknown are different answers.
 */
export function orderHashParam(value: string): Hex {
  if (!ORDER_HASH.test(value))
    throw new ApiError("INVALID_FIELD", "hash must be an order hash: 0x and 64 hex digits", { field: "hash" });
  return value.toLowerCase() as Hex;
}
