// One relayer per describe block: mocha hooks that start it on a temp data dir before the first test (with funded
// accounts, credited through the sequencer as the chain watcher submits deposits) and stop it after the last.
import { after, before } from "mocha";
import type { PrivateKeyAccount } from "viem/accounts";
import type { RelayerConfig, RunningRelayer } from "../../relayer/app.js";
import { fund, start, tempDir } from "./http/fixtures.js";

export interface RelayerFixture {
  /** Accounts credited 100 WETH and 1,000,000 USDC before the first test. */
  funded?: readonly PrivateKeyAccount[];
  /** Settings over the tests' defaults (ephemeral port, the fixed clock NOW, no log); a function runs in the before hook. */
  config?: Partial<RelayerConfig> | (() => Partial<RelayerConfig> | Promise<Partial<RelayerConfig>>);
}

export interface FixtureRelayer extends RunningRelayer {
  /** Stops the relayer and starts it again on the same data dir and settings (a recovery from its log). */
  restart(): Promise<void>;
}

/**
 * Registers the before/after hooks in the calling describe block and answers the relayer they run, filled in by the
 * before hook: use it in tests and in hooks registered after this call. After hooks run in the order they are
 * registered, so a hook that must run before the relayer stops (closing clients) is registered before this call.
 */
export function useRelayer(fixture: RelayerFixture = {}): FixtureRelayer {
  let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
  let config: Partial<RelayerConfig> = {};
  let running: RunningRelayer | undefined;
  const relayer = {
    async restart() {
      await running!.close();
      running = await start(dir!.path, config);
      Object.assign(relayer, running);
    },
  } as FixtureRelayer;

  before(async () => {
    dir = await tempDir();
    config = typeof fixture.config === "function" ? await fixture.config() : (fixture.config ?? {});
    running = await start(dir.path, config);
    Object.assign(relayer, running);
    await fund(running, [...(fixture.funded ?? [])]);
  });

  after(async () => {
    await running?.close();
    await dir?.remove();
  });

  return relayer;
}
