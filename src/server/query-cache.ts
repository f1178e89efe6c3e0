/**
 * Answers to list and search queries, kept until anything changes. Every change made through
 * the server and every change the watcher sees clears it; entries also expire after `ttlMs`,
 * so queries that depend on the clock (`updated:>7d`, `is:ready` with leases running out) are
 * never older than that. Many dashboards asking the same board queries after each event then
 * cost one query, not one each.
 */
export class QueryCache {
  private readonly entries = new Map<string, { at: number; value: unknown; size: number }>();
  private chars = 0;
  hits = 0;
  misses = 0;

  /**
   * `max` entries at most, and `maxChars` characters of string answers in all (a page can be
   * 10,000 tickets: the count of entries alone does not bound the memory). An answer larger
   * than `maxChars` is computed each time and not kept.
   */
  constructor(
    private readonly ttlMs = 1000,
    private readonly max = 256,
    private readonly now: () => number = () => performance.now(),
    private readonly maxChars = 16 * 1024 * 1024,
  ) {}

  clear(): void {
    this.entries.clear();
    this.chars = 0;
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
    this.remove(key);
    const size = typeof value === "string" ? value.length : 0;
    if (size > this.maxChars) return value;
    while (this.entries.size > 0 && (this.entries.size >= this.max || this.chars + size > this.maxChars)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.remove(oldest);
    }
    this.entries.set(key, { at: now, value, size });
    this.chars += size;
    return value;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.chars -= entry.size;
  }
}
