/** The relayer's markets: the registry read from the config, each market's tokens and engine terms, and /v1/info. */
export * from "./markets.js";
export * from "./info.js";
