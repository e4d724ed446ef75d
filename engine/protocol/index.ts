export * from "./eip712.js";
export * from "./order.js";
export * from "./messages.js";
export * from "./batch.js";
