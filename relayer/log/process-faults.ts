// After `npm start` is up, a fault nothing caught (an uncaught exception, a rejection nobody handled, e.g. from a
// transport library) would reach node's default handler, which prints the raw error and stack to stderr: a
// library's error may hold the RPC URL with its API key. These handlers send it through the logger instead (one
// redacted fatal line) and still end the process with exit code 1, as node would: the relayer is fail-stop, and a
// restart recovers from the log (docs/sequencer.md).
import type { Logger } from "pino";

export function logProcessFaults(
  logger: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  const onException = (error: unknown) => {
    logger.fatal({ err: error }, "uncaught exception; stopping");
    exit(1);
  };
  const onRejection = (reason: unknown) => {
    logger.fatal({ err: reason }, "unhandled promise rejection; stopping");
    exit(1);
  };
  process.on("uncaughtException", onException);
  process.on("unhandledRejection", onRejection);
  return () => {
    process.off("uncaughtException", onException);
    process.off("unhandledRejection", onRejection);
  };
}
