// The contract's print button (no inline scripts: a content security policy is on).
(function () {
  document.querySelectorAll("[data-gtis-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
})();
