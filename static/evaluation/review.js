// A reviewer's grid: save the scores a moment after each change, and when leaving the page.
// Progressive enhancement only: without this script the two buttons save the grid.
// The server answers JSON ({saved, saved_at, submitted, total, total_text} or {saved: false, message}).
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  var status = document.getElementById("review-autosave-status");
  var total = document.querySelector(".eig-review-total");
  if (!form) { return; }
  var url = form.getAttribute("data-autosave");
  var dirty = false;
  var timer = null;

  function say(text) {
    if (status) { status.textContent = text; }
  }
  // The French (or English) messages come from the page, translated by the server.
  function msg(name, value) {
    var text = (status && status.getAttribute("data-msg-" + name)) || "";
    return value === undefined ? text : text.replace("%s", value);
  }

  function payload() {
    var data = new FormData(form);
    data.delete("action"); // an autosave never validates the review
    return data;
  }

  function save(keepalive) {
    if (!dirty) { return; }
    dirty = false;
    say(msg("saving"));
    fetch(url, {
      method: "POST",
      body: payload(),
      headers: { "X-Autosave": "1" },
      credentials: "same-origin",
      redirect: "manual",
      keepalive: !!keepalive
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.type === "opaqueredirect" || type.indexOf("application/json") === -1) {
        say(msg("expired"));
        return null;
      }
      return response.json();
    }).then(function (body) {
      if (!body) { return; }
      if (body.saved) {
        say(msg(body.submitted ? "corrected" : "saved", body.saved_at));
        if (total) {
          total.textContent = body.total_text;
        }
      } else {
        say(body.message || msg("failed"));
      }
    }).catch(function () {
      dirty = true;
      say(msg("offline"));
    });
  }

  function later(delay) {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, delay);
  }

  form.addEventListener("input", function () { later(2000); });
  form.addEventListener("change", function () { later(500); });
  form.addEventListener("submit", function () { dirty = false; clearTimeout(timer); });
  // Leaving the page (another link, a closed tab): send what was scored.
  window.addEventListener("pagehide", function () { save(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(true); }
  });
  window.addEventListener("online", function () { save(false); });
})();
