// The candidate's dossier: save while typing, save when leaving, count characters.
// Progressive enhancement only: without this script every button still saves.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  var status = document.querySelector(".eig-autosave-status");

  function say(text) {
    if (status) { status.textContent = text; }
  }
  // The French (or English) messages come from the page, translated by the server.
  function msg(name, value) {
    var text = (status && status.getAttribute("data-msg-" + name)) || "";
    return value === undefined ? text : text.replace("%s", value);
  }

  // Character counters for long answers with a limit.
  document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
    var input = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!input) { return; }
    var limit = parseInt(input.getAttribute("data-max-length"), 10);
    function update() {
      var count = input.value.replace(/\r\n/g, "\n").trim().length;
      counter.textContent = msg("count").replace("%(count)s", count).replace("%(limit)s", limit);
      counter.classList.toggle("fr-error-text", count > limit);
    }
    input.addEventListener("input", update);
    update();
  });

  if (!form) { return; }
  var url = form.getAttribute("data-autosave");
  var dirty = false;
  var timer = null;

  function payload() {
    var data = new FormData(form);
    // Files are sent by the buttons only: an autosave carries typed answers.
    form.querySelectorAll("input[type=file]").forEach(function (input) { data.delete(input.name); });
    data.delete("action");
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
      if (response.type === "opaqueredirect" || response.status === 302 || response.status === 403) {
        say(msg("expired"));
        return null;
      }
      return response.json();
    }).then(function (body) {
      if (!body) { return; }
      if (body.saved) {
        var problems = Object.keys(body.errors || {}).length;
        say(msg(problems ? "saved-partly" : "saved", body.saved_at));
      } else {
        say(body.message || msg("failed"));
      }
    }).catch(function () {
      dirty = true;
      say(msg("offline"));
    });
  }

  form.addEventListener("input", function (event) {
    if (event.target.type === "file") { return; }
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, 1500);
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "file") { return; }
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, 400);
  });
  form.addEventListener("submit", function () { dirty = false; clearTimeout(timer); });
  // Leaving the page (another link, a closed tab): send what was typed.
  window.addEventListener("pagehide", function () { save(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(true); }
  });
  window.addEventListener("online", function () { save(false); });
})();
