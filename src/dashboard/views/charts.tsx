import type { FC } from "hono/jsx";

export interface ChartBar {
  label: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 16, right: 8, bottom: 40, left: 32 };

/**
 * A plain bar chart as inline SVG: no script, no library. The figure is labelled for screen readers
 * and the same numbers follow in a table, so nothing depends on seeing the bars.
 */
export const BarChart: FC<{ id: string; title: string; bars: ChartBar[]; unit: string }> = ({
  id,
  title,
  bars,
  unit,
}) => {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, bars.length);
  const barWidth = Math.max(2, slot * 0.7);
  const total = bars.reduce((sum, bar) => sum + bar.value, 0);
  return (
    <figure>
      <svg
        class="chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={String(WIDTH)}
        height={String(HEIGHT)}
        role="img"
        aria-labelledby={`${id}-title`}
      >
        <title id={`${id}-title`}>{`${title}: ${total} ${unit} in total, at most ${max} in one bar`}</title>
        <line
          class="axis"
          x1={String(PAD.left)}
          y1={String(PAD.top + plotHeight)}
          x2={String(WIDTH - PAD.right)}
          y2={String(PAD.top + plotHeight)}
        />
        <text x="0" y={String(PAD.top + 4)}>
          {String(max)}
        </text>
        <text x="0" y={String(PAD.top + plotHeight)}>
          0
        </text>
        {bars.map((bar, index) => {
          const height = (bar.value / max) * plotHeight;
          const x = PAD.left + index * slot + (slot - barWidth) / 2;
          return (
            <g>
              <rect
                class="bar"
                x={x.toFixed(1)}
                y={(PAD.top + plotHeight - height).toFixed(1)}
                width={barWidth.toFixed(1)}
                height={height.toFixed(1)}
              />
              <text x={(x + barWidth / 2).toFixed(1)} y={String(HEIGHT - PAD.bottom + 14)} text-anchor="middle">
                {bar.label}
              </text>
              {bar.value > 0 ? (
                <text
                  x={(x + barWidth / 2).toFixed(1)}
                  y={(PAD.top + plotHeight - height - 3).toFixed(1)}
                  text-anchor="middle"
                >
                  {String(bar.value)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
      <details>
        <summary>The numbers behind “{title}”</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">{unit}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr>
                <td>{bar.label}</td>
                <td>{bar.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
};
