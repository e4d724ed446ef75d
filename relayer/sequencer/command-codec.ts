// The log's record format. A record is what the sequencer decided about one command: its sequence number, its
// time (the engine has no clock; time is an input fixed once, here) and the command as submitted. On disk it is
// one version byte followed by the record's canonical JSON (UTF-8): readable with any LevelDB tool, and the same
// record always gives the same bytes. A new format gets a new version byte and a new decoder branch; old logs
// must stay readable for as long as a snapshot may point into them.
import type { Command, Seconds } from "../../engine/index.js";
import { canonicalParse, canonicalStringify } from "./canonical-json.js";
import { CodecError } from "./errors.js";

export const LOG_FORMAT_VERSION = 1;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A command as a client of the sequencer submits it: the sequencer adds `seq` and `time`. */
export type CommandInput = DistributiveOmit<Command, "seq" | "time">;

export interface LogRecord {
  readonly seq: number;
  readonly time: Seconds;
  readonly command: CommandInput;
}

/** The command types a log may hold (the engine's); a relayer-level command would be added here and in `toEngineCommand`. */
const COMMAND_TYPES: ReadonlySet<string> = new Set<Command["type"]>(["place", "cancel", "cancel-all", "expire", "close-batch"]);

const utf8 = new TextEncoder();
// fatal: damaged bytes must fail loudly, not decode to U+FFFD and replay something else.
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

export function encodeRecord(record: LogRecord): Uint8Array {
  const problem = recordProblem(record);
  if (problem !== null) throw new CodecError("CODEC_UNENCODABLE", `cannot encode log record: ${problem}`);
  const { seq, time, command } = record;
  // `seq` and `time` belong to the record, never to the command: strip them if a caller left them on.
  const { seq: _s, time: _t, ...fields } = command as CommandInput & { seq?: unknown; time?: unknown };
  const json = utf8.encode(canonicalStringify({ seq, time, command: fields }));
  const bytes = new Uint8Array(json.length + 1);
  bytes[0] = LOG_FORMAT_VERSION;
  bytes.set(json, 1);
  return bytes;
}

export function decodeRecord(bytes: Uint8Array): LogRecord {
  if (bytes.length === 0) throw new CodecError("CODEC_MALFORMED", "empty log record");
  if (bytes[0] !== LOG_FORMAT_VERSION) {
    throw new CodecError("CODEC_UNSUPPORTED_VERSION", `unsupported log record version ${bytes[0]}`, {
      details: `this build reads version ${LOG_FORMAT_VERSION}`,
    });
  }
  let record: unknown;
  try {
    record = canonicalParse(utf8Strict.decode(bytes.subarray(1)));
  } catch (cause) {
    if (cause instanceof CodecError) throw cause;
    throw new CodecError("CODEC_MALFORMED", "log record is not valid UTF-8 JSON", { cause });
  }
  const problem = recordProblem(record);
  if (problem !== null) throw new CodecError("CODEC_MALFORMED", `malformed log record: ${problem}`);
  return record as LogRecord;
}

/** The command the engine executes for a record. */
export function toEngineCommand(record: LogRecord): Command {
  return { ...record.command, seq: record.seq, time: record.time } as Command;
}

/** Structural check shared by both directions: what is written can be read back, and nothing else is accepted. */
function recordProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return "not an object";
  const { seq, time, command } = value as Partial<LogRecord>;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return `seq ${String(seq)} is not a positive safe integer`;
  if (!Number.isSafeInteger(time) || (time as number) < 0) return `time ${String(time)} is not a non-negative safe integer`;
  if (typeof command !== "object" || command === null || Array.isArray(command)) return "command is not an object";
  if (!COMMAND_TYPES.has((command as { type?: unknown }).type as string)) {
    return `unknown command type ${JSON.stringify((command as { type?: unknown }).type)}`;
  }
  return null;
}
