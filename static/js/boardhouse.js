// Boardhouse's own browser code. htmx sends the CSRF token from <body hx-headers>.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle-group]");
  if (!toggle) return;
  const group = toggle.closest(".group");
  const collapsed = group.classList.toggle("collapsed");
  toggle.setAttribute("aria-expanded", String(!collapsed));
  toggle.textContent = collapsed ? "▸" : "▾";
});

// Widgets that live in swapped-in board bodies (kanban, map) start when their markup arrives
// (page load, an htmx swap, or a vendored <script> in the swap finishing its download) and stop
// before htmx removes it.
window.boardhouse = window.boardhouse || {};
window.boardhouse.mountWidgets = (start, stop) => {
  document.addEventListener("DOMContentLoaded", () => start(document));
  document.addEventListener("htmx:load", (event) => start(event.target));
  document.addEventListener("load", (event) => {
    if (event.target.tagName === "SCRIPT") start(document);
  }, true);
  document.addEventListener("htmx:beforeCleanupElement", (event) => stop(event.target));
};
