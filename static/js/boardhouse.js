// Boardhouse's own browser code. htmx sends the CSRF token from <body hx-headers>.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle-group]");
  if (!toggle) return;
  const group = toggle.closest(".group");
  const collapsed = group.classList.toggle("collapsed");
  toggle.setAttribute("aria-expanded", String(!collapsed));
  toggle.textContent = collapsed ? "▸" : "▾";
});
