// Sites by province: a bar chart drawn from the counts the page embeds as JSON.
(function () {
  const element = document.getElementById("sites-by-province");
  const source = document.getElementById("sites-by-province-data");
  if (!element || !source || !window.echarts) return;
  const rows = JSON.parse(source.textContent);
  const chart = window.echarts.init(element);
  chart.setOption({
    grid: { left: 40, right: 16, top: 16, bottom: 80 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: rows.map((row) => row.name), axisLabel: { rotate: 45 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: rows.map((row) => row.count), itemStyle: { color: "#198754" } }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
