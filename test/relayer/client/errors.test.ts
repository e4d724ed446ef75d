// The SDK's errors carry the API's code union: a client's switch over `code` is checked against the codes the relayer
// answers with, and typing it pulls no server module into the SDK.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "mocha";
import { RelayerApiError, type ApiErrorCode } from "../../../relayer/client/index.js";
import { ERROR_STATUS } from "../../../relayer/wire/error-codes.js";

describe("relayer/client: errors", () => {
  it("types a refusal's code as the API's code union", () => {
    const error = new RelayerApiError(409, "DUPLICATE_ORDER", "This order was already submitted.");
    const code: ApiErrorCode = error.code;
    assert.equal(ERROR_STATUS[code], error.status);
    // @ts-expect-error a code the API never answers with does not compile
    void new RelayerApiError(418, "TEAPOT", "no");
  });

  it("takes the code union from a file that imports nothing, so the SDK pulls in no server module with it", async () => {
    const source = await readFile(new URL("../../../relayer/wire/error-codes.ts", import.meta.url), "utf8");
    assert.deepEqual(source.match(/^\s*(import|export .* from)\b.*$/gm) ?? [], []);
  });
});
