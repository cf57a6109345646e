// The filter builder and sort picker: they edit the toolbar form's hidden `filter` and `sort`
// inputs (the JSON of API.md) and submit the form, so the URL holds the view state.
(() => {
  const NO_VALUE = new Set(["is_empty", "is_not_empty", "is_today", "is_overdue"]);
  const DAYS = new Set(["within_the_next", "within_the_last"]);
  const CHOICE = new Set(["any_of", "not_any_of"]);
  const NUMBER_TYPES = new Set(["number", "rating", "auto_number"]);
  const DATE_TYPES = new Set(["date", "timeline", "creation_log", "last_updated"]);

  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function parse(text) {
    try { return text ? JSON.parse(text) : null; } catch { return null; }
  }

  function valueEditor(field, operator, value) {
    const wrap = el("span", { class: "rule-value" });
    if (NO_VALUE.has(operator)) return wrap;
    const inputType = DATE_TYPES.has(field.type) ? "date" : NUMBER_TYPES.has(field.type) ? "number" : "text";
    if (DAYS.has(operator)) {
      wrap.append(el("input", { type: "number", min: "0", "data-days": "", value: value?.days ?? 7 }));
      return wrap;
    }
    if (operator === "between") {
      const [low, high] = Array.isArray(value) ? value : ["", ""];
      wrap.append(el("input", { type: inputType, "data-low": "", value: low ?? "" }),
                  el("input", { type: inputType, "data-high": "", value: high ?? "" }));
      return wrap;
    }
    if (field.choices && (CHOICE.has(operator) || operator === "equals" || operator === "not_equals")) {
      const select = el("select", CHOICE.has(operator) ? { multiple: "", "data-choice": "" } : { "data-choice": "" });
      const chosen = new Set((Array.isArray(value) ? value : [value]).map((v) => JSON.stringify(v)));
      for (const choice of field.choices) {
        const option = el("option", { value: JSON.stringify(choice.value), text: choice.label });
        if (chosen.has(JSON.stringify(choice.value))) option.selected = true;
        select.append(option);
      }
      wrap.append(select);
      return wrap;
    }
    const shown = Array.isArray(value) ? value.join(", ") : value ?? "";
    wrap.append(el("input", { type: CHOICE.has(operator) ? "text" : inputType, "data-plain": "", value: shown,
                              placeholder: CHOICE.has(operator) ? "a, b" : "" }));
    return wrap;
  }

  function readValue(rule, field, operator) {
    if (NO_VALUE.has(operator)) return undefined;
    const number = (text) => (NUMBER_TYPES.has(field.type) ? Number(text) : text);
    const days = rule.querySelector("[data-days]");
    if (days) return { days: Number(days.value || 0) };
    const low = rule.querySelector("[data-low]");
    if (low) return [number(low.value), number(rule.querySelector("[data-high]").value)];
    const choice = rule.querySelector("[data-choice]");
    if (choice) {
      const values = [...choice.selectedOptions].map((option) => JSON.parse(option.value));
      return CHOICE.has(operator) ? values : values[0];
    }
    const plain = rule.querySelector("[data-plain]").value.trim();
    if (CHOICE.has(operator)) {
      return plain.split(/[,;]/).map((part) => part.trim()).filter(Boolean).map((part) =>
        field.type === "people" || field.type === "rating" ? Number(part) : part);
    }
    return number(plain);
  }

  function ruleRow(meta, labels, rule) {
    const row = el("div", { class: "filter-rule", "data-rule": "" });
    const fieldSelect = el("select", { "data-field": "", "aria-label": "column" });
    for (const field of meta.fields) fieldSelect.append(el("option", { value: field.key, text: field.title }));
    fieldSelect.value = rule?.column ?? meta.fields[0].key;
    const opSelect = el("select", { "data-operator": "", "aria-label": "operator" });
    const remove = el("button", { type: "button", class: "link", text: labels.remove });
    const fieldOf = () => meta.fields.find((field) => field.key === fieldSelect.value);
    const redraw = (keepValue) => {
      const field = fieldOf();
      const previous = opSelect.value;
      opSelect.replaceChildren(...field.operators.map((op) => el("option", { value: op, text: meta.operators[op] || op })));
      opSelect.value = field.operators.includes(previous) ? previous : (rule?.operator ?? field.operators[0]);
      if (!field.operators.includes(opSelect.value)) opSelect.value = field.operators[0];
      row.querySelector(".rule-value")?.remove();
      row.insertBefore(valueEditor(field, opSelect.value, keepValue ? rule?.value : undefined), remove);
    };
    fieldSelect.addEventListener("change", () => { rule = null; redraw(false); });
    opSelect.addEventListener("change", () => { row.querySelector(".rule-value").replaceWith(valueEditor(fieldOf(), opSelect.value)); });
    remove.addEventListener("click", () => row.remove());
    row.append(fieldSelect, opSelect, remove);
    redraw(true);
    return row;
  }

  function groupBox(meta, labels, tree, nested) {
    const box = el("div", { class: nested ? "filter-group nested" : "filter-group", "data-group": "" });
    const joiner = el("select", { "data-joiner": "" }, [
      el("option", { value: "and", text: labels.all }), el("option", { value: "or", text: labels.any })]);
    joiner.value = tree && "or" in tree ? "or" : "and";
    const rules = el("div", { class: "filter-rules" });
    for (const node of (tree?.and ?? tree?.or ?? [])) {
      rules.append("column" in node ? ruleRow(meta, labels, node) : groupBox(meta, labels, node, true));
    }
    const addRule = el("button", { type: "button", class: "link", text: labels.add });
    addRule.addEventListener("click", () => rules.append(ruleRow(meta, labels, null)));
    const actions = el("div", { class: "filter-actions" }, [addRule]);
    if (!nested) {
      const addGroup = el("button", { type: "button", class: "link", text: labels.group });
      addGroup.addEventListener("click", () => rules.append(groupBox(meta, labels, { and: [{}] }, true)));
      actions.append(addGroup);
    } else {
      const remove = el("button", { type: "button", class: "link", text: labels.remove });
      remove.addEventListener("click", () => box.remove());
      actions.append(remove);
    }
    box.append(joiner, rules, actions);
    return box;
  }

  function readGroup(meta, box) {
    const children = [];
    for (const node of box.querySelector(".filter-rules").children) {
      if (node.matches("[data-group]")) {
        const sub = readGroup(meta, node);
        if (Object.values(sub)[0].length) children.push(sub);
        continue;
      }
      const field = meta.fields.find((f) => f.key === node.querySelector("[data-field]").value);
      const operator = node.querySelector("[data-operator]").value;
      const rule = { column: field.key, operator };
      const value = readValue(node, field, operator);
      if (value !== undefined) rule.value = value;
      children.push(rule);
    }
    return { [box.querySelector("[data-joiner]").value]: children };
  }

  function setUpFilter(root) {
    const meta = JSON.parse(document.getElementById("filter-meta").textContent);
    const labels = { all: root.dataset.labelAll, any: root.dataset.labelAny, add: root.dataset.labelAdd,
                     group: root.dataset.labelGroup, remove: root.dataset.labelRemove };
    const box = groupBox(meta, labels, parse(root.dataset.initial), false);
    const apply = el("button", { type: "button", text: root.dataset.labelApply, "data-apply-filter": "" });
    const clear = el("button", { type: "button", class: "secondary", text: root.dataset.labelClear });
    const form = root.closest("form");
    apply.addEventListener("click", () => {
      const tree = readGroup(meta, box);
      form.elements.filter.value = Object.values(tree)[0].length ? JSON.stringify(tree) : "{}";
      form.submit();
    });
    clear.addEventListener("click", () => { form.elements.filter.value = "{}"; form.submit(); });
    root.replaceChildren(box, el("div", { class: "filter-actions" }, [apply, clear]));
  }

  function setUpSort(root) {
    const meta = JSON.parse(document.getElementById("filter-meta").textContent);
    const form = root.closest("form");
    const list = el("div", { class: "sort-keys" });
    const addKey = (entry) => {
      const row = el("div", { class: "sort-key", "data-sort-key": "" });
      const column = el("select", { "data-sort-column": "" });
      for (const field of meta.fields) column.append(el("option", { value: field.key, text: field.title }));
      column.value = entry?.column ?? meta.fields[0].key;
      const direction = el("select", { "data-sort-direction": "" }, [
        el("option", { value: "asc", text: root.dataset.labelAsc }), el("option", { value: "desc", text: root.dataset.labelDesc })]);
      direction.value = entry?.direction ?? "asc";
      const remove = el("button", { type: "button", class: "link", text: root.dataset.labelRemove });
      remove.addEventListener("click", () => row.remove());
      row.append(column, direction, remove);
      list.append(row);
    };
    for (const entry of parse(root.dataset.initial) ?? []) addKey(entry);
    const add = el("button", { type: "button", class: "link", text: root.dataset.labelAdd });
    add.addEventListener("click", () => addKey(null));
    const apply = el("button", { type: "button", text: root.dataset.labelApply, "data-apply-sort": "" });
    apply.addEventListener("click", () => {
      const sort = [...list.querySelectorAll("[data-sort-key]")].map((row) => ({
        column: row.querySelector("[data-sort-column]").value, direction: row.querySelector("[data-sort-direction]").value }));
      form.elements.sort.value = JSON.stringify(sort);
      form.submit();
    });
    root.replaceChildren(list, el("div", { class: "filter-actions" }, [add, apply]));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-filter-builder]").forEach(setUpFilter);
    document.querySelectorAll("[data-sort-picker]").forEach(setUpSort);
  });
})();
