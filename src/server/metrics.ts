/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in the
 * text exposition format (version 0.0.4). Values are kept in memory; nothing is sampled on a
 * timer, so an idle server does no work for its metrics.
 */

type Labels = Readonly<Record<string, string>>;

const labelText = (labels: Labels): string => {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return pairs.length > 0 ? `{${pairs.join(",")}}` : "";
};

const escapeLabel = (value: string): string =>
  value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

const number = (n: number): string => (Number.isFinite(n) ? String(n) : n > 0 ? "+Inf" : "-Inf");

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge" | "histogram";
  lines(): string[];
}

export class Counter implements Metric {
  readonly type = "counter";
  private readonly values = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  lines(): string[] {
    return [...this.values].map(([labels, value]) => `${this.name}${labels} ${number(value)}`);
  }
}

/**
 * A value read at scrape time from `read`, which returns one value per label set: a gauge, or a
 * counter kept elsewhere (the event hub counts its own messages).
 */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => readonly (readonly [Labels, number])[],
    readonly type: "gauge" | "counter" = "gauge",
  ) {}

  lines(): string[] {
    return this.read().map(([labels, value]) => `${this.name}${labelText(labels)} ${number(value)}`);
  }
}

export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Histogram implements Metric {
  readonly type = "histogram";
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[] = LATENCY_BUCKETS,
  ) {}

  observe(value: number, labels: Labels = {}): void {
    const key = labelText(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (const [i, bound] of this.buckets.entries())
      if (value <= bound) entry.counts[i] = (entry.counts[i] ?? 0) + 1;
    entry.sum += value;
    entry.count += 1;
  }

  lines(): string[] {
    const out: string[] = [];
    for (const { labels, counts, sum, count } of this.series.values()) {
      for (const [i, bound] of this.buckets.entries()) {
        out.push(`${this.name}_bucket${labelText({ ...labels, le: String(bound) })} ${counts[i] ?? 0}`);
      }
      out.push(`${this.name}_bucket${labelText({ ...labels, le: "+Inf" })} ${count}`);
      out.push(`${this.name}_sum${labelText(labels)} ${number(sum)}`);
      out.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return out;
  }
}

export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  add<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }

  render(): string {
    const blocks = this.metrics.map((m) =>
      [`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`, ...m.lines()].join("\n"),
    );
    return `${blocks.join("\n")}\n`;
  }
}

/** The server's own instruments, shared by the request middleware, the watcher and the hub. */
export class ServerMetrics {
  readonly registry = new MetricsRegistry();
  readonly requests = this.registry.add(
    new Counter(
      "trackdown_http_requests_total",
      "HTTP requests answered, by method, route pattern and status",
    ),
  );
  readonly latency = this.registry.add(
    new Histogram(
      "trackdown_http_request_duration_seconds",
      "Time to answer a request, by method and route pattern",
    ),
  );
  readonly refresh = this.registry.add(
    new Histogram(
      "trackdown_index_refresh_duration_seconds",
      "Time to bring the index in line with the files: full scans and watcher updates",
    ),
  );
  readonly fileChanges = this.registry.add(
    new Counter("trackdown_file_changes_total", "Changes to ticket files made outside this server, by kind"),
  );
}
