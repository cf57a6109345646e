// The item panel (templates/boards/panel/): a refused form (422) swaps in with its message,
// Esc closes the panel, Ctrl+Enter posts an update, "@" suggests workspace members, and the
// open item's row is highlighted in the table. htmx does the requests.
(() => {
  const panel = () => document.getElementById("item-panel");
  let refocus = null;

  // htmx swaps only 2xx by default; the panel's forms answer 422 with the partial and its reason.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (event.detail.xhr.status === 422 && target && target.closest && target.closest("#item-panel")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt;
    if (form.matches && form.matches(".add-subitem")) refocus = "#panel-subitems .add-subitem input[name=name]";
    else if (form.matches && form.matches(".update-form")) refocus = "#panel-updates .update-form textarea";
  });

  function markOpenRow() {
    const article = panel() && panel().querySelector(".panel");
    const id = article ? article.dataset.itemId : null;
    document.querySelectorAll("tr.panel-open").forEach((row) => row.classList.remove("panel-open"));
    if (id) document.querySelectorAll(`tr.item-row[data-item-id="${CSS.escape(id)}"]`)
      .forEach((row) => row.classList.add("panel-open"));
  }

  document.addEventListener("htmx:afterSettle", (event) => {
    markOpenRow();
    if (refocus) {
      const field = document.querySelector(refocus);
      refocus = null;
      if (field) field.focus();
    } else if (event.detail.target && event.detail.target.id === "item-panel") {
      const title = panel().querySelector(".panel-title");
      if (title) title.focus({ preventScroll: true });
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    // An open editor (a cell's form, the update box) handles its own Esc.
    if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable], form")) return;
    const close = panel() && panel().querySelector("[data-panel-close]");
    if (close) {
      event.preventDefault();
      close.click();
    }
  });

  // -- @-mentions: suggest members while typing after an "@" -------------------------------
  const MAX_SUGGESTIONS = 8;
  const SPACELESS = /[\u0e00-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const WORDISH = /[\p{L}\p{N}_]/u;

  function members(area) {
    try { return JSON.parse(area.dataset.mentionMembers || "[]"); } catch { return []; }
  }

  function mentionAt(area) {
    const before = area.value.slice(0, area.selectionStart);
    const at = before.lastIndexOf("@");
    if (at < 0) return null;
    const previous = at > 0 ? before[at - 1] : "";
    if (previous && WORDISH.test(previous) && !SPACELESS.test(previous)) return null;  // an e-mail address
    const query = before.slice(at + 1);
    if (query.includes("\n") || query.length > 60) return null;
    return { at, query: query.toLowerCase() };
  }

  function matches(member, query) {
    const name = member.name.toLowerCase();
    return !query || name.startsWith(query) || member.email.startsWith(query)
      || name.split(/\s+/).some((word) => word.startsWith(query));
  }

  function listOf(area) {
    return area.parentElement.querySelector(".mention-suggestions");
  }

  function hide(area) {
    const list = listOf(area);
    if (list) list.remove();
  }

  function pick(area, member) {
    const state = mentionAt(area);
    if (!state) return hide(area);
    const before = area.value.slice(0, state.at);
    const after = area.value.slice(area.selectionStart);
    const text = `@${member.insert} `;
    area.value = before + text + after;
    const caret = before.length + text.length;
    area.focus();
    area.setSelectionRange(caret, caret);
    hide(area);
  }

  function suggest(area) {
    const state = mentionAt(area);
    const found = state ? members(area).filter((m) => matches(m, state.query)).slice(0, MAX_SUGGESTIONS) : [];
    if (!found.length) return hide(area);
    let list = listOf(area);
    if (!list) {
      list = document.createElement("ul");
      list.className = "mention-suggestions";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", area.dataset.mentionLabel || "Members");
      area.parentElement.appendChild(list);
    }
    list.replaceChildren(...found.map((member, index) => {
      const option = document.createElement("li");
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", String(index === 0));
      const name = document.createElement("span");
      name.textContent = member.name;  // text, never markup
      const email = document.createElement("small");
      email.textContent = member.email;
      option.append(name, email);
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();  // keep the textarea's focus and caret
        pick(area, member);
      });
      option.member = member;
      return option;
    }));
  }

  document.addEventListener("input", (event) => {
    if (event.target.matches && event.target.matches("textarea[data-mention-members]")) suggest(event.target);
  });

  document.addEventListener("focusout", (event) => {
    if (event.target.matches && event.target.matches("textarea[data-mention-members]")) hide(event.target);
  });

  document.addEventListener("keydown", (event) => {
    const area = event.target;
    if (!area.matches || !area.matches(".update-form textarea")) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      hide(area);
      area.form.requestSubmit();
      return;
    }
    const list = listOf(area);
    if (!list) return;
    const options = [...list.children];
    const current = options.findIndex((o) => o.getAttribute("aria-selected") === "true");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = (current + (event.key === "ArrowDown" ? 1 : -1) + options.length) % options.length;
      options.forEach((o, i) => o.setAttribute("aria-selected", String(i === next)));
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pick(area, options[Math.max(current, 0)].member);
    } else if (event.key === "Escape") {
      event.preventDefault();
      hide(area);
    }
  });
})();
