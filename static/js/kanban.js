// Kanban (templates/views/kanban/): members drag cards between lanes with Sortable. A drop is sent
// to the API (POST /api/v1/views/<id>/cards/<item_id>/move), which changes the lane column's value
// through the items service and keeps the card's place inside its lane; the lanes' counts are then
// fetched again. A card the server refuses goes back where it was, with the reason in a toast.
// User data only ever reaches the page as text (textContent), never as HTML.
(function () {
  "use strict";

  const boards = new WeakMap(); // kanban element -> its Sortable instances

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function laneValue(lane) {
    return JSON.parse(lane.dataset.lane);
  }

  function toast(message) {
    const box = document.getElementById("toasts");
    if (!box) return;
    const note = document.createElement("div");
    note.className = "toast kanban-toast";
    note.setAttribute("role", "alert");
    note.textContent = message;
    box.appendChild(note);
    setTimeout(() => note.remove(), 6000);
  }

  function siblingCard(card, direction) {
    let element = card[direction];
    while (element && !element.matches(".kanban-card")) element = element[direction];
    return element ? Number(element.dataset.itemId) : null;
  }

  async function refreshCounts(board) {
    let data;
    try {
      const response = await fetch(board.dataset.countsUrl, {credentials: "same-origin",
                                                             headers: {Accept: "application/json"}});
      if (!response.ok) return;
      data = await response.json();
    } catch (error) {
      return;
    }
    const counts = new Map((data.lanes || []).map((lane) => [JSON.stringify(lane.value), lane.count]));
    board.querySelectorAll(".kanban-lane").forEach((lane) => {
      const count = lane.querySelector("[data-lane-count]");
      if (count) count.textContent = String(counts.get(JSON.stringify(laneValue(lane))) || 0);
    });
  }

  function putBack(event) {
    const card = event.item;
    card.remove();
    event.from.insertBefore(card, event.from.children[event.oldIndex] || null);
  }

  async function moveCard(board, event) {
    const card = event.item;
    const fromLane = event.from.closest(".kanban-lane");
    const toLane = event.to.closest(".kanban-lane");
    if (fromLane === toLane && event.oldIndex === event.newIndex) return;
    // after_id: the card now above it; before_id: the card now below it (views/lanes.py place_card)
    const body = {after_id: siblingCard(card, "previousElementSibling"),
                  before_id: siblingCard(card, "nextElementSibling")};
    if (fromLane !== toLane) {
      body.lane = laneValue(toLane);
      body.from_lane = laneValue(fromLane);
    }
    const url = board.dataset.moveUrl.replace(/\/cards\/0\/move$/, `/cards/${card.dataset.itemId}/move`);
    let response = null;
    card.classList.add("is-saving");
    try {
      response = await fetch(url, {
        method: "POST", credentials: "same-origin", body: JSON.stringify(body),
        headers: {"Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken()},
      });
    } catch (error) {
      response = null;
    }
    card.classList.remove("is-saving");
    if (!response || !response.ok) {
      putBack(event);
      let reason = "";
      try {
        reason = (await response.json()).error.message || "";
      } catch (error) {
        reason = "";
      }
      toast(reason ? `${board.dataset.moveFailed} ${reason}` : board.dataset.moveFailed);
      return;
    }
    card.dispatchEvent(new CustomEvent("boardhouse:card-moved", {bubbles: true,
      detail: {itemId: Number(card.dataset.itemId), lane: body.lane, fromLane: body.from_lane}}));
    if (fromLane !== toLane) await refreshCounts(board);
  }

  function start(root) {
    if (typeof window.Sortable === "undefined" || !root.querySelectorAll) return; // retried once it loads
    const found = root.matches && root.matches("[data-kanban]") ? [root] : root.querySelectorAll("[data-kanban]");
    found.forEach((board) => {
      if (boards.has(board) || board.dataset.canEdit !== "true") return;
      const group = `kanban-${board.dataset.viewId}`;
      const lists = Array.from(board.querySelectorAll("[data-lane-cards]"));
      boards.set(board, lists.map((list) => window.Sortable.create(list, {
        group, draggable: ".kanban-card", animation: 150,
        // Pointer events rather than native drag and drop: the same feel with a mouse, a pen or a
        // finger, and a card's links still take a click (a drag starts after 4 px).
        forceFallback: true, fallbackOnBody: true, fallbackTolerance: 4,
        ghostClass: "card-ghost", chosenClass: "card-chosen", dragClass: "card-dragging",
        onEnd: (event) => moveCard(board, event),
      })));
    });
  }

  function stop(element) {
    const sortables = boards.get(element);
    if (!sortables) return;
    sortables.forEach((sortable) => sortable.destroy());
    boards.delete(element);
  }

  window.boardhouse.mountWidgets(start, stop);
})();
