/** The log's record format: what is written reads back identical, the same record always gives the same bytes. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import type { Command } from "../../../engine/index.js";
import {
  canonicalParse,
  canonicalStringify,
  CodecError,
  decodeRecord,
  encodeRecord,
  LOG_FORMAT_VERSION,
  MAX_FILL_IDS,
  toMachineCommand,
  type CommandInput,
  type LogRecord,
} from "../../../relayer/sequencer/index.js";
import { commandStream, propertySettings } from "../../support/command-stream.js";
import { asInput } from "./fixtures.js";

const safeInt = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

/** Any command shape the engine defines, with values well outside what admission would let through. */
const commandArb: fc.Arbitrary<CommandInput> = fc.oneof(
  fc.record(
    {
      type: fc.constant("place" as const),
      market: safeInt,
      id: safeInt,
      owner: safeInt,
      side: fc.integer({ min: 0, max: 1 }),
      kind: fc.integer({ min: 0, max: 3 }),
      price: safeInt,
      size: safeInt,
      tif: fc.integer({ min: 0, max: 3 }),
      expiry: safeInt,
      postOnly: fc.boolean(),
      stopPrice: safeInt,
      stp: fc.integer({ min: 0, max: 3 }),
      maxFeeBps: safeInt,
    },
    { noNullPrototype: true },
  ),
  fc.record(
    { type: fc.constant("cancel" as const), market: safeInt, id: safeInt, owner: safeInt },
    { requiredKeys: ["type", "market", "id"], noNullPrototype: true },
  ),
  fc.record(
    { type: fc.constant("cancel-all" as const), owner: safeInt, market: safeInt },
    { requiredKeys: ["type", "owner"], noNullPrototype: true },
  ),
  fc.record({ type: fc.constant("expire" as const) }, { noNullPrototype: true }),
  fc.record({ type: fc.constant("close-batch" as const), market: safeInt }, { noNullPrototype: true }),
) as fc.Arbitrary<CommandInput>;

const recordArb: fc.Arbitrary<LogRecord> = fc.record(
  {
    seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    time: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    command: commandArb,
  },
  { noNullPrototype: true },
) as fc.Arbitrary<LogRecord>;

/** JSON-like values with bigints, minus what canonical JSON refuses on purpose (-0, the reserved key). */
const { value: valueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.string(),
    fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.string().filter((k) => k !== "$bigint" && k !== "__proto__"),
      tie("value"),
      { maxKeys: 4, noNullPrototype: true },
    ),
  ),
}));

function shuffleKeys<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).reverse()) as T;
}

describe("sequencer: command codec", () => {
  it("round-trips every command of random engine streams", () => {
    fc.assert(
      fc.property(commandStream(60), (commands) => {
        for (const c of commands) {
          const record: LogRecord = { seq: c.seq, time: c.time, command: asInput(c) };
          const decoded = decodeRecord(encodeRecord(record));
          assert.deepEqual(decoded, record);
          assert.deepEqual(toMachineCommand(decoded), c, "the engine gets back the command it would have run");
        }
      }),
      propertySettings(50),
    );
  });

  it("round-trips random records of every command type, with extreme safe integers and absent optional fields", () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const bytes = encodeRecord(record);
        assert.equal(bytes[0], LOG_FORMAT_VERSION, "the first byte is the format version");
        assert.deepEqual(decodeRecord(bytes), record);
      }),
      propertySettings(500),
    );
  });

  it("gives the same bytes for the same record whatever the order its fields were set in", () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const reordered = shuffleKeys({ ...record, command: shuffleKeys(record.command) });
        assert.deepEqual(encodeRecord(reordered), encodeRecord(record));
      }),
      propertySettings(200),
    );
  });

  it("ignores seq and time left on the command: the record's own are the ones that count", () => {
    const command = { type: "expire", seq: 99, time: 5 } as unknown as CommandInput;
    const decoded = decodeRecord(encodeRecord({ seq: 3, time: 7 as never, command }));
    assert.deepEqual(decoded, { seq: 3, time: 7, command: { type: "expire" } });
    assert.deepEqual(toMachineCommand(decoded), { type: "expire", seq: 3, time: 7 } as Command);
  });

  it("canonical JSON round-trips bigints beyond 2^53 and nested values, deterministically", () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        const text = canonicalStringify(value);
        assert.deepEqual(canonicalParse(text), value);
        assert.equal(canonicalStringify(canonicalParse(text)), text);
      }),
      propertySettings(500),
    );
    assert.equal(
      canonicalStringify({ b: 2n ** 64n, a: [1, "x"] }),
      '{"a":[1,"x"],"b":{"$bigint":"18446744073709551616"}}',
    );
    // Sorted key lists are remembered per shape; shapes whose keys join to the same text stay apart.
    assert.equal(canonicalStringify({ "b\u0000a": 1, c: 2 }), '{"b\\u0000a":1,"c":2}');
    assert.equal(canonicalStringify({ b: 1, "a\u0000c": 2 }), '{"a\\u0000c":2,"b":1}');
    assert.equal(canonicalStringify({ b: 1, a: 2 }), canonicalStringify({ a: 2, b: 1 }));
  });

  it("revives bigints as a JSON.parse reviver would: bottom-up, only one-key {$bigint} objects, a __proto__ key kept as data", () => {
    const reviver = (_key: string, value: unknown) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
      const keys = Object.keys(value);
      return keys.length === 1 && keys[0] === "$bigint" ? BigInt((value as { $bigint: string }).$bigint) : value;
    };
    for (const text of [
      '{"$bigint":"-12"}',
      '[{"$bigint":"1"},{"a":{"$bigint":"2"}}]',
      '{"__proto__":{"$bigint":"3"},"x":{"$bigint":"4","y":1}}',
      '{"$bigint":"5","$other":{"$bigint":"6"}}',
      '{"a":[[{"$bigint":"18446744073709551616"}]]}',
    ]) {
      assert.deepEqual(canonicalParse(text), JSON.parse(text, reviver), text);
    }
    assert.equal(Object.getPrototypeOf(canonicalParse('{"__proto__":{"$bigint":"3"}}')), Object.prototype);
    for (const bad of ['{"$bigint":1}', '{"$bigint":"1.5"}', '[{"$bigint":"0x1"}]']) {
      assert.throws(
        () => canonicalParse(bad),
        (e: unknown) => e instanceof CodecError && e.code === "CODEC_MALFORMED",
        bad,
      );
    }
  });

  it("refuses values JSON would silently change, with CODEC_UNENCODABLE", () => {
    for (const bad of [NaN, Infinity, -0, [undefined], new Date(0), { $bigint: "1" }, () => 1, Symbol("s")]) {
      assert.throws(
        () => canonicalStringify({ x: bad }),
        (e: unknown) => e instanceof CodecError && e.code === "CODEC_UNENCODABLE",
      );
    }
    const notACommand = { type: "withdraw-everything" } as unknown as CommandInput;
    assert.throws(() => encodeRecord({ seq: 1, time: 0 as never, command: notACommand }), {
      code: "CODEC_UNENCODABLE",
    });
    assert.throws(() => encodeRecord({ seq: 0, time: 0 as never, command: { type: "expire" } }), {
      code: "CODEC_UNENCODABLE",
    });
    assert.throws(() => encodeRecord({ seq: 1, time: 1.5 as never, command: { type: "expire" } }), {
      code: "CODEC_UNENCODABLE",
    });
  });

  it("refuses another format version and damaged bytes with stable codes", () => {
    const bytes = encodeRecord({ seq: 1, time: 0 as never, command: { type: "expire" } });
    assert.throws(() => decodeRecord(Uint8Array.of(2, ...bytes.subarray(1))), { code: "CODEC_UNSUPPORTED_VERSION" });
    assert.throws(() => decodeRecord(new Uint8Array(0)), { code: "CODEC_MALFORMED" });
    assert.throws(() => decodeRecord(bytes.subarray(0, bytes.length - 1)), { code: "CODEC_MALFORMED" });
    assert.throws(() => decodeRecord(Uint8Array.of(LOG_FORMAT_VERSION, 0xff, 0xfe)), { code: "CODEC_MALFORMED" });
    const wrongShape = new TextEncoder().encode('{"seq":"1","time":0,"command":{"type":"expire"}}');
    assert.throws(() => decodeRecord(Uint8Array.of(LOG_FORMAT_VERSION, ...wrongShape)), { code: "CODEC_MALFORMED" });
  });
});

const ADDRESS = `0x${"ab".repeat(20)}`;
/** Every ledger record type, with values well outside what the ledger accepts (it refuses those as data, on replay too). */
const ledgerCommandArb: fc.Arbitrary<CommandInput> = fc.oneof(
  fc.record(
    {
      type: fc.constant("register-owner" as const),
      owner: safeInt,
      address: fc.oneof(fc.constant(ADDRESS), fc.string()),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      type: fc.constant("deposit-credited" as const),
      depositId: fc.string(),
      account: fc.string(),
      token: fc.string(),
      amount: fc.bigInt({ min: -(2n ** 256n), max: 2n ** 256n }),
    },
    { noNullPrototype: true },
  ),
  fc.record({ type: fc.constant("deposit-reversed" as const), depositId: fc.string() }, { noNullPrototype: true }),
  fc.record(
    {
      type: fc.constant("withdrawal-requested" as const),
      withdrawalId: fc.string(),
      account: fc.string(),
      token: fc.string(),
      amount: fc.bigInt(),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    { type: fc.constantFrom("withdrawal-settled" as const, "withdrawal-failed" as const), withdrawalId: fc.string() },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      type: fc.constantFrom("fills-settled" as const, "fills-reverted" as const),
      fillIds: fc.array(safeInt, { maxLength: 20 }),
    },
    { noNullPrototype: true },
  ),
  fc.record({ type: fc.constant("fee-recipient-set" as const), address: fc.string() }, { noNullPrototype: true }),
) as fc.Arbitrary<CommandInput>;

describe("sequencer: command codec, ledger records", () => {
  it("round-trips every ledger record type, bigint amounts beyond 2^53 included, to the same bytes whatever the field order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.nat(),
        ledgerCommandArb,
        (seq, time, command) => {
          const record = { seq, time, command } as LogRecord;
          const bytes = encodeRecord(record);
          assert.deepEqual(decodeRecord(bytes), record);
          assert.deepEqual(encodeRecord({ ...record, command: shuffleKeys(command) }), bytes);
          assert.deepEqual(toMachineCommand(decodeRecord(bytes)), { ...command, seq, time });
        },
      ),
      propertySettings(500),
    );
  });

  it("refuses a ledger record with a missing, extra or mistyped field, on encode (CODEC_UNENCODABLE) and on decode (CODEC_MALFORMED)", () => {
    const bad: unknown[] = [
      { type: "deposit-credited", depositId: "d", account: ADDRESS, token: ADDRESS, amount: 5 }, // a number, not a bigint
      { type: "deposit-credited", depositId: "d", account: ADDRESS, token: ADDRESS }, // no amount
      { type: "deposit-credited", depositId: 7, account: ADDRESS, token: ADDRESS, amount: 5n },
      { type: "deposit-credited", depositId: "d", account: ADDRESS, token: ADDRESS, amount: 5n, memo: "x" }, // extra field
      { type: "deposit-reversed" },
      { type: "withdrawal-requested", withdrawalId: "w", account: ADDRESS, token: ADDRESS, amount: "5" },
      { type: "withdrawal-settled", withdrawalId: null },
      { type: "fills-settled", fillIds: 3 },
      { type: "fills-settled", fillIds: [1, 2.5] },
      { type: "fills-reverted", fillIds: ["1"] },
      { type: "fills-reverted", fillIds: Array.from({ length: MAX_FILL_IDS + 1 }, (_, i) => i + 1) },
      { type: "register-owner", owner: "1", address: ADDRESS },
      { type: "register-owner", owner: 1.5, address: ADDRESS },
      { type: "register-owner", address: ADDRESS },
      { type: "fee-recipient-set", address: 1 },
    ];
    const encoder = new TextEncoder();
    for (const command of bad) {
      assert.throws(
        () => encodeRecord({ seq: 1, time: 0 as never, command: command as CommandInput }),
        { code: "CODEC_UNENCODABLE" },
        JSON.stringify(command, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)),
      );
      // The same record written by something other than the encoder is refused on the way back in.
      const text = canonicalStringify({ seq: 1, time: 0, command });
      assert.throws(() => decodeRecord(Uint8Array.of(LOG_FORMAT_VERSION, ...encoder.encode(text))), {
        code: "CODEC_MALFORMED",
      });
    }
  });

  it("keeps values the ledger refuses as data: they are logged and refused the same way on every replay", () => {
    for (const command of [
      { type: "deposit-credited", depositId: "", account: "not an address", token: ADDRESS, amount: -1n },
      { type: "register-owner", owner: -1, address: "0x12" },
      { type: "fills-settled", fillIds: [] },
    ] as CommandInput[]) {
      assert.deepEqual(decodeRecord(encodeRecord({ seq: 2, time: 3 as never, command })), { seq: 2, time: 3, command });
    }
  });
});
