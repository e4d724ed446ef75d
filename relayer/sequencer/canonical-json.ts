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
      if (proto !== Object.prototype && proto !== null) throw unencodable(path, `an instance of ${proto?.constructor?.name}`);
      const record = value as Record<string, unknown>;
      if (BIGINT_TAG in record) throw unencodable(path, `an object with the reserved key "${BIGINT_TAG}"`);
      let out = "";
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        path.push(key);
        out += `${out === "" ? "" : ","}${JSON.stringify(key)}:${write(member, path)}`;
        path.pop();
      }
      return `{${out}}`;
    }
    default:
      throw unencodable(path, typeof value);
  }
}

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
    if (key === "__proto__") Object.defineProperty(record, key, { value: revived, writable: true, enumerable: true, configurable: true });
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
