// chart.js for the dashboard: bar charts only, and only the parts they use registered,
// so that this lazily loaded chunk stays small.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface BarSeries {
  label: string;
  data: (number | null)[];
  color: string;
}

export interface BarOptions {
  lang: string;
  /** Bars along x (one per label) or, horizontal, one row per label. */
  horizontal?: boolean;
  max?: number;
  /** Axis ticks and tooltips. */
  format: (value: number) => string;
  axisTitle: string;
}

export function drawBars(canvas: HTMLCanvasElement, labels: string[], series: BarSeries[], options: BarOptions): Chart<'bar'> {
  const valueAxis = {
    type: 'linear' as const,
    min: 0,
    max: options.max,
    title: { display: true, text: options.axisTitle },
    ticks: { callback: (value: string | number) => options.format(Number(value)) },
  };
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color })),
    },
    options: {
      indexAxis: options.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: options.lang,
      scales: options.horizontal ? { x: valueAxis } : { y: valueAxis },
      plugins: {
        legend: { display: series.length > 1 },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label ?? ''}: ${options.format(Number(item.raw))}`,
          },
        },
      },
    },
  });
}
