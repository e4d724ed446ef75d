// Runs a wire schema and turns its first complaint into a 400 that names the field, so a client fixes one thing
// at a time and never sees zod's internals. The first issue is deterministic: zod reports fields in schema order,
// then unknown keys.
import type { z } from "zod";
import { ApiError } from "../errors/api-error.js";

/** Unknown key names are the client's own text: bound what we echo back. */
const MAX_FIELD_ECHO = 64;

/** Parses `json` (an already-parsed body) with `schema`; throws ApiError INVALID_FIELD / UNKNOWN_FIELD (400). */
export function parseWire<S extends z.ZodType>(schema: S, json: unknown): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  throw issueToApiError(result.error.issues[0]);
}

function issueToApiError(issue: z.core.$ZodIssue): ApiError {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const field = [...path, issue.keys[0]].join(".").slice(0, MAX_FIELD_ECHO);
    return new ApiError("UNKNOWN_FIELD", `${field} is not a field of this message`, { field });
  }
  if (path.length === 0) return new ApiError("INVALID_FIELD", `body ${issue.message}`);
  const field = path.join(".");
  return new ApiError("INVALID_FIELD", `${field} ${issue.message}`, { field });
}
