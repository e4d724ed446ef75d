// assert.throws for ApiError: the code, the status the code maps to, and the field (undefined = none).
import assert from "node:assert/strict";
import { ApiError } from "../../../relayer/errors/index.js";
import type { ApiErrorCode } from "../../../relayer/errors/index.js";

export function throwsApiError(fn: () => unknown, code: ApiErrorCode, status: number, field?: string): ApiError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ApiError, `expected an ApiError ${code}, got ${String(caught)}`);
  assert.deepEqual({ code: caught.code, status: caught.status, field: caught.field }, { code, status, field });
  return caught;
}
