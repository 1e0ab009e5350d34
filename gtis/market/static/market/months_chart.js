// Listings and needs by month on the market home: two lines from the JSON the page embeds.
(function () {
  const element = document.getElementById("market-months");
  if (!element || !window.echarts) return;
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const listings = new Map(read("market-listings-by-month"));
  const needs = new Map(read("market-needs-by-month"));
  const months = [...new Set([...listings.keys(), ...needs.keys()])].sort();
  const chart = window.echarts.init(element);
  chart.setOption({
    grid: { left: 40, right: 16, top: 32, bottom: 40 },
    tooltip: { trigger: "axis" },
    legend: { data: [element.dataset.listings, element.dataset.needs] },
    xAxis: { type: "category", data: months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: element.dataset.listings, type: "line", data: months.map((m) => listings.get(m) || 0) },
      { name: element.dataset.needs, type: "line", data: months.map((m) => needs.get(m) || 0) },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
