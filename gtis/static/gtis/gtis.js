// Small behaviours that need script; no inline scripts anywhere (content security policy).
document.addEventListener("DOMContentLoaded", () => {
  // A submit button with data-confirm asks before it submits.
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  // Progress bars take their width from data-percent (inline styles are not allowed).
  const applyWidths = (root) => root.querySelectorAll("[data-percent]").forEach((bar) => {
    bar.style.width = `${bar.dataset.percent}%`;
  });
  applyWidths(document);
  document.body.addEventListener("htmx:afterSwap", (event) => applyWidths(event.target));
});
