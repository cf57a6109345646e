// cells: click a cell to edit it, rename items inline, move between cells with the keyboard,
// and show an Undo toast after each change. Plain JS over htmx; the server renders every piece
// of HTML (views/cells.py), this only decides when to ask for it.
(() => {
  "use strict";

  // A rejected value answers 422 with the editor and the reason: swap it like a success.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "422", swap: true, error: false },
    { code: "[45]..", swap: false, error: true },
  ];

  const EDITOR = ".cell-editor, .rename-form";
  const OPEN_EDITOR = ".cell-editor:not([inert]), .rename-form:not([inert])"; // not being cancelled
  const TOAST_MS = 8000;

  const cellUrl = (td) => `/items/${td.dataset.itemId}/cells/${encodeURIComponent(td.dataset.columnKey)}`;
  const canEdit = (el) => Boolean(el.closest("[data-can-edit='true']"));
  // Translated labels, rendered by the server into the add-item form (views/table/_add_item.html).
  const label = (name, fallback) => document.querySelector(`[data-i18n-${name}]`)?.getAttribute(`data-i18n-${name}`)
    || fallback;

  function openEditor(td) {
    if (!td || !td.matches("td.cell[data-editable]") || td.querySelector(EDITOR)) return;
    closeEditors(td);
    td.dataset.opening = "true";
    htmx.ajax("GET", `${cellUrl(td)}/edit`, { target: td, swap: "innerHTML" });
  }

  // Escape while the editor is still loading: drop it when it arrives.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const td = event.detail.target;
    if (td?.dataset?.opening === "cancelled") event.detail.shouldSwap = false;
    if (td?.dataset?.opening) delete td.dataset.opening;
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt?.dataset?.opening) delete event.detail.elt.dataset.opening;
  });

  function startRename(td) {
    if (!td || !canEdit(td) || td.querySelector(EDITOR)) return;
    closeEditors(td);
    htmx.ajax("GET", `/items/${td.dataset.itemId}/rename`, { target: td, swap: "innerHTML" });
  }

  // htmx wires up swapped-in content when it settles (a few ms later); a quick Enter or Escape
  // can come first, so wire the editor now (htmx.process is idempotent).
  const ready = (form) => {
    htmx.process(form);
    return form;
  };

  // Cancelling re-gets the display partial (the editor's own Cancel button says from where).
  // The editor goes inert at once, so a late autofocus cannot pull the focus back into it.
  function cancel(form) {
    ready(form).querySelector(".cell-cancel")?.click();
    const cell = form.closest(".cell");
    const hadFocus = form.contains(document.activeElement) || document.activeElement === cell;
    form.inert = true;
    if (hadFocus && cell) focusCell(cell);
  }

  function closeEditors(except) {
    document.querySelectorAll(OPEN_EDITOR).forEach((form) => {
      if (form.closest(".cell") !== except) cancel(form);
    });
  }

  // -- structured editors: one serializer builds the `json` field from marked inputs ---------
  function cast(input, text) {
    return input.dataset.cast === "number" && text !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
  }

  function serialize(form) {
    const out = form.querySelector("[data-json-out]");
    if (!out) return;
    let value = null;
    if (form.dataset.json === "object") {
      value = {};
      form.querySelectorAll("[data-key]").forEach((input) => {
        const text = input.value.trim();
        if (text !== "") value[input.dataset.key] = cast(input, text);
      });
      if (Object.keys(value).length === 0) value = null;
    } else if (form.dataset.json === "list") {
      value = [...form.querySelectorAll("[data-item]:checked")].map((input) => cast(input, input.value));
      form.querySelectorAll("[data-item-text]").forEach((input) => {
        input.value.split(/[,;]/).map((piece) => piece.trim()).filter(Boolean).forEach((piece) => value.push(piece));
      });
    } else if (form.dataset.json === "boolean") {
      value = Boolean(form.querySelector("[data-bool]")?.checked);
    }
    out.value = value === null ? "" : JSON.stringify(value);
  }

  const jsonForm = (el) => el?.closest?.("form[data-json]");
  document.addEventListener("input", (event) => {
    const form = jsonForm(event.target);
    if (form) serialize(form);
    if (event.target.matches?.("[data-filter-list]")) filterList(event.target);
  });
  document.addEventListener("change", (event) => {
    const form = jsonForm(event.target);
    if (form) serialize(form);
    if (event.target.matches?.("[data-autosubmit]")) event.target.form?.requestSubmit();
  });
  // Capture phase: runs before htmx reads the form on its own submit listener.
  document.addEventListener("submit", (event) => {
    if (event.target.matches?.(EDITOR)) {
      // A click on a value button (status pill, star) that came before htmx wired the form up
      // was not seen by htmx: carry the button's value in a hidden field.
      const button = event.submitter;
      if (button?.name) {
        let carrier = event.target.querySelector("input[data-submitter]");
        if (!carrier) {
          carrier = Object.assign(document.createElement("input"), { type: "hidden" });
          carrier.dataset.submitter = "";
          event.target.prepend(carrier);
        }
        carrier.name = button.name;
        carrier.value = button.value;
      }
    }
    if (event.target.matches?.("form[hx-post]")) ready(event.target);
    const form = jsonForm(event.target);
    if (form) serialize(form);
  }, true);

  function filterList(input) {
    const wanted = input.value.trim().toLowerCase();
    input.form?.querySelectorAll(".choice").forEach((choice) => {
      choice.hidden = wanted !== "" && !choice.textContent.toLowerCase().includes(wanted);
    });
  }

  // -- mouse ----------------------------------------------------------------------------------
  document.addEventListener("click", (event) => {
    const renameButton = event.target.closest(".rename-button");
    if (renameButton) {
      startRename(renameButton.closest("td.cell-name"));
      return;
    }
    const td = event.target.closest("td.cell[data-editable]");
    if (!td || event.target.closest("a, button, input, select, textarea, label, form")) return;
    openEditor(td);
  });

  // A double-click's first click also opens the item panel, which takes the focus when it
  // arrives; give it back to the rename field (on window: after the panel's own handler).
  window.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target?.id !== "item-panel") return;
    document.querySelector(".rename-form:not([inert]) input[name=name]")?.focus();
  });

  document.addEventListener("dblclick", (event) => {
    const name = event.target.closest(".item-name");
    if (!name || !canEdit(name)) return;
    event.preventDefault();
    startRename(name.closest("td.cell-name"));
  });

  // -- keyboard -------------------------------------------------------------------------------
  function focusCell(td) {
    if (!td.hasAttribute("tabindex")) td.tabIndex = -1;
    td.focus();
    td.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  const rowCells = (tr) => [...tr.querySelectorAll(":scope > td.cell")];

  function neighbour(td, key) {
    const tr = td.parentElement;
    const cells = rowCells(tr);
    const column = cells.indexOf(td);
    if (key === "ArrowLeft") return cells[column - 1];
    if (key === "ArrowRight") return cells[column + 1];
    const rows = [...document.querySelectorAll("tr.item-row")].filter((row) => row === tr || row.offsetParent);
    const next = rows[rows.indexOf(tr) + (key === "ArrowUp" ? -1 : 1)];
    if (!next) return null;
    const nextCells = rowCells(next);
    return nextCells[Math.min(column, nextCells.length - 1)];
  }

  document.addEventListener("keydown", (event) => {
    const form = event.target.closest?.(EDITOR);
    if (form) {
      if (event.key === "Escape") {
        event.preventDefault();
        cancel(form);
      } else if (event.key === "Enter" && !event.isComposing) {
        const tag = event.target.tagName;
        if (tag === "TEXTAREA") {
          if (event.ctrlKey || event.metaKey) {
            event.preventDefault();
            ready(form).requestSubmit();
          }
        } else if (tag === "INPUT" || tag === "SELECT") {
          event.preventDefault();
          ready(form).requestSubmit();
        }
      }
      return;
    }
    const td = event.target;
    if (!td.matches?.("td.cell")) return; // only when a cell itself has the focus
    const open = td.querySelector(OPEN_EDITOR);
    if (open || td.dataset.opening) { // its editor is on its way (to the cell, or to the focus)
      if (event.key === "Escape" && open) cancel(open);
      else if (event.key === "Escape") td.dataset.opening = "cancelled";
      return;
    }
    if (event.key.startsWith("Arrow")) {
      const target = neighbour(td, event.key);
      if (target) {
        event.preventDefault();
        focusCell(target);
      }
    } else if (event.key === "Enter" || event.key === "F2") {
      event.preventDefault();
      if (td.matches(".cell-name")) startRename(td);
      else openEditor(td);
    }
  });

  // One cell of the table is in the tab order (a roving tabindex): the last one focused.
  document.addEventListener("focusin", (event) => {
    const td = event.target;
    if (!td.matches?.("td.cell")) return;
    document.querySelectorAll("td.cell[tabindex='0']").forEach((other) => {
      if (other !== td) other.tabIndex = -1;
    });
    td.tabIndex = 0;
  });

  // After an editor closes (saved or cancelled) the focus goes back to its cell.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    if (!target?.matches?.("td.cell") || target.querySelector(EDITOR)) return;
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) focusCell(target);
  });

  // -- decorate new content: rename buttons, the table's tab stop, editors' initial JSON --------
  function decorate(root) {
    // An item added at the end of a group that has more pages to load comes again with the
    // last page: keep the row in its place in the order, drop the appended copy.
    if (root.matches?.("tr.item-row")) {
      document.querySelectorAll(`tr.item-row[data-item-id="${CSS.escape(root.dataset.itemId)}"]`)
        .forEach((row, index) => { if (index > 0) row.remove(); });
    }
    const names = [...(root.querySelectorAll?.("td.cell-name") || [])];
    const own = root.closest?.("td.cell-name");
    if (own) names.push(own);
    names.forEach((td) => {
      if (!td.hasAttribute("tabindex")) td.tabIndex = -1;
      if (!canEdit(td) || td.querySelector(".rename-button, .rename-form")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "rename-button";
      button.title = label("rename", "Rename");
      button.setAttribute("aria-label", button.title);
      button.textContent = "✎";
      td.append(button);
    });
    const forms = [...(root.querySelectorAll?.("form[data-json]") || [])];
    if (root.matches?.("form[data-json]")) forms.push(root);
    forms.forEach(serialize);
    if (!document.querySelector("td.cell[tabindex='0']")) {
      const first = document.querySelector("tr.item-row td.cell");
      if (first) first.tabIndex = 0;
    }
  }
  htmx.onLoad(decorate);

  // -- add item: empty the field after a success --------------------------------------------
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt;
    if (!form?.matches?.("form[data-reset-on-success]") || !event.detail.successful) return;
    form.reset();
    form.querySelectorAll(".add-item-error").forEach((el) => { el.textContent = ""; });
    form.querySelector("input[name=name]")?.focus();
  });

  // -- toasts ---------------------------------------------------------------------------------
  function removeToast(toast, delay) {
    clearTimeout(toast.hideTimer);
    toast.hideTimer = setTimeout(() => toast.remove(), delay);
  }

  function showToast(detail) {
    const box = document.getElementById("toasts");
    if (!box) return;
    const toast = document.createElement("div");
    toast.className = "toast";
    toast.setAttribute("role", "status");
    const text = document.createElement("span");
    text.className = "toast-message";
    text.textContent = detail.message || "";
    toast.append(text);
    if (detail.undo_url) {
      const undo = document.createElement("button");
      undo.type = "button";
      undo.className = "link toast-undo";
      undo.textContent = detail.undo_label || "Undo";
      undo.setAttribute("hx-post", detail.undo_url);
      undo.setAttribute("hx-swap", "none");
      toast.append(undo);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "link toast-close";
    close.textContent = "×";
    close.setAttribute("aria-label", label("close", "Close"));
    close.addEventListener("click", () => toast.remove());
    toast.append(close);
    box.append(toast);
    while (box.children.length > 3) box.firstElementChild.remove(); // the newest few are enough
    htmx.process(toast);
    toast.addEventListener("mouseenter", () => clearTimeout(toast.hideTimer));
    toast.addEventListener("mouseleave", () => removeToast(toast, TOAST_MS / 2));
    removeToast(toast, TOAST_MS);
  }

  document.body.addEventListener("boardhouse:changed", (event) => showToast(event.detail || {}));

  // The undo answers a short text; a refusal (409: changed since) answers the reason as JSON.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const button = event.detail.elt;
    if (!button?.matches?.(".toast-undo")) return;
    const toast = button.closest(".toast");
    const xhr = event.detail.xhr;
    let message = xhr.responseText;
    if (!event.detail.successful) {
      try {
        message = JSON.parse(xhr.responseText).error.message;
      } catch (_error) {
        message = xhr.statusText;
      }
      toast.classList.add("toast-error");
    }
    toast.querySelector(".toast-message").textContent = message;
    button.remove();
    removeToast(toast, TOAST_MS / 2);
  });
})();
