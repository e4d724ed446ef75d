export * from "./eip712.js";
export * from "./order.js";
export * from "./messages.js";
export * from "./batch.js";
export * from "./inclusion-receipt.js";
export { orderDigest, jsKeccak256, DigestInputError, type Keccak256 } from "./order-digest.js";
export * from "./price-update.js";
