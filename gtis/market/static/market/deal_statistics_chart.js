// Trade statistics: deals closed and their value by month (bars and a line), and their value
// by transfer mode and by the seller's region (bars), from the JSON the page embeds.
(function () {
  const source = document.getElementById("deal-statistics-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const charts = [];

  const months = document.getElementById("deal-statistics-months");
  if (months) {
    const chart = window.echarts.init(months);
    chart.setOption({
      grid: { left: 48, right: 48, top: 32, bottom: 40 },
      tooltip: { trigger: "axis" },
      legend: { data: [months.dataset.deals, months.dataset.value] },
      xAxis: { type: "category", data: data.by_month.map((row) => row.label) },
      yAxis: [
        { type: "value", minInterval: 1 },
        { type: "value", position: "right" },
      ],
      series: [
        { name: months.dataset.deals, type: "bar", data: data.by_month.map((row) => row.deals), itemStyle: { color: "#198754" } },
        { name: months.dataset.value, type: "line", yAxisIndex: 1, data: data.by_month.map((row) => row.value) },
      ],
    });
    charts.push(chart);
  }

  const bars = (id, rows) => {
    const element = document.getElementById(id);
    if (!element) return;
    const chart = window.echarts.init(element);
    chart.setOption({
      grid: { left: 56, right: 16, top: 16, bottom: 80 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: rows.map((row) => row.label), axisLabel: { rotate: 30 } },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: rows.map((row) => row.value), itemStyle: { color: "#198754" } }],
    });
    charts.push(chart);
  };
  bars("deal-statistics-modes", data.by_mode);
  bars("deal-statistics-regions", data.by_seller_region);

  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
})();
