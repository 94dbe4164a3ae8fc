/* The candidate's exercise page: a server-timed countdown, autosave, and nothing lost.
 *
 * Every field with data-exercise/data-item is saved a few seconds after typing stops, when it
 * loses focus, and before the page is hidden. Unsaved text is also kept in localStorage, so a
 * closed tab or a dropped connection loses nothing: reopening the link restores it and saves it.
 * The server's clock is the one that counts; the countdown here only shows it.
 */
(function () {
  "use strict";

  var status = document.getElementById("exercise-status");
  if (!status) return;
  var saveUrl = status.dataset.saveUrl;
  var pageToken = status.dataset.pageToken;
  var deadline = Date.parse(status.dataset.deadline);
  var skew = Date.parse(status.dataset.now) - Date.now(); // server time minus ours
  var saveState = document.getElementById("save-state");
  var timerValue = document.getElementById("timer-value");
  var storeKey = "hiring-answers:" + pageToken.slice(0, 16);
  var SAVE_DELAY = 2500;
  var RETRY_DELAY = 5000;

  var fields = Array.prototype.slice.call(document.querySelectorAll("[data-exercise][data-item]"));
  var dirty = {};        // "exercise/item" -> true while not yet acknowledged by the server
  var activity = {};     // "exercise/item" -> {active_seconds, largest_paste, lastInput}
  var timer = null;
  var inflight = null;   // the save on its way, if any
  var closed = status.dataset.state !== "in_progress";

  function keyOf(field) { return field.dataset.exercise + "/" + field.dataset.item; }
  function show(text, state) { saveState.textContent = text; saveState.dataset.state = state; }

  function loadBackup() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function writeBackup() {
    var backup = {};
    fields.forEach(function (f) { if (dirty[keyOf(f)]) backup[keyOf(f)] = f.value; });
    try { localStorage.setItem(storeKey, JSON.stringify(backup)); } catch (e) { /* private mode */ }
  }

  function payload() {
    return fields.filter(function (f) { return dirty[keyOf(f)]; }).map(function (f) {
      var a = activity[keyOf(f)] || {};
      return { exercise: f.dataset.exercise, item: f.dataset.item, text: f.value,
               active_seconds: Math.round(a.active_seconds || 0), largest_paste: a.largest_paste || 0 };
    });
  }

  function save() {
    clearTimeout(timer);
    if (inflight) return inflight.then(save);
    var answers = payload();
    if (closed || !answers.length) return Promise.resolve();
    var sent = {};
    answers.forEach(function (a) { sent[a.exercise + "/" + a.item] = a.text; });
    show(status.dataset.msgSaving, "saving");
    inflight = fetch(saveUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Page-Token": pageToken },
      body: JSON.stringify({ answers: answers }),
      credentials: "omit",
      keepalive: true
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, code: response.status, body: body }; });
    }).then(function (result) {
      inflight = null;
      if (result.ok) {
        fields.forEach(function (f) {
          var k = keyOf(f);
          if (k in sent && f.value === sent[k]) delete dirty[k];  // typed more meanwhile: stays dirty
        });
        writeBackup();
        var at = new Date(Date.parse(result.body.saved_at));
        show(status.dataset.msgSaved + " " + at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }), "saved");
        if (Object.keys(dirty).length) schedule(SAVE_DELAY);
      } else if (result.code === 409) {
        closed = true;
        show(result.body.error, "closed");
        lock();
      } else {
        show(result.body.error || status.dataset.msgOffline, "error");
      }
    }).catch(function () {
      inflight = null;
      show(status.dataset.msgOffline, "offline");
      schedule(RETRY_DELAY);
    });
    return inflight;
  }

  function schedule(delay) { clearTimeout(timer); timer = setTimeout(save, delay); }

  function lock() {
    fields.forEach(function (f) { f.readOnly = true; if (f.tagName === "SELECT") f.disabled = true; });
    var form = document.getElementById("submit-form");
    if (form) form.hidden = true;
  }

  fields.forEach(function (f) {
    var k = keyOf(f);
    activity[k] = { active_seconds: 0, largest_paste: 0, lastInput: 0 };
    f.addEventListener("input", function () {
      dirty[k] = true;
      activity[k].lastInput = Date.now();
      writeBackup();
      schedule(SAVE_DELAY);
    });
    f.addEventListener("change", function () { dirty[k] = true; writeBackup(); schedule(300); });
    f.addEventListener("blur", function () { if (dirty[k]) save(); });
    f.addEventListener("paste", function (event) {
      var text = (event.clipboardData || window.clipboardData).getData("text") || "";
      activity[k].largest_paste = Math.max(activity[k].largest_paste, text.length);
    });
  });

  // Active time: a second counts when the candidate typed in a field within the last 5 seconds.
  setInterval(function () {
    var now = Date.now();
    Object.keys(activity).forEach(function (k) {
      if (now - activity[k].lastInput < 5000) activity[k].active_seconds += 1;
    });
  }, 1000);

  // Restore what was typed but never acknowledged (closed tab, lost connection), then save it.
  var backup = loadBackup();
  fields.forEach(function (f) {
    var k = keyOf(f);
    if (k in backup && backup[k] !== f.value && !closed) {
      f.value = backup[k];
      dirty[k] = true;
      f.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });
  // Typed before this script ran (a slow phone): the field differs from what the server sent.
  fields.forEach(function (f) {
    if (!closed && "defaultValue" in f && f.tagName !== "SELECT" && f.value !== f.defaultValue) dirty[keyOf(f)] = true;
  });
  if (Object.keys(dirty).length) schedule(500);

  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") save(); });
  window.addEventListener("online", function () { if (Object.keys(dirty).length) save(); });

  // The countdown.
  function tick() {
    var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    timerValue.textContent = (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(s).padStart(2, "0");
    status.classList.toggle("warning", left <= 300 && left > 0);
    if (left === 0) {
      timerValue.textContent = status.dataset.msgOver;
      save();  // the server still accepts it within the grace period
      return;
    }
    setTimeout(tick, 1000);
  }
  if (status.dataset.state === "in_progress") tick(); else { timerValue.textContent = "—"; lock(); }

  // Uploads go up as soon as a file is chosen.
  Array.prototype.forEach.call(document.querySelectorAll("[data-upload-url]"), function (box) {
    var input = box.querySelector("input[type=file]");
    var state = box.querySelector(".upload-state");
    input.addEventListener("change", function () {
      if (!input.files.length) return;
      var body = new FormData();
      body.append("file", input.files[0]);
      state.textContent = status.dataset.msgSaving;
      fetch(box.dataset.uploadUrl, { method: "POST", headers: { "X-Page-Token": pageToken }, body: body, credentials: "omit" })
        .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
        .then(function (result) {
          state.textContent = result.ok
            ? status.dataset.msgSaved + ": " + result.body.kind.toUpperCase() + ", " + Math.round(result.body.size / 1024) + " KB"
            : result.body.error;
          box.classList.toggle("has-error", !result.ok);
        })
        .catch(function () { state.textContent = status.dataset.msgOffline; });
    });
  });

  // Submitting: save first, then confirm.
  var form = document.getElementById("submit-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!window.confirm(status.dataset.msgConfirm)) return;
      save().then(function () {
        if (Object.keys(dirty).length) return;  // not saved (offline): keep the page, say so
        try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
        form.submit();
      });
    });
  }
})();
