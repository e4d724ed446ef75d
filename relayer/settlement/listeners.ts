// The settlers' listener sets: every listener hears every event, and one that throws is reported without keeping the
// event from the others or from the settler's own work.
export class Listeners<E> {
  readonly #listeners = new Set<(event: E) => void>();

  constructor(
    private readonly onError: (error: unknown) => void,
    /** A listener given at construction (a settler's `onSettlementState` option): always first, never removed. */
    private readonly first?: (event: E) => void,
  ) {}

  /** Registers `listener` for every later event; returns its remover. */
  add(listener: (event: E) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: E): void {
    for (const listener of [this.first, ...this.#listeners]) {
      try {
        listener?.(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
