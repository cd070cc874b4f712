// chart.js set-up for the timeline: floating horizontal bars from start to end.
// Only the parts used are registered, to keep the lazy chunk small.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { TimelineRow } from '../../lib/domain/timeline';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const COLORS: Record<TimelineRow['type'], string> = { self: '#1d4e89', project: '#4f7fb8', outcome: '#d08c00' };

export interface TimelineText {
  lang: string;
  label: (row: TimelineRow) => string;
  tooltip: (row: TimelineRow) => string;
  year: (ms: number) => string;
  dateMs: (iso: string) => number;
}

export function drawTimeline(canvas: HTMLCanvasElement, rows: TimelineRow[], text: TimelineText): Chart<'bar'> {
  const spans = rows.map((r) => [text.dateMs(r.start), text.dateMs(r.end)] as [number, number]);
  const min = Math.min(...spans.map((s) => s[0]));
  const max = Math.max(...spans.map((s) => s[1]));
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.code),
      datasets: [
        {
          data: spans,
          backgroundColor: rows.map((r) => COLORS[r.type]),
          borderSkipped: false,
          barPercentage: 0.7,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: text.lang,
      scales: {
        x: {
          type: 'linear',
          min,
          max,
          // One tick on each 1 January: readable years instead of arbitrary milliseconds.
          afterBuildTicks: (axis) => {
            const first = new Date(min).getUTCFullYear() + (new Date(min).getUTCMonth() > 0 ? 1 : 0);
            const last = new Date(max).getUTCFullYear();
            axis.ticks = [];
            for (let y = first; y <= last; y++) axis.ticks.push({ value: Date.UTC(y, 0, 1) });
          },
          ticks: { callback: (value) => text.year(Number(value)) },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => text.label(rows[items[0].dataIndex]),
            label: (item) => text.tooltip(rows[item.dataIndex]),
          },
        },
      },
    },
  });
}
