// link_picker: the keys of a connect-boards cell's picker (templates/fields/connect_boards/).
// In the search box Enter adds the first match and ↓ moves into the matches; in the matches ↑/↓
// move and Enter (a button's own) adds. Escape is left to cells.js, which closes the editor.
(() => {
  "use strict";

  const options = (form) => [...form.querySelectorAll(".link-results [data-link-option]")];

  // The matches on screen may be for older text (the search waits for a pause in typing):
  // then ask for the current text's matches first.
  function addFirst(form, input) {
    const wanted = input.value.trim();
    if (form.querySelector(".link-results")?.dataset.q === wanted) {
      options(form)[0]?.click();
      return;
    }
    const url = `${input.getAttribute("hx-get")}?q=${encodeURIComponent(wanted)}`;
    htmx.ajax("GET", url, { target: form.querySelector(".link-results"), swap: "outerHTML" })
      .then(() => { if (input.isConnected) options(form)[0]?.click(); });
  }

  // Capture phase: runs before cells.js, whose Enter in an input would submit the form without
  // saying which item to add.
  document.addEventListener("keydown", (event) => {
    const form = event.target.closest?.(".cell-editor-connect_boards");
    if (!form || event.isComposing) return;
    const search = event.target.matches("[data-link-search]");
    const list = options(form);
    const index = list.indexOf(event.target);
    if (event.key === "Enter" && search) {
      event.preventDefault();
      event.stopPropagation();
      addFirst(form, event.target);
    } else if (event.key === "ArrowDown" && (search || index >= 0)) {
      event.preventDefault();
      event.stopPropagation();
      list[Math.min(index + 1, list.length - 1)]?.focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      event.stopPropagation();
      if (index === 0) form.querySelector("[data-link-search]")?.focus();
      else list[index - 1].focus();
    }
  }, true);
})();
