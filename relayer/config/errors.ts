// Configuration errors: a setting that is missing or invalid, an operator keystore that does not open, or a chain
// node that does not answer at start. Each one
// names the setting, never its value: a value may be a secret (a private key, a password).
import { RelayerError } from "../errors/relayer-error.js";

export type ConfigErrorCode =
  /** A required setting is not set. */
  | "CONFIG_MISSING"
  /** A setting is set to something unusable (not a URL, not an address, a file that does not read or parse). */
  | "CONFIG_INVALID"
  /** The keystore is not Web3 Secret Storage v3 JSON, or uses a KDF or cipher this relayer does not read. */
  | "KEYSTORE_INVALID"
  /** The keystore's MAC does not match: the password is wrong (or the file was altered). */
  | "KEYSTORE_WRONG_PASSWORD"
  /** The chain node at RPC_URL does not answer (refused, unknown host, timed out, not JSON-RPC). */
  | "RPC_UNREACHABLE";

export class ConfigError extends RelayerError<ConfigErrorCode> {
  override readonly name = "ConfigError";

  constructor(
    code: ConfigErrorCode,
    /** The environment variable at fault, e.g. "EXCHANGE_ADDRESS". */
    readonly setting: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(code, `${setting}: ${message}`, options);
  }
}
