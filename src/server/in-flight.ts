/**
 * The requests the server is answering. Before the watcher decides whether a changed file is
 * someone else's edit or this server's own write, it waits for the requests in flight at that
 * moment: once they settle, every write of theirs has announced itself.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when the requests running now have finished (later ones are not waited for). */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
