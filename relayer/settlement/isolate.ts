// Which items (fills) make a batch revert, so that the rest can settle. The result always ends with a batch that
// passes the simulation (or is empty), whatever makes items fail: an item alone, a pair or larger set of items that
// only fail together (two orders of one maker with the same nonce: each settles alone, not both), or an item that
// depends on another (an account paying, later in the batch, with what an earlier fill gave it).
//
//   1. Bisection: halves that pass are kept; a failing half is split again, down to single items. O(k log n)
//      simulations for k items that fail alone.
//   2. The kept halves passed apart; together they may not (a conflict across halves). Then they are rebuilt one
//      item at a time, in batch order, each kept only if the batch with it still passes: O(n) simulations, only
//      in that case.
//   3. Each item found failing is offered back to the passing set, in batch order, and kept if the batch with it
//      passes (it may have failed only because a half lost what it depends on); again until a round adds none.
//
// Every addition in steps 2 and 3 is simulated with exactly the set it produces, so the final set is one that
// passed (given a simulation that answers the same for the same set).

/** A decoded custom error: its name and arguments (e.g. OrderExpired(orderHash, expiry)). */
export interface Revert {
  readonly name: string;
  readonly args: readonly unknown[];
}

export type Simulation =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly revert: Revert | null };
export type Simulate<T> = (items: readonly T[]) => Promise<Simulation>;

export interface Failing<T> {
  readonly item: T;
  readonly reason: string;
  readonly revert: Revert | null;
}

export interface Isolation<T> {
  /** In their original order; the batch of exactly these passes the simulation (or is empty). */
  readonly passing: T[];
  readonly failing: Failing<T>[];
}

export async function isolateFailing<T>(items: readonly T[], simulate: Simulate<T>): Promise<Isolation<T>> {
  if (items.length === 0 || (await simulate(items)).ok) return { passing: [...items], failing: [] };
  const position = new Map(items.map((item, i) => [item, i]));
  const byPosition = (a: T, b: T) => position.get(a)! - position.get(b)!;
  const candidates = await bisect(items, simulate, false);
  let passing = candidates.passing;
  const failing = candidates.failing;
  if (passing.length > 0 && !(await simulate(passing)).ok) passing = await greedy(passing, simulate, failing);
  let excluded = failing.sort((a, b) => byPosition(a.item, b.item));
  // Until a round adds nothing: an item may fit only once another one offered after it is back.
  for (let added = true; added && excluded.length > 0; ) {
    added = false;
    const still: Failing<T>[] = [];
    for (const f of excluded) {
      const trial = [...passing, f.item].sort(byPosition);
      if ((await simulate(trial)).ok) {
        passing = trial;
        added = true;
      } else still.push(f);
    }
    excluded = still;
  }
  return { passing, failing: excluded };
}

/** `known`: the caller already simulated `items` and saw it fail. */
async function bisect<T>(
  items: readonly T[],
  simulate: Simulate<T>,
  known: boolean,
): Promise<{ passing: T[]; failing: Failing<T>[] }> {
  if (items.length === 0) return { passing: [], failing: [] };
  if (items.length === 1) {
    const result = await simulate(items);
    return result.ok
      ? { passing: [...items], failing: [] }
      : { passing: [], failing: [{ item: items[0], reason: result.reason, revert: result.revert }] };
  }
  if (!known && (await simulate(items)).ok) return { passing: [...items], failing: [] };
  const middle = items.length >> 1;
  const left = await bisect(items.slice(0, middle), simulate, false);
  const right = await bisect(items.slice(middle), simulate, false);
  return { passing: [...left.passing, ...right.passing], failing: [...left.failing, ...right.failing] };
}

/** One item at a time, in order: kept while the batch still passes. Items dropped join `failing`. */
async function greedy<T>(items: readonly T[], simulate: Simulate<T>, failing: Failing<T>[]): Promise<T[]> {
  const kept: T[] = [];
  for (const item of items) {
    const result = await simulate([...kept, item]);
    if (result.ok) kept.push(item);
    else failing.push({ item, reason: result.reason, revert: result.revert });
  }
  return kept;
}
