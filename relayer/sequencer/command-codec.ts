// The log's record format. A record is what the sequencer decided about one command: its sequence number, its
// time (the engine has no clock; time is an input fixed once, here) and the command as submitted, an engine
// command or a ledger record (relayer/ledger/commands.ts). On disk it is one version byte followed by the
// record's canonical JSON (UTF-8): readable with any LevelDB tool, and the same record always gives the same
// bytes. A new format gets a new version byte and a new decoder branch; old logs must stay readable for as long
// as a snapshot may point into them. (Ledger records are new command types in the same format: every version-1
// log written before them still reads.)
import { isUtf8 } from "node:buffer";
import type { Command, Seconds } from "../../engine/index.js";
import type { LedgerCommand } from "../ledger/index.js";
import type { MachineCommand } from "../machine/index.js";
import { canonicalParse, canonicalStringify } from "./canonical-json.js";
import { CodecError } from "./errors.js";

export const LOG_FORMAT_VERSION = 1;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A command as a client of the sequencer submits it (engine command or ledger record): the sequencer adds `seq` and `time`. */
export type CommandInput = DistributiveOmit<MachineCommand, "seq" | "time">;
/** An engine command as submitted (a place may carry the signed order's hash and nonce: OrderIdentity). */
export type EngineCommandInput = DistributiveOmit<Exclude<MachineCommand, LedgerCommand>, "seq" | "time">;
/** A ledger record as submitted. */
export type LedgerCommandInput = DistributiveOmit<LedgerCommand, "seq" | "time">;

export interface LogRecord {
  readonly seq: number;
  readonly time: Seconds;
  readonly command: CommandInput;
}

const ENGINE_COMMAND_TYPES: ReadonlySet<string> = new Set<Command["type"]>([
  "place",
  "cancel",
  "cancel-all",
  "expire",
  "close-batch",
]);

type FieldKind = "string" | "bigint" | "owner" | "fill-ids";
/**
 * The fields of each ledger record, exactly (none missing, none extra), with their JSON types. Values the ledger
 * refuses (a malformed address, a zero amount, a negative owner id) stay in: the ledger refuses them as data,
 * the same way on replay, as the engine does with its commands. Only shapes the ledger could not even read (an
 * amount that is not a bigint, fill ids that are not a list) are kept out of the log, where they would stop
 * every recovery.
 */
const LEDGER_FIELDS: { readonly [T in LedgerCommand["type"]]: { readonly [field: string]: FieldKind } } = {
  "register-owner": { owner: "owner", address: "string" },
  "deposit-credited": { depositId: "string", account: "string", token: "string", amount: "bigint" },
  "deposit-reversed": { depositId: "string" },
  "withdrawal-requested": { withdrawalId: "string", account: "string", token: "string", amount: "bigint" },
  "withdrawal-settled": { withdrawalId: "string" },
  "withdrawal-failed": { withdrawalId: "string" },
  "fills-settled": { fillIds: "fill-ids" },
  "fills-reverted": { fillIds: "fill-ids" },
  "fee-recipient-set": { address: "string" },
  "account-exit-requested": { eventId: "string", account: "string" },
  "account-exit-cancelled": { eventId: "string", account: "string" },
  "onchain-order-cancelled": { eventId: "string", maker: "string", orderHash: "string" },
  "onchain-nonce-floor": { eventId: "string", maker: "string", floor: "bigint" },
};
// The table's type names every ledger record and no other, so the compiler keeps it in step with the ledger's
// commands; the log imports no value from the ledger (the ledger hashes its snapshots with this folder's JSON).

/** Longest list of fill ids one record may name (a settlement batch is far smaller). */
export const MAX_FILL_IDS = 10_000;

const utf8 = new TextEncoder();

export function encodeRecord(record: LogRecord): Uint8Array {
  const problem = recordProblem(record);
  if (problem !== null) throw new CodecError("CODEC_UNENCODABLE", `cannot encode log record: ${problem}`);
  const { seq, time, command } = record;
  // `seq` and `time` belong to the record, never to the command: strip them if a caller left them on.
  const { seq: _s, time: _t, ...fields } = command as CommandInput & { seq?: unknown; time?: unknown };
  const json = canonicalStringify({ seq, time, command: fields });
  const bytes = new Uint8Array(Buffer.byteLength(json, "utf8") + 1);
  bytes[0] = LOG_FORMAT_VERSION;
  utf8.encodeInto(json, bytes.subarray(1));
  return bytes;
}

export function decodeRecord(bytes: Uint8Array): LogRecord {
  if (bytes.length === 0) throw new CodecError("CODEC_MALFORMED", "empty log record");
  if (bytes[0] !== LOG_FORMAT_VERSION) {
    throw new CodecError("CODEC_UNSUPPORTED_VERSION", `unsupported log record version ${bytes[0]}`, {
      details: `this build reads version ${LOG_FORMAT_VERSION}`,
    });
  }
  const text = bytes.subarray(1);
  // Damaged bytes must fail loudly, not decode to U+FFFD and replay something else. (isUtf8 and a plain decode:
  // a fatal TextDecoder goes through ICU, several times slower.)
  if (!isUtf8(text)) throw new CodecError("CODEC_MALFORMED", "log record is not valid UTF-8 JSON");
  let record: unknown;
  try {
    record = canonicalParse(Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString("utf8"));
  } catch (cause) {
    if (cause instanceof CodecError) throw cause;
    throw new CodecError("CODEC_MALFORMED", "log record is not valid UTF-8 JSON", { cause });
  }
  const problem = recordProblem(record);
  if (problem !== null) throw new CodecError("CODEC_MALFORMED", `malformed log record: ${problem}`);
  return record as LogRecord;
}

/** The command the trading machine executes for a record (an engine command or a ledger record). */
export function toMachineCommand(record: LogRecord): MachineCommand {
  return { ...record.command, seq: record.seq, time: record.time } as MachineCommand;
}

/** Structural check shared by both directions: what is written can be read back, and nothing else is accepted. */
function recordProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return "not an object";
  const { seq, time, command } = value as Partial<LogRecord>;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return `seq ${String(seq)} is not a positive safe integer`;
  if (!Number.isSafeInteger(time) || (time as number) < 0)
    return `time ${String(time)} is not a non-negative safe integer`;
  if (typeof command !== "object" || command === null || Array.isArray(command)) return "command is not an object";
  const type = (command as { type?: unknown }).type;
  if (type === "place") return placeIdentityProblem(command);
  if (typeof type === "string" && ENGINE_COMMAND_TYPES.has(type)) return null;
  if (typeof type === "string" && Object.hasOwn(LEDGER_FIELDS, type))
    return ledgerFieldsProblem(type as LedgerCommand["type"], command);
  return `unknown command type ${JSON.stringify(type)}`;
}

/** A place's optional identity (OrderIdentity) is read by the machine: a hash must be a string, a nonce a bigint. */
function placeIdentityProblem(command: object): string | null {
  const { orderHash, nonce } = command as { orderHash?: unknown; nonce?: unknown };
  if (orderHash !== undefined && typeof orderHash !== "string") return "place: orderHash is not a string";
  if (nonce !== undefined && typeof nonce !== "bigint") return "place: nonce is not a bigint";
  return null;
}

function ledgerFieldsProblem(type: LedgerCommand["type"], command: object): string | null {
  const expected = LEDGER_FIELDS[type];
  for (const [field, value] of Object.entries(command)) {
    if (field === "type" || field === "seq" || field === "time" || value === undefined) continue;
    if (!(field in expected)) return `${type}: unknown field ${JSON.stringify(field)}`;
  }
  for (const [field, kind] of Object.entries(expected)) {
    const value = (command as Record<string, unknown>)[field];
    if (!fits(kind, value)) return `${type}: ${field} is not ${describe(kind)}`;
  }
  return null;
}

function fits(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "bigint":
      return typeof value === "bigint";
    case "owner":
      return Number.isSafeInteger(value);
    case "fill-ids":
      return Array.isArray(value) && value.length <= MAX_FILL_IDS && value.every((id) => Number.isSafeInteger(id));
  }
}

function describe(kind: FieldKind): string {
  return {
    string: "a string",
    bigint: "a bigint",
    owner: "a safe integer",
    "fill-ids": `a list of at most ${MAX_FILL_IDS} safe integers`,
  }[kind];
}
