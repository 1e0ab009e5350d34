// The roadmap Gantt: one row per deliverable, drawn with ECharts' custom series.
(function () {
  const element = document.getElementById("gantt");
  if (!element || !window.echarts) return;
  const colours = { none: "#adb5bd", green: "#198754", amber: "#ffc107", red: "#dc3545" };
  const day = (iso) => new Date(iso + "T00:00:00").getTime();

  fetch(element.dataset.url, { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((data) => {
      const rows = data.rows;
      element.style.height = `${Math.max(400, rows.length * 28 + 80)}px`;
      const chart = window.echarts.init(element);
      const categories = rows.map((row) => row.label);
      const bars = rows.map((row, index) => ({
        value: [index, day(row.start), day(row.end) + 86400000, row.percent || 0],
        itemStyle: { color: colours[row.rag] || colours.none },
        row,
      }));
      const baselines = rows.filter((row) => row.baseline).map((row) => ({
        value: [rows.indexOf(row), day(row.baseline.period_start), day(row.baseline.period_end) + 86400000],
      }));
      const reports = [];
      rows.forEach((row, index) => row.reports.forEach((when) => reports.push([day(when), index])));
      const drawBar = (offset, height) => (params, api) => {
        const start = api.coord([api.value(1), api.value(0)]);
        const end = api.coord([api.value(2), api.value(0)]);
        const size = api.size([0, 1])[1];
        return {
          type: "rect",
          shape: { x: start[0], y: start[1] - size * offset, width: Math.max(2, end[0] - start[0]), height: size * height },
          style: api.style(),
        };
      };
      chart.setOption({
        animation: false,
        grid: { left: 260, right: 30, top: 30, bottom: 40 },
        tooltip: {
          formatter: (p) => (p.data && p.data.row
            ? `${p.data.row.label}<br>${p.data.row.start} – ${p.data.row.end}<br>${p.data.row.status_label}` +
              (p.data.row.percent !== null ? ` · ${p.data.row.percent}%` : "")
            : ""),
        },
        xAxis: { type: "time", position: "top" },
        yAxis: { type: "category", data: categories, inverse: true, axisLabel: { width: 240, overflow: "truncate" } },
        series: [
          { type: "custom", name: data.labels.baseline, renderItem: drawBar(0.42, 0.12), encode: { x: [1, 2], y: 0 },
            data: baselines, itemStyle: { color: "#6c757d", opacity: 0.5 }, silent: true },
          { type: "custom", renderItem: drawBar(0.25, 0.5), encode: { x: [1, 2], y: 0 }, data: bars,
            markLine: { symbol: "none", label: { formatter: `${data.labels.as_of} ${data.as_of}` },
                        lineStyle: { color: "#dc3545", width: 2 }, data: [{ xAxis: day(data.as_of) }] } },
          { type: "scatter", name: data.labels.report, data: reports, symbolSize: 6, itemStyle: { color: "#0d6efd" } },
        ],
      });
      chart.on("click", (params) => { if (params.data && params.data.row) window.location = params.data.row.url; });
      window.addEventListener("resize", () => chart.resize());
      element.dataset.ready = "true";
    });
})();
