/** The wire: every JSON body and socket message the relayer and its SDK exchange, defined once for both. */
export * from "./signed-order.js";
export * from "./orders.js";
export * from "./balances.js";
export * from "./markets.js";
export * from "./feed-messages.js";
export * from "./private-messages.js";
export * from "./published-batch.js";
