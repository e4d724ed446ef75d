/** The relayer's order vocabulary: wire forms and the exact mapping to and from the engine (markets: relayer/markets/). */
export * from "./wire.js";
export * from "./wire-messages.js";
export { MAX_SIGNATURE_BYTES } from "./wire-fields.js";
export * from "./to-engine.js";
export * from "./auction-flag.js";
export * from "./from-engine.js";
