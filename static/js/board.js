// The pipeline board: drag a card to another column to move the candidate there. The card's own
// form (a stage menu and a Move button) does the same without a mouse or without this script; a
// drop fills in that form and sends it, asking for JSON, then moves the card and says so.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) return;
  var status = document.getElementById("board-status");
  var dragged = null;

  function columnOf(node) {
    while (node && !(node.dataset && node.dataset.stage)) node = node.parentNode;
    return node;
  }

  function recount() {
    board.querySelectorAll("[data-stage]").forEach(function (column) {
      column.querySelector(".pipeline-count").textContent = column.querySelectorAll(".pipeline-card").length;
    });
  }

  function move(card, column) {
    var form = card.querySelector("form.pipeline-move");
    var select = form.querySelector("select");
    var before = select.value;
    select.value = column.dataset.stage;
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                        headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      })
      .then(function (result) {
        if (!result.ok) throw new Error(result.data.error || "");
        column.querySelector(".pipeline-cards").appendChild(card);
        recount();
        status.textContent = result.data.message;
      })
      .catch(function (error) {
        select.value = before;
        status.textContent = error.message;
      });
  }

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".pipeline-card");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.candidate);
    card.classList.add("dragging");
  });
  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    board.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  });
  board.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("drop-target");
  });
  board.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });
  board.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    column.classList.remove("drop-target");
    if (columnOf(dragged) !== column) move(dragged, column);
  });
})();
