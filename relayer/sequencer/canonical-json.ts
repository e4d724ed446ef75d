// Canonical JSON: one value, one text. Object keys are sorted and `undefined` members left out, so the bytes of
// a log record do not depend on the order in which its fields were assigned; bigints travel as
// `{"$bigint":"<decimal>"}` because token amounts exceed 2^53 and JSON numbers would round them. Anything JSON
// would silently change (NaN, Infinity, -0, undefined in an array, class instances) is refused instead: a log
// that replays "byte for byte" must not hold a value that comes back different.
import { CodecError } from "./errors.js";

const BIGINT_TAG = "$bigint";

export type CanonicalValue =
  | null
  | boolean
  | number
  | string
  | bigint
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue | undefined };

export function canonicalStringify(value: unknown): string {
  return write(value, []);
}

/** `path` is the stack of keys down to `value`, kept only to name the place of an error. */
function write(value: unknown, path: (string | number)[]): string {
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value) || Object.is(value, -0)) throw unencodable(path, String(value));
      return String(value); // the same text as JSON.stringify for every finite number
    case "bigint":
      return `{"${BIGINT_TAG}":"${value.toString()}"}`;
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "";
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          out += (i === 0 ? "" : ",") + write(value[i], path);
          path.pop();
        }
        return `[${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null)
        throw unencodable(path, `an instance of ${proto?.constructor?.name}`);
      const record = value as Record<string, unknown>;
      if (BIGINT_TAG in record) throw unencodable(path, `an object with the reserved key "${BIGINT_TAG}"`);
      let out = "{";
      for (const key of sortedKeys(record)) {
        const member = record[key];
        if (member === undefined) continue;
        path.push(key);
        out += `${out.length === 1 ? "" : ","}${quotedKey(key)}:${write(member, path)}`;
        path.pop();
      }
      return `${out}}`;
    }
    default:
      throw unencodable(path, typeof value);
  }
}

/**
 * The keys of `record`, sorted (UTF-16 code unit order, as Array.prototype.sort). Records of one kind (a log's
 * commands) have the same keys in the same insertion order, so the last few orders are remembered by their
 * unsorted form: most records then skip the sort.
 */
function sortedKeys(record: object): readonly string[] {
  const keys = Object.keys(record);
  const id = keys.join("\u0000"); // only a lookup key: a hit is checked key by key (a key may hold "\u0000")
  const known = sortedByShape.get(id);
  if (known !== undefined && sameKeys(known.keys, keys)) return known.sorted;
  const sorted = [...keys].sort();
  if (sortedByShape.size >= MAX_SHAPES) sortedByShape.clear();
  sortedByShape.set(id, { keys, sorted });
  return sorted;
}
const sortedByShape = new Map<string, { keys: readonly string[]; sorted: readonly string[] }>();
const MAX_SHAPES = 256;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** JSON.stringify(key), remembered for the few keys a log uses. */
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size >= MAX_KEYS) quotedKeys.clear();
    quotedKeys.set(key, quoted);
  }
  return quoted;
}
const quotedKeys = new Map<string, string>();
const MAX_KEYS = 1024;

export function canonicalParse(text: string): unknown {
  const value: unknown = JSON.parse(text);
  // Bigints are revived by one walk after the parse: a JSON.parse reviver costs a call per member, several times
  // the parse itself. Only text that can hold a bigint needs the walk.
  return text.includes(`"${BIGINT_TAG}"`) ? revive(value) : value;
}

/** `value` with every `{"$bigint":"<decimal>"}` (exactly that one key) replaced by its bigint, bottom-up, as a reviver would. */
function revive(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (const key of keys) {
    const member = record[key];
    if (typeof member !== "object" || member === null) continue;
    const revived = revive(member);
    if (revived === member) continue;
    // JSON.parse makes "__proto__" an own data property; plain assignment would set the prototype instead.
    if (key === "__proto__")
      Object.defineProperty(record, key, { value: revived, writable: true, enumerable: true, configurable: true });
    else record[key] = revived;
  }
  if (keys.length !== 1 || keys[0] !== BIGINT_TAG) return value;
  const digits = record[BIGINT_TAG];
  if (typeof digits !== "string" || !/^-?\d+$/.test(digits)) {
    throw new CodecError("CODEC_MALFORMED", `malformed bigint ${JSON.stringify(digits)}`);
  }
  return BigInt(digits);
}

function unencodable(path: (string | number)[], what: string): CodecError {
  const where = path.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("");
  return new CodecError("CODEC_UNENCODABLE", `cannot encode ${what} at $${where}`);
}
