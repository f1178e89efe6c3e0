import { describe, expect, it } from "vitest";
import { Counter, Gauge, Histogram, MetricsRegistry } from "./metrics.js";

describe("Prometheus text format", () => {
  it("renders counters, gauges and cumulative histogram buckets with escaped labels", () => {
    const registry = new MetricsRegistry();
    const requests = registry.add(new Counter("requests_total", "Requests"));
    requests.inc({ route: '/a"b' });
    requests.inc({ route: '/a"b' });
    registry.add(new Gauge("clients", "Clients", () => [[{}, 3]]));
    const latency = registry.add(new Histogram("latency_seconds", "Latency", [0.1, 1]));
    latency.observe(0.05);
    latency.observe(0.5);
    latency.observe(5);
    expect(registry.render()).toBe(
      [
        "# HELP requests_total Requests",
        "# TYPE requests_total counter",
        'requests_total{route="/a\\"b"} 2',
        "# HELP clients Clients",
        "# TYPE clients gauge",
        "clients 3",
        "# HELP latency_seconds Latency",
        "# TYPE latency_seconds histogram",
        'latency_seconds_bucket{le="0.1"} 1',
        'latency_seconds_bucket{le="1"} 2',
        'latency_seconds_bucket{le="+Inf"} 3',
        "latency_seconds_sum 5.55",
        "latency_seconds_count 3",
        "",
      ].join("\n"),
    );
  });
});
