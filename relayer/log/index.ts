/** The relayer's runtime log (pino JSON lines) and the redaction every line and printed URL goes through. */
export {
  createLogger,
  defaultLogger,
  errorFields,
  LOG_LEVELS,
  logLevelOf,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from "./logger.js";
export { logProcessFaults } from "./process-faults.js";
export { redactor, redactUrls, secretPartsOf, shownUrl } from "./redact.js";
