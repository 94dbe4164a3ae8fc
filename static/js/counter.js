/* hiring — live per-platform length counters for copy exercises. No inline scripts; load with
 * <script defer> after static/vendor/twitter-text/twitter-text.min.js.
 *
 * Counts exactly as the server does (hiring/exercises/platforms.py), so what the candidate sees is
 * what reviewers see flagged:
 *   1. text.normalize("NFC"), then "\r\n" and "\r" become "\n";
 *   2. X: twttr.txt.parseTweet(text).weightedLength (CJK weighs 2, any URL 23, an emoji 2), which the
 *      server ports line by line (x_weighted_length);
 *      every other platform: Unicode code points, [...text].length (NOT text.length, which counts
 *      UTF-16 units and would count 😀 as 2);
 *   3. hashtags: URLs blanked out, then HASHTAG counted (same pattern as the server's).
 * If the vendored library did not load, X falls back to code points and the counter says so.
 *
 * Markup:
 *   <textarea id="a-copy-x" data-platform="x" data-limit="280" data-max-hashtags="30">
 *   <p class="counter" data-counter-for="a-copy-x"></p>
 * Optional message templates on the counter element ({n} is replaced; "-one" variants for n = 1):
 *   data-msg-over / data-msg-over-one        "{n} characters over the limit"
 *   data-msg-hashtags                       "{n} / {max} hashtags"
 *   data-msg-too-many / data-msg-too-many-one "{n} hashtags too many"
 *   data-msg-within                         "Within the limit"
 *   data-msg-approximate                    "Approximate count: the X counter did not load."
 *
 * window.hiringCounter.measure(platform, text, limit) returns the server's Measure fields
 * ({platform, length, limit, over, hashtags, max_hashtags, too_many_hashtags}) plus flagged,
 * over_by and exact (false when X was counted without twitter-text).
 */
(function () {
  "use strict";

  // Keep in step with PLATFORMS in hiring/exercises/platforms.py (a test compares them).
  var PLATFORMS = {
    x: { limit: 280, counting: "twitter", max_hashtags: null },
    instagram: { limit: 2200, counting: "characters", max_hashtags: 30 },
    linkedin: { limit: 3000, counting: "characters", max_hashtags: null },
    tiktok: { limit: 2200, counting: "characters", max_hashtags: null },
    facebook: { limit: 63206, counting: "characters", max_hashtags: null },
    threads: { limit: 500, counting: "characters", max_hashtags: null },
    youtube: { limit: 5000, counting: "characters", max_hashtags: null }
  };

  // \S spelled out as a class so that Python reads it the same (URL_PATTERN in platforms.py).
  var URL = /(?:https?:\/\/|www\.)[^\t-\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/giu;
  var HASHTAG = /(?<![\p{L}\p{M}\p{N}_\u200c\u200d&/])#(?=[\p{N}_\u200c\u200d]*[\p{L}\p{M}])[\p{L}\p{M}\p{N}_\u200c\u200d]+/gu;

  function normalise(text) {
    text = text == null ? "" : String(text);
    if (typeof text.normalize === "function") text = text.normalize("NFC");
    return text.replace(/\r\n?/g, "\n");
  }

  function codePoints(text) { return Array.from(text).length; }

  function countHashtags(text) {
    var found = normalise(text).replace(URL, " ").match(HASHTAG);
    return found ? found.length : 0;
  }

  function twitterText() {
    var t = window.twttr && window.twttr.txt;
    return t && typeof t.parseTweet === "function" ? t : null;
  }

  function measure(platform, text, limit) {
    var rules = PLATFORMS[platform];
    if (!rules) throw new Error("Unknown platform " + JSON.stringify(platform));
    var lim = limit == null || limit === "" ? rules.limit : Number(limit);
    if (!(lim >= 1) || Math.floor(lim) !== lim) throw new Error("Bad limit " + JSON.stringify(limit));
    var normal = normalise(text);
    var length, exact = true;
    if (rules.counting === "twitter") {
      var tt = twitterText();
      if (tt) length = tt.parseTweet(normal).weightedLength;
      else { length = codePoints(normal); exact = false; }
    } else {
      length = codePoints(normal);
    }
    var hashtags = countHashtags(normal);
    var tooMany = rules.max_hashtags != null && hashtags > rules.max_hashtags;
    return {
      platform: platform, length: length, limit: lim, over: length > lim, hashtags: hashtags,
      max_hashtags: rules.max_hashtags, too_many_hashtags: tooMany,
      flagged: length > lim || tooMany, over_by: Math.max(0, length - lim), exact: exact
    };
  }

  // ---------- the page ----------

  var DEFAULTS = {
    over: "{n} characters over the limit",
    overOne: "{n} character over the limit",
    hashtags: "{n} / {max} hashtags",
    tooMany: "{n} hashtags too many",
    tooManyOne: "{n} hashtag too many",
    within: "Within the limit",
    approximate: "Approximate count: the X counter did not load."
  };
  var NUMBER = typeof Intl !== "undefined" ? new Intl.NumberFormat(document.documentElement.lang || undefined) : null;

  function fmt(n) { return NUMBER ? NUMBER.format(n) : String(n); }

  function message(counter, name, values) {
    var attr = "msg" + name.charAt(0).toUpperCase() + name.slice(1);
    var one = values.n === 1;
    var template = (one && counter.dataset[attr + "One"]) || counter.dataset[attr] ||
      (one && DEFAULTS[name + "One"]) || DEFAULTS[name];
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? fmt(values[key]) : all;
    });
  }

  function part(counter, cls, tag) {
    var el = counter.querySelector("." + cls);
    if (!el) {
      el = document.createElement(tag || "span");
      el.className = cls;
      counter.appendChild(el);
    }
    return el;
  }

  function counterFor(field) {
    if (!field.id) return null;
    var all = document.querySelectorAll("[data-counter-for]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-counter-for") === field.id) return all[i];
    }
    return null;
  }

  var announceTimers = new WeakMap();
  var liveRegions = new WeakMap();

  function update(field) {
    var counter = counterFor(field);
    if (!counter) return null;
    var m;
    try {
      m = measure(field.dataset.platform, field.value, field.dataset.limit);
    } catch (e) {
      return null;  // unknown platform: leave the counter empty rather than show a wrong number
    }
    var maxTags = field.dataset.maxHashtags ? Number(field.dataset.maxHashtags) : m.max_hashtags;
    var tooMany = maxTags != null && m.hashtags > maxTags;

    var live = liveRegions.get(counter);
    if (!live) {
      // Counting out loud on every keystroke would drown a screen reader: the visible count is not
      // live; a separate polite status, right after it, announces only changes of state
      // ("43 characters over the limit", "Within the limit") once typing pauses.
      counter.removeAttribute("aria-live");
      live = document.createElement("span");
      live.className = "counter-live visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      counter.insertAdjacentElement("afterend", live);
      liveRegions.set(counter, live);
    }

    part(counter, "counter-length").textContent = fmt(m.length) + " / " + fmt(m.limit);
    var tagsEl = part(counter, "counter-hashtags");
    tagsEl.textContent = maxTags != null ? " · " + message(counter, "hashtags", { n: m.hashtags, max: maxTags }) : "";
    var notes = [];
    if (m.over) notes.push(message(counter, "over", { n: m.over_by }));
    if (tooMany) notes.push(message(counter, "tooMany", { n: m.hashtags - maxTags }));
    if (!m.exact) notes.push(message(counter, "approximate", {}));
    part(counter, "counter-note").textContent = notes.length ? " · " + notes.join(" · ") : "";

    // Plain numbers for scripts and browser tests; the text above is formatted for people.
    counter.dataset.length = String(m.length);
    counter.dataset.limit = String(m.limit);
    counter.dataset.hashtags = String(m.hashtags);
    counter.classList.toggle("over", m.over);
    counter.classList.toggle("too-many-hashtags", tooMany);
    counter.classList.toggle("approximate", !m.exact);
    field.classList.toggle("over-limit", m.over || tooMany);

    var state = (m.over ? "over" : "") + (tooMany ? "tags" : "");
    clearTimeout(announceTimers.get(counter));
    announceTimers.set(counter, setTimeout(function () {
      var previous = counter.dataset.announcedState || "";
      if (state === previous) return;
      counter.dataset.announcedState = state;
      live.textContent = state ? notes.join(". ") : message(counter, "within", {});
    }, 900));
    return m;
  }

  function isCounted(el) {
    return el && el.tagName === "TEXTAREA" && el.hasAttribute("data-platform");
  }

  function refresh(root) {
    var fields = (root || document).querySelectorAll("textarea[data-platform]");
    for (var i = 0; i < fields.length; i++) update(fields[i]);
  }

  window.hiringCounter = {
    PLATFORMS: PLATFORMS,
    measure: measure,
    countHashtags: countHashtags,
    normalise: normalise,
    refresh: refresh,
    update: update
  };

  // Delegated, so fields restored or added later by other scripts are counted too.
  document.addEventListener("input", function (e) { if (isCounted(e.target)) update(e.target); });
  document.addEventListener("change", function (e) { if (isCounted(e.target)) update(e.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { refresh(); });
  } else {
    refresh();
  }
})();
