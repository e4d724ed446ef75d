/**
 * A promise that one side of a test resolves when something happened and the other awaits: a test waits for the
 * event itself rather than sleeping for a time it hopes is long enough.
 */
export interface Signal<T = void> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

export function signal<T = void>(): Signal<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
