/**
 * chart.js with only the pieces the Progress screen draws (bar and line charts on category and linear axes,
 * tooltips, legend), so the rest tree-shakes away. Imported lazily by cad-progress-chart: the figures and
 * tables show before this chunk has arrived.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

export { Chart };
