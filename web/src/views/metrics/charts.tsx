import type { JSX } from "preact";

/**
 * Charts drawn as inline SVG, no library: horizontal bars, columns and a burndown line. Each
 * has a text alternative (role="img" with every value in its label) for screen readers.
 */

export interface Datum {
  readonly label: string;
  readonly value: number;
  /** A CSS colour, e.g. `var(--cat-done)`. */
  readonly color?: string;
  /** Shown in the tooltip instead of the value. */
  readonly note?: string;
}

const summary = (title: string, data: readonly Datum[]) =>
  `${title}: ${data.map((d) => `${d.label} ${d.note ?? d.value}`).join(", ")}`;

export function BarChart({ title, data }: { title: string; data: readonly Datum[] }): JSX.Element {
  const max = Math.max(1, ...data.map((d) => d.value));
  const row = 26;
  const labelWidth = 110;
  const width = 420;
  const height = data.length * row;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary(title, data)}>
      {data.map((d, i) => {
        const barWidth = ((width - labelWidth - 44) * d.value) / max;
        const y = i * row;
        return (
          <g key={d.label}>
            <title>{`${d.label}: ${d.note ?? d.value}`}</title>
            <text x={labelWidth - 10} y={y + row / 2 + 4} text-anchor="end" class="chart-label">
              {d.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 5}
              width={width - labelWidth - 44}
              height={row - 10}
              rx="4"
              class="chart-track"
            />
            <rect
              x={labelWidth}
              y={y + 5}
              width={Math.max(d.value > 0 ? 3 : 0, barWidth)}
              height={row - 10}
              rx="4"
              style={{ fill: d.color ?? "var(--chart-1)" }}
            />
            <text x={labelWidth + barWidth + 6} y={y + row / 2 + 4} class="chart-value">
              {d.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function ColumnChart(props: {
  title: string;
  data: readonly Datum[];
  color?: string;
  height?: number;
}): JSX.Element {
  const { data } = props;
  const height = props.height ?? 180;
  const width = 440;
  const top = 14;
  const bottom = 26;
  const left = 28;
  const max = niceMax(Math.max(1, ...data.map((d) => d.value)));
  const slot = (width - left) / Math.max(1, data.length);
  const plot = height - top - bottom;
  const y = (v: number) => top + plot - (plot * v) / max;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary(props.title, data)}>
      {[0, max / 2, max].map((tick) => (
        <g key={tick}>
          <line x1={left} x2={width} y1={y(tick)} y2={y(tick)} class="chart-grid" />
          <text x={left - 6} y={y(tick) + 4} text-anchor="end" class="chart-axis">
            {Number.isInteger(tick) ? tick : tick.toFixed(1)}
          </text>
        </g>
      ))}
      {data.map((d, i) => {
        const x = left + i * slot + slot * 0.18;
        const w = slot * 0.64;
        const showLabel = (data.length - 1 - i) % Math.ceil(data.length / 8) === 0;
        return (
          <g key={d.label}>
            <title>{`${d.label}: ${d.note ?? d.value}`}</title>
            <rect
              x={x}
              y={y(d.value)}
              width={w}
              height={Math.max(0, top + plot - y(d.value))}
              rx="3"
              style={{ fill: d.color ?? props.color ?? "var(--chart-1)" }}
            />
            {d.value > 0 ? (
              <text x={x + w / 2} y={y(d.value) - 4} text-anchor="middle" class="chart-value">
                {d.value}
              </text>
            ) : null}
            {showLabel ? (
              <text x={x + w / 2} y={height - 8} text-anchor="middle" class="chart-axis">
                {d.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

export interface BurndownPoint {
  readonly day: string;
  /** Open tickets at the end of the day; undefined for days still to come. */
  readonly remaining: number | undefined;
}

export function BurndownChart({
  title,
  points,
  total,
}: {
  title: string;
  points: readonly BurndownPoint[];
  total: number;
}): JSX.Element {
  const width = 440;
  const height = 200;
  const left = 28;
  const top = 12;
  const bottom = 26;
  const plot = height - top - bottom;
  const max = niceMax(Math.max(1, total));
  const step = (width - left - 10) / Math.max(1, points.length - 1);
  const x = (i: number) => left + i * step;
  const y = (v: number) => top + plot - (plot * v) / max;
  const actual = points.flatMap((p, i) => (p.remaining === undefined ? [] : [`${x(i)},${y(p.remaining)}`]));
  const last = points.length - 1;
  const label = `${title}: ${points
    .filter((p) => p.remaining !== undefined)
    .map((p) => `${p.day} ${p.remaining}`)
    .join(", ")}`;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {[0, max / 2, max].map((tick) => (
        <g key={tick}>
          <line x1={left} x2={width} y1={y(tick)} y2={y(tick)} class="chart-grid" />
          <text x={left - 6} y={y(tick) + 4} text-anchor="end" class="chart-axis">
            {Math.round(tick)}
          </text>
        </g>
      ))}
      <line x1={x(0)} y1={y(total)} x2={x(last)} y2={y(0)} class="chart-ideal" />
      <polyline points={actual.join(" ")} class="chart-line" />
      {points.map((p, i) =>
        p.remaining === undefined ? null : (
          <circle key={p.day} cx={x(i)} cy={y(p.remaining)} r="3" class="chart-point">
            <title>{`${p.day}: ${p.remaining} open`}</title>
          </circle>
        ),
      )}
      {points.map((p, i) =>
        i === 0 || i === last || i === Math.floor(last / 2) ? (
          <text
            key={`l-${p.day}`}
            x={x(i)}
            y={height - 8}
            text-anchor={i === 0 ? "start" : i === last ? "end" : "middle"}
            class="chart-axis"
          >
            {p.day.slice(5)}
          </text>
        ) : null,
      )}
    </svg>
  );
}

/** A round upper bound for an axis: 1, 2, 2.5, 5, 10, 20, 25, 50 … */
export function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (value <= m * power) return m * power;
  return 10 * power;
}
