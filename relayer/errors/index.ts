export * from "../wire/error-codes.js";
export * from "./relayer-error.js";
export * from "./api-error.js";
export * from "./refusals.js";
export * from "./rate-limited.js";
