/**
 * Answers to list and search queries, kept until anything changes. Every change made through
 * the server and every change the watcher sees clears it; entries also expire after `ttlMs`,
 * so queries that depend on the clock (`updated:>7d`, `is:ready` with leases running out) are
 * never older than that. Many dashboards asking the same board queries after each event then
 * cost one query, not one each.
 */
export class QueryCache {
  private readonly entries = new Map<string, { at: number; value: unknown }>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly ttlMs = 1000,
    private readonly max = 256,
    private readonly now: () => number = () => performance.now(),
  ) {}

  clear(): void {
    this.entries.clear();
  }

  get<T>(key: string, compute: () => T): T {
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry && now - entry.at < this.ttlMs) {
      this.hits += 1;
      return entry.value as T;
    }
    this.misses += 1;
    const value = compute();
    this.entries.delete(key);
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { at: now, value });
    return value;
  }
}
