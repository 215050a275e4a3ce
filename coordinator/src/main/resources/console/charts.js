// Live charts of a run (Chart.js 4 UMD, global Chart): throughput and latency against elapsed
// seconds, with stage changes drawn as dashed vertical lines by a small plugin.

export const MAX_POINTS = 3600;

const COLORS = {
  rps: '#1d5fbf',
  tps: '#0d7d5f',
  ttft: '#1d5fbf',
  tpot: '#b4531a',
  marker: '#8a6a00',
};

function chartLib() {
  return typeof window !== 'undefined' && typeof window.Chart === 'function' ? window.Chart : null;
}

let defaultsSet = false;

function setDefaults(C) {
  if (defaultsSet) return;
  defaultsSet = true;
  C.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  C.defaults.font.size = 11;
  C.defaults.color = '#3b4350';
  C.defaults.borderColor = '#e3e7ee';
}

/** A plugin drawing markers [{x, label}] as dashed vertical lines with their label. */
function stageMarkerPlugin(markers) {
  return {
    id: 'broadsideStageMarkers',
    afterDatasetsDraw(chart) {
      const area = chart.chartArea;
      const x = chart.scales && chart.scales.x;
      if (!area || !x || markers.length === 0) return;
      const c = chart.ctx;
      c.save();
      c.strokeStyle = COLORS.marker;
      c.fillStyle = COLORS.marker;
      c.lineWidth = 1;
      c.setLineDash([4, 3]);
      c.font = '10px system-ui, sans-serif';
      c.textBaseline = 'top';
      let lastLabelRight = -Infinity;
      for (const m of markers) {
        const px = x.getPixelForValue(m.x);
        if (!Number.isFinite(px) || px < area.left - 0.5 || px > area.right + 0.5) continue;
        c.beginPath();
        c.moveTo(px, area.top);
        c.lineTo(px, area.bottom);
        c.stroke();
        if (m.label && px + 3 > lastLabelRight) {
          const text = String(m.label).slice(0, 24);
          c.fillText(text, px + 3, area.top + 2);
          lastLabelRight = px + 3 + c.measureText(text).width + 4;
        }
      }
      c.restore();
    },
  };
}

function dataset(label, color, axis, dashed) {
  return {
    label,
    data: [],
    yAxisID: axis,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 1.5,
    borderDash: dashed ? [5, 3] : [],
    pointRadius: 0,
    pointHoverRadius: 3,
    tension: 0,
    spanGaps: false,
  };
}

function lineChart(C, canvas, datasets, scales, markers) {
  return new C(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: 'elapsed (s)' },
          ticks: { maxTicksLimit: 10 },
        },
        ...scales,
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2 } },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? `t = ${Number(items[0].parsed.x).toFixed(0)} s` : ''),
          },
        },
      },
    },
    plugins: [stageMarkerPlugin(markers)],
  });
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const ms = (v) => (typeof v === 'number' && Number.isFinite(v) ? v * 1000 : null);

/**
 * Creates both charts; returns {available, addProgress(x, p), addMarker(x, label), redraw(),
 * destroy()}; adding only records, redraw() draws.
 * Without Chart.js it returns no-ops (available false).
 */
export function createRunCharts(throughputCanvas, latencyCanvas) {
  const C = chartLib();
  if (!C) {
    return { available: false, addProgress() {}, addMarker() {}, redraw() {}, destroy() {} };
  }
  setDefaults(C);
  const markers = [];
  const throughput = lineChart(
    C,
    throughputCanvas,
    [dataset('requests/s', COLORS.rps, 'y', false), dataset('tokens/s', COLORS.tps, 'y1', false)],
    {
      y: { beginAtZero: true, title: { display: true, text: 'requests/s' } },
      y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'tokens/s' } },
    },
    markers,
  );
  const latency = lineChart(
    C,
    latencyCanvas,
    [
      dataset('TTFT p50', COLORS.ttft, 'y', false),
      dataset('TTFT p99', COLORS.ttft, 'y', true),
      dataset('TPOT p50', COLORS.tpot, 'y', false),
      dataset('TPOT p99', COLORS.tpot, 'y', true),
    ],
    { y: { beginAtZero: true, title: { display: true, text: 'ms' } } },
    markers,
  );
  let lastX = null;
  let destroyed = false;

  function push(chart, values, x) {
    chart.data.datasets.forEach((ds, i) => {
      ds.data.push({ x, y: values[i] });
    });
  }

  function trim(chart) {
    for (const ds of chart.data.datasets) {
      if (ds.data.length > MAX_POINTS) ds.data.splice(0, ds.data.length - MAX_POINTS);
    }
  }

  return {
    available: true,
    addProgress(x, p) {
      if (destroyed || typeof x !== 'number' || !Number.isFinite(x)) return;
      if (lastX !== null && x <= lastX) return; // replayed or out of order
      lastX = x;
      const g = (o, k) => (o && typeof o === 'object' ? o[k] : null);
      push(throughput, [num(p.requestsPerS), num(p.tokensPerS)], x);
      push(latency, [ms(g(p.ttft, 'p50')), ms(g(p.ttft, 'p99')), ms(g(p.tpot, 'p50')), ms(g(p.tpot, 'p99'))], x);
      // a replay can push thousands of points before the next redraw
      if (throughput.data.datasets[0].data.length > 2 * MAX_POINTS) {
        trim(throughput);
        trim(latency);
      }
    },
    addMarker(x, label) {
      if (destroyed || typeof x !== 'number' || !Number.isFinite(x)) return;
      markers.push({ x, label: label === null || label === undefined ? '' : String(label) });
      if (markers.length > 500) markers.splice(0, markers.length - 500);
    },
    /** Redraws both charts with what was added since (call it at most a few times a second). */
    redraw() {
      if (destroyed) return;
      trim(throughput);
      trim(latency);
      throughput.update('none');
      latency.update('none');
    },
    destroy() {
      destroyed = true;
      throughput.destroy();
      latency.destroy();
    },
  };
}
