/** Configuration read from the environment (npm start against a real chain) and the operator key. */
export {
  DEFAULT_CONFIRMATIONS,
  readChainConfig,
  readMarkets,
  readOperatorKey,
  type ChainConfig,
  type Env,
} from "./chain-config.js";
export { ConfigError, type ConfigErrorCode } from "./errors.js";
export { decryptKeystore, OperatorKey, parsePrivateKey, readKeystore } from "./operator-key.js";
