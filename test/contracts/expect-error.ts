// The one way contract tests assert a revert: the custom error's name and every value it carries, decoded with the
// ABI of the contract that declares it (a token's error bubbling up through the Exchange decodes with the token's).
// The name and the values are typed from that ABI, so a renamed error or a changed signature fails the type check.
import assert from "node:assert/strict";
import { decodeErrorResult, type Abi, type ContractErrorArgs, type ContractErrorName, type Hex } from "viem";

/** An error's expected values: each one exactly, or a predicate for a value the test cannot know in advance. */
export type ExpectedArgs<args> = { readonly [K in keyof args]: args[K] | ((value: args[K]) => boolean) };

/**
 * Awaits `promise` (a write, a simulation or a deployment) and asserts that it reverted with custom error `name` of
 * `contract` and exactly the values `args` (addresses compare without regard to checksum case).
 */
export async function expectError<const abi extends Abi, name extends ContractErrorName<abi>>(
  promise: Promise<unknown>,
  contract: { readonly abi: abi },
  name: name,
  args: ExpectedArgs<ContractErrorArgs<abi, name>>,
): Promise<void> {
  let data: Hex;
  try {
    await promise;
  } catch (error) {
    data = revertData(error);
    assert.notEqual(data, "0x", `expected custom error ${name}, but the call reverted without data`);
    let decoded: { errorName: string; args?: readonly unknown[] };
    try {
      decoded = decodeErrorResult({ abi: contract.abi as Abi, data });
    } catch {
      return assert.fail(
        `expected custom error ${name}, but the revert data ${data} is no error of the given contract`,
      );
    }
    assert.equal(
      decoded.errorName,
      name,
      `expected custom error ${name}, but the call reverted with ${decoded.errorName}`,
    );
    const actual = decoded.args ?? [];
    const expected = (args as readonly unknown[]).map((value, i) =>
      typeof value === "function"
        ? value(actual[i]) === true
          ? actual[i]
          : `a value the predicate accepts (not ${String(actual[i])})`
        : value,
    );
    assert.deepEqual(normalised(actual), normalised(expected), `the values of ${name}`);
    return;
  }
  assert.fail(`expected custom error ${name}, but the call did not revert`);
}

/** The raw revert data, wherever viem put it along the error's `cause` chain (the deepest one is the contract's). */
function revertData(error: unknown): Hex {
  let found: Hex | undefined;
  for (let current = error; current instanceof Object; current = (current as { cause?: unknown }).cause) {
    const { data } = current as { data?: unknown };
    if (isHex(data)) found = data;
    else if (data instanceof Object && isHex((data as { data?: unknown }).data)) found = (data as { data: Hex }).data;
  }
  if (found === undefined) throw error; // not a revert (a network or encoding error): let the test show it as is
  return found;
}

const isHex = (value: unknown): value is Hex => typeof value === "string" && /^0x[0-9a-fA-F]*$/.test(value);

function normalised(values: readonly unknown[]): unknown[] {
  return values.map((value) =>
    typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value) ? value.toLowerCase() : value,
  );
}
