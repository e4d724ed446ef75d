/** The relayer's order vocabulary: wire forms, markets, and the exact mapping to and from the engine. */
export * from "./wire.js";
export * from "./wire-messages.js";
export { MAX_SIGNATURE_BYTES } from "./wire-fields.js";
export * from "./markets.js";
export * from "./info.js";
export * from "./to-engine.js";
export * from "./auction-flag.js";
export * from "./from-engine.js";
