// Socket payloads are checked like HTTP bodies: strictly, and a refusal names the field (INVALID_FIELD /
// UNKNOWN_FIELD, relayer/wire/error-codes.ts). `answer` runs a handler and sends its result, or its error, through the ack.
import type { z } from "zod";
import { ApiError, toApiError, toResponseBody } from "../errors/index.js";
import type { FeedError } from "../wire/feed-messages.js";
import { defaultLogger } from "../log/index.js";

export type Ack = (answer: unknown) => void;

/** Where a handler's server fault goes (the gateway's logs it with the socket's id). */
export type FaultLog = (error: unknown) => void;

const logToDefault: FaultLog = (error) => defaultLogger().error({ err: error }, "socket handler failed");

/** `payload` as `schema` says, or the ApiError naming the first field at fault. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const unknownKey = issue?.code === "unrecognized_keys";
  const field = unknownKey ? String(issue.keys[0]) : issue?.path.join(".") || undefined;
  throw new ApiError(unknownKey ? "UNKNOWN_FIELD" : "INVALID_FIELD", issue?.message ?? "invalid payload", { field });
}

export function errorAnswer(error: unknown, logFault: FaultLog = logToDefault): FeedError {
  const api = toApiError(error);
  if (api.status >= 500) logFault(error);
  return { error: toResponseBody(api) };
}

/** Sends `run()`'s value through `ack`, or `{ error }` if it throws. Without an ack callback the event is ignored. */
export function answer(ack: unknown, run: () => unknown | Promise<unknown>, logFault: FaultLog = logToDefault): void {
  if (typeof ack !== "function") return;
  const reply = ack as Ack;
  Promise.resolve()
    .then(run)
    .then(
      (value) => reply(value),
      (error: unknown) => reply(errorAnswer(error, logFault)),
    );
}
