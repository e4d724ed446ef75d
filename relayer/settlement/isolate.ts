// Which items (fills) make a batch revert: bisection over a simulation. Halves that pass are kept; a failing half is
// split again, down to single items. Because fills can depend on each other (an account may pay, later in the same
// batch, with what an earlier fill gave it), each item found failing alone is then offered back to the passing set,
// in batch order, and kept if the batch with it still passes. Costs O(k log n) simulations for k offenders.

/** A decoded custom error: its name and arguments (e.g. OrderExpired(orderHash, expiry)). */
export interface Revert {
  readonly name: string;
  readonly args: readonly unknown[];
}

export type Simulation = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly revert: Revert | null };
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
  const position = new Map(items.map((item, i) => [item, i]));
  const byPosition = (a: T, b: T) => position.get(a)! - position.get(b)!;
  const candidates = await bisect(items, simulate);
  let passing = candidates.passing;
  // The halves passed apart; together they may not (two fills that each fit an account's balance, but not both).
  if (candidates.failing.length > 0 && passing.length > 0 && !(await simulate(passing)).ok) passing = await greedy(passing, simulate, candidates.failing);
  const failing: Failing<T>[] = [];
  for (const f of candidates.failing.sort((a, b) => byPosition(a.item, b.item))) {
    const trial = [...passing, f.item].sort(byPosition);
    if ((await simulate(trial)).ok) passing = trial;
    else failing.push(f);
  }
  return { passing, failing };
}

async function bisect<T>(items: readonly T[], simulate: Simulate<T>): Promise<{ passing: T[]; failing: Failing<T>[] }> {
  if (items.length === 0) return { passing: [], failing: [] };
  const result = await simulate(items);
  if (result.ok) return { passing: [...items], failing: [] };
  if (items.length === 1) return { passing: [], failing: [{ item: items[0], reason: result.reason, revert: result.revert }] };
  const middle = items.length >> 1;
  const left = await bisect(items.slice(0, middle), simulate);
  const right = await bisect(items.slice(middle), simulate);
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
