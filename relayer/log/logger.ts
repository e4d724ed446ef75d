// The relayer's runtime log: pino, one JSON object per line on stdout, e.g.
//
//   {"level":"error","time":"2026-12-03T16:40:00.000Z","reqId":"r17","method":"GET","path":"/v1/…","code":"INTERNAL_ERROR","err":{…},"msg":"request failed"}
//
// Every line passes one redaction before it is written (pino's streamWrite hook, so no caller can skip it): URLs are
// cut to their origin (an RPC provider's API key is in the path or query, and viem's errors repeat the whole URL in
// their message, details and stack), listed secrets are replaced, and fields named like secrets (privateKey,
// password, authorization, rpcUrl) are censored. Errors are logged as bounded plain objects: name, message, code,
// stack and cause chain, not a library's whole error object (viem's hold ABIs and request bodies).
// The `npm start` banner is not a log: it stays plain text lines (scripts/start/).
import { pino, type DestinationStream, type Logger } from "pino";
import { ConfigError } from "../config/errors.js";
import { redactor } from "./redact.js";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Field paths censored wherever a caller puts them in a line (pino redact paths: the key itself or one level down). */
const SECRET_FIELDS = ["privateKey", "password", "authorization", "rpcUrl"].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export interface LoggerOptions {
  /** Default: info. */
  level?: LogLevel;
  /** Default: stdout (fd 1, synchronous writes, so a line logged just before process.exit is not lost). */
  destination?: DestinationStream;
  /** Exact values replaced by "[redacted]" wherever they occur (e.g. the RPC URL's path and query: secretPartsOf). */
  secrets?: readonly string[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const redact = redactor(options.secrets);
  return pino(
    {
      level: options.level ?? "info",
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errorFields },
      redact: { paths: SECRET_FIELDS, censor: "[redacted]" },
      hooks: { streamWrite: redact },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** LOG_LEVEL from the environment: one of LOG_LEVELS, info when unset; anything else is a CONFIG_INVALID. */
export function logLevelOf(env: Readonly<Record<string, string | undefined>>): LogLevel {
  const value = env.LOG_LEVEL?.trim().toLowerCase();
  if (value === undefined || value === "") return "info";
  if (!(LOG_LEVELS as readonly string[]).includes(value))
    throw new ConfigError("CONFIG_INVALID", "LOG_LEVEL", `must be one of ${LOG_LEVELS.join(", ")}`);
  return value as LogLevel;
}

let fallback: Logger | undefined;

/** The logger of parts built without one (tests, tools): stdout at LOG_LEVEL, same format and redaction. */
export function defaultLogger(): Logger {
  if (fallback === undefined) {
    let level: LogLevel;
    try {
      level = logLevelOf(process.env);
    } catch {
      level = "info";
    }
    fallback = createLogger({ level });
  }
  return fallback;
}

const ERROR_FIELDS = ["code", "shortMessage", "details", "status", "reason", "field", "setting"] as const;
const MAX_CAUSES = 4;

/** An error as a small plain object: type, message, its primitive diagnostic fields, stack and causes (bounded). */
export function errorFields(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return typeof error === "object" && error !== null ? String(error) : error;
  const out: Record<string, unknown> = { type: error.name, message: error.message };
  for (const key of ERROR_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = value;
  }
  if (error.stack !== undefined) out.stack = error.stack;
  if (error.cause !== undefined && depth < MAX_CAUSES) out.cause = errorFields(error.cause, depth + 1);
  return out;
}
