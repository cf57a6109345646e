// design: board design in place (admins) and dragging rows (members).
// Menus open in one popover (#design-popover); every change answers with the event
// "boardhouse:board-changed" and the board body reloads itself. Drag and drop is Sortable.js.
(() => {
  "use strict";

  const BOARD_CHANGED = "boardhouse:board-changed";
  const SORTABLE_SRC = (document.currentScript && document.currentScript.src || "/static/js/design.js")
    .replace(/js\/design\.js.*$/, "vendor/sortable-1.15.7.min.js");

  // -- the popover --------------------------------------------------------------------------
  const popover = document.createElement("div");
  popover.id = "design-popover";
  popover.className = "design-popover";
  popover.setAttribute("role", "dialog");
  popover.setAttribute("data-design", "");
  document.body.appendChild(popover);
  let anchor = null;

  function closePopover() {
    popover.replaceChildren();
    anchor = null;
  }

  function placePopover() {
    if (!anchor || !anchor.isConnected) return;
    const rect = anchor.getBoundingClientRect();
    const width = popover.offsetWidth;
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
    popover.style.left = `${left + window.scrollX}px`;
    popover.style.top = `${rect.bottom + window.scrollY + 4}px`;
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    const elt = event.detail.elt;
    if (event.detail.target === popover && !popover.contains(elt)) anchor = elt;
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target !== popover) return;
    if (!popover.children.length) {
      closePopover();
      return;
    }
    placePopover();
  });

  // After htmx has settled the popover (and focused its [autofocus] field, if any).
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target !== popover || popover.contains(document.activeElement)) return;
    const first = popover.querySelector("input:not([type=hidden]), select, button");
    if (first) first.focus();
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-design-close]")) {
      closePopover();
      return;
    }
    if (popover.children.length && !popover.contains(event.target)
        && !event.target.closest("[hx-target='#design-popover']")) closePopover();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !popover.children.length) return;
    const opener = anchor;
    closePopover();
    if (opener && opener.isConnected) opener.focus();
  });

  // -- settings lists: add and remove rows ---------------------------------------------------
  document.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-remove-row]");
    if (remove) {
      remove.closest(".settings-row").remove();
      return;
    }
    const add = event.target.closest("[data-add-row]");
    if (add) {
      const list = add.closest("[data-settings-list]");
      const row = list.querySelector("template").content.firstElementChild.cloneNode(true);
      add.before(row);
      const input = row.querySelector("input:not([type=color])");
      if (input) input.focus();
    }
  });

  // -- errors: a refused change is shown where it was made ----------------------------------
  function messageOf(text, contentType) {
    if ((contentType || "").includes("json")) {
      try {
        const body = JSON.parse(text);
        return { text: (body.error && body.error.message) || text };
      } catch (_error) {
        return { text };
      }
    }
    return { html: text };
  }

  function toast(text) {
    const box = document.getElementById("toasts") || document.body;
    const note = document.createElement("div");
    note.className = "design-toast";
    note.setAttribute("role", "alert");
    note.textContent = text;
    box.appendChild(note);
    setTimeout(() => note.remove(), 6000);
  }

  function showError(elt, message) {
    const form = elt.closest("form");
    const slot = (form && form.querySelector("[data-design-error]"))
      || (popover.contains(elt) && (popover.querySelector("[data-design-error=panel]")
        || popover.querySelector("[data-design-error]")));
    if (!slot) {
      const text = message.text || new DOMParser().parseFromString(message.html, "text/html").body.textContent;
      toast(text.trim());
      return;
    }
    if (message.html !== undefined) slot.innerHTML = message.html; // our own escaped partial
    else slot.textContent = message.text;
  }

  document.addEventListener("htmx:beforeSwap", (event) => {
    const xhr = event.detail.xhr;
    const elt = event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt;
    if (xhr.status < 400 || !elt || !elt.closest("[data-design]")) return;
    event.detail.shouldSwap = false;
    showError(elt, messageOf(xhr.responseText, xhr.getResponseHeader("Content-Type")));
  });

  // -- drag and drop -------------------------------------------------------------------------
  function csrfToken() {
    const meta = document.querySelector("meta[name='csrf-token']");
    return meta ? meta.content : "";
  }

  async function post(url, values) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) {
      for (const one of [].concat(value)) if (one !== undefined && one !== null) body.append(name, one);
    }
    try {
      const response = await fetch(url, {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
      });
      if (!response.ok) {
        const message = messageOf(await response.text(), response.headers.get("Content-Type"));
        toast((message.text || new DOMParser().parseFromString(message.html, "text/html").body.textContent).trim());
      }
    } catch (error) {
      console.error("design: the change was not sent", error);
    }
    // Success or not, the board shows what the server now holds.
    if (window.htmx) window.htmx.trigger(document.body, BOARD_CHANGED);
  }

  function boardId() {
    const board = document.querySelector("section.board[data-board-id]");
    return board ? board.dataset.boardId : null;
  }

  function idsOf(parent, selector, attribute) {
    return Array.from(parent.querySelectorAll(selector), (el) => el.dataset[attribute]);
  }

  function siblingRow(row, direction) {
    let el = row[direction];
    while (el && !el.matches("tr.item-row")) el = el[direction];
    return el;
  }

  const dragOptions = { animation: 150, forceFallback: true, fallbackOnBody: true, fallbackTolerance: 3 };

  function initColumns() {
    document.querySelectorAll(".board-table thead tr").forEach((row) => {
      if (Sortable.get(row) || !row.querySelector("th[data-column-id] .design-menu-button")) return;
      let before = [];
      Sortable.create(row, {
        ...dragOptions,
        draggable: "th[data-column-id]",
        filter: "button, input, select",
        preventOnFilter: false,
        direction: "horizontal",
        onStart: () => { before = idsOf(row, "th[data-column-id]", "columnId"); },
        onEnd: () => {
          const ids = idsOf(row, "th[data-column-id]", "columnId");
          if (ids.join() !== before.join()) post(`/boards/${boardId()}/columns/order`, { ids });
        },
      });
    });
  }

  function initRows() {
    const board = document.querySelector("section.board[data-can-edit='true']");
    // A sorted view shows its own order: dropping a row there would not stay where it was dropped.
    if (!board || new URLSearchParams(window.location.search).get("sort")) return;
    document.querySelectorAll(".board-table tbody[data-group-id]").forEach((tbody) => {
      if (Sortable.get(tbody)) return;
      Sortable.create(tbody, {
        ...dragOptions,
        group: "board-items",
        draggable: "tr.item-row",
        filter: "input, textarea, select, button, [contenteditable], .cell-editor",
        preventOnFilter: false,
        emptyInsertThreshold: 24,
        onEnd: (event) => {
          if (event.from === event.to && event.oldIndex === event.newIndex) return;
          const row = event.item;
          const next = siblingRow(row, "nextElementSibling");
          const previous = siblingRow(row, "previousElementSibling");
          post(`/items/${row.dataset.itemId}/move`, {
            group_id: event.to.dataset.groupId,
            before_id: next ? next.dataset.itemId : null,
            after_id: !next && previous ? previous.dataset.itemId : null,
          });
        },
      });
    });
  }

  function initGroups() {
    const body = document.getElementById("board-body");
    if (!body || Sortable.get(body) || !body.querySelector(".group-drag-handle")) return;
    let before = [];
    Sortable.create(body, {
      ...dragOptions,
      draggable: "section.group",
      handle: ".group-drag-handle",
      onStart: () => { before = idsOf(body, ":scope > section.group", "groupId"); },
      onEnd: () => {
        const ids = idsOf(body, ":scope > section.group", "groupId");
        if (ids.join() !== before.join()) post(`/boards/${boardId()}/groups/order`, { ids });
      },
    });
  }

  // The collapsed state saved by an admin ("collapse for everyone").
  function applyCollapsed() {
    document.querySelectorAll("[data-group-collapsed='true']:not([data-applied])").forEach((marker) => {
      marker.setAttribute("data-applied", "");
      const group = marker.closest(".group");
      if (!group) return;
      group.classList.add("collapsed");
      const toggle = group.querySelector("[data-toggle-group]");
      if (toggle) {
        toggle.setAttribute("aria-expanded", "false");
        toggle.textContent = "▸";
      }
    });
  }

  let sortableLoading = null;

  // Sortable.js is loaded on the first page with a board table, unless a page already has it.
  function loadSortable() {
    if (window.Sortable) return Promise.resolve();
    if (!sortableLoading) {
      sortableLoading = new Promise((resolve, reject) => {
        let script = document.querySelector("script[src*='sortable-1.15.7']");
        if (!script) {
          script = document.createElement("script");
          script.src = SORTABLE_SRC;
          document.head.appendChild(script);
        }
        script.addEventListener("load", resolve);
        script.addEventListener("error", reject);
      });
    }
    return sortableLoading;
  }

  function init() {
    applyCollapsed();
    if (!document.querySelector(".board-table")) return;
    if (!window.Sortable) {
      loadSortable().then(init, (error) => console.error("design: Sortable.js did not load", error));
      return;
    }
    initColumns();
    initRows();
    initGroups();
  }

  if (window.htmx) window.htmx.onLoad(init);
  init();
})();
