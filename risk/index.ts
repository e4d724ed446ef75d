// The margin arithmetic of perpetual markets, twin of contracts/margin/libraries/ (docs/margin.md). Pure, no I/O.
export * from "./margin-types.js";
export * from "./margin-math.js";
export * from "./funding-math.js";
export * from "./liquidation-math.js";
