export * from "./codes.js";
export * from "./api-error.js";
export * from "./engine-rejection.js";
export * from "./ledger-rejection.js";
export * from "./rate-limited.js";
export * from "./control-rejection.js";
