// Draws the charts listed in #charts (built by RunReport) with the inlined Chart.js.
(function () {
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  var marks = {
    id: 'broadsideMarks',
    afterDatasetsDraw: function (chart, args, options) {
      var list = options.list || [];
      var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x, y = chart.scales.y;
      ctx.save();
      ctx.font = '11px sans-serif';
      list.forEach(function (m, i) {
        var px = x.getPixelForValue(m.x);
        if (!isFinite(px)) { return; }
        ctx.fillStyle = ctx.strokeStyle = '#333';
        if (m.y === undefined) {
          ctx.setLineDash([5, 4]);
          ctx.strokeStyle = '#c00';
          ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = '#c00';
          ctx.fillText(m.label, Math.min(px + 4, area.right - ctx.measureText(m.label).width), area.top + 12);
        } else {
          var py = y.getPixelForValue(m.y);
          ctx.beginPath(); ctx.arc(px, py, 3.5, 0, 2 * Math.PI); ctx.fill();
          ctx.fillText(m.label, Math.min(px + 6, area.right - ctx.measureText(m.label).width), py + (i % 2 ? 12 : -4));
        }
      });
      ctx.restore();
    }
  };

  function draw(spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) { throw new Error('no canvas for chart ' + spec.id); }
    var line = spec.kind === 'line';
    var datasets = spec.datasets.map(function (d, i) {
      var color = COLORS[i % COLORS.length];
      return {
        label: d.label, data: d.data, yAxisID: d.axis, type: d.type || spec.kind,
        borderColor: color, backgroundColor: (d.type === 'line' || line) ? color : color + '99',
        pointRadius: (line && d.data.length > 60) ? 0 : 2, borderWidth: 1.5,
        stepped: spec.stepped ? 'before' : false, fill: false
      };
    });
    var scales = {
      x: { type: line ? 'linear' : 'category', title: { display: true, text: spec.xLabel } },
      y: { beginAtZero: true, title: { display: true, text: spec.yLabel } }
    };
    if (spec.y2Label) {
      scales.y2 = { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
                    title: { display: true, text: spec.y2Label } };
    }
    new Chart(canvas, {
      type: spec.kind,
      data: line ? { datasets: datasets } : { labels: spec.labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: line ? false : true,
        interaction: { mode: 'nearest', intersect: false },
        plugins: { title: { display: true, text: spec.title }, broadsideMarks: { list: spec.marks } },
        scales: scales
      },
      plugins: [marks]
    });
    window.broadsideReport.charts++;
  }

  var specs = JSON.parse(document.getElementById('charts').textContent);
  specs.forEach(function (spec) {
    try { draw(spec); } catch (e) { window.broadsideReport.errors.push(spec.id + ': ' + e); }
  });
  window.broadsideReport.done = true;
})();
