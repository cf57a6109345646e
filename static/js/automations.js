// The builder's token help: a click on a token inserts it into its text box at the cursor.
// (The builder itself needs no script: htmx re-renders it on every change of a select.)
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-token][data-insert-into]");
  if (!button) return;
  const input = document.getElementById(button.dataset.insertInto);
  if (!input) return;
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? input.value.length;
  input.value = input.value.slice(0, start) + button.dataset.token + input.value.slice(end);
  input.focus();
  input.setSelectionRange(start + button.dataset.token.length, start + button.dataset.token.length);
  button.closest("details")?.removeAttribute("open");
});
