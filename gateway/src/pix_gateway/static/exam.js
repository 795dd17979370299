/* The certification pages' enhancements: every page works without this file.
   1. The candidate's waiting page polls its state (data-exam-poll, as JSON) and reloads once
      it changes (the invigilator let them start): no reload while nothing changes.
   2. A focus challenge (data-focus-challenge) reports, once, that the page was left (window
      blur, the tab hidden): POST to the report form's address, kind=focus_lost, and the
      answer then carries focusedOut=true.
   3. "Signaler un problème" is sent without leaving the challenge (what was typed stays).
   4. The invigilator's live list (data-live-poll) re-renders its table from the JSON every
      few seconds; a refused access (401) goes back to the form with its message. */
(function () {
  "use strict";

  function post(url, fields) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                       headers: {"Accept": "application/json"}});
  }

  function fieldsOf(form) {
    var fields = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[type=hidden]"), function (input) {
      fields[input.name] = input.value;
    });
    return fields;
  }

  // 1. waiting for the invigilator
  var wait = document.querySelector("[data-exam-poll]");
  if (wait && window.fetch) {
    var every = (parseInt(wait.getAttribute("data-exam-poll-every"), 10) || 5) * 1000;
    var state = wait.getAttribute("data-exam-state");
    var poll = function () {
      fetch(wait.getAttribute("data-exam-poll"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (answer) { return answer.ok ? answer.json() : null; })
        .then(function (body) {
          if (body && body.exam && body.exam !== state) { window.location.reload(); return; }
          window.setTimeout(poll, every);
        })
        .catch(function () { window.setTimeout(poll, every); });
    };
    window.setTimeout(poll, every);
  }

  // 2. a focus challenge
  var focus = document.querySelector("[data-focus-challenge]");
  var reportForm = document.getElementById("report-problem");
  if (focus && reportForm && window.fetch) {
    var challengeId = focus.getAttribute("data-focus-challenge");
    var key = "pix-focus-lost-" + challengeId;
    var reported = focus.getAttribute("data-focus-reported") === "true";
    try { reported = reported || window.sessionStorage.getItem(key) === "1"; } catch (e) { /* private mode */ }
    var flag = document.getElementById("focused-out");
    if (reported && flag) { flag.value = "true"; }
    var left = function () {
      if (reported) { return; }
      reported = true;
      try { window.sessionStorage.setItem(key, "1"); } catch (e) { /* private mode */ }
      if (flag) { flag.value = "true"; }
      var fields = fieldsOf(reportForm);
      fields.kind = "focus_lost";
      fields.challengeId = challengeId;
      var shown = focus.querySelector(".focus-lost");
      post(focus.getAttribute("data-focus-report"), fields)
        .then(function (answer) { return answer.json(); })
        .then(function (body) { if (shown && body && body.message) { shown.textContent = body.message; } })
        .catch(function () { /* the answer says so anyway (focusedOut) */ });
    };
    window.addEventListener("blur", left);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { left(); }
    });
  }

  // 3. a problem reported from the challenge
  if (reportForm && window.fetch) {
    reportForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var status = reportForm.querySelector(".report-status");
      var button = reportForm.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      post(reportForm.getAttribute("action"), fieldsOf(reportForm))
        .then(function (answer) { return answer.json(); })
        .then(function (body) { if (status && body && body.message) { status.textContent = body.message; } })
        .catch(function () { reportForm.submit(); })
        .then(function () { if (button) { button.disabled = false; } });
    });
  }

  // 4. the invigilator's live list
  var live = document.querySelector("[data-live-poll]");
  if (live && window.fetch) {
    var period = (parseInt(live.getAttribute("data-live-poll-every"), 10) || 4) * 1000;
    var last = null;
    var refresh = function () {
      fetch(live.getAttribute("data-live-poll"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (answer) { return answer.json(); })
        .then(function (body) {
          if (body && body.redirect) { window.location.assign(body.redirect); return; }
          if (body && typeof body.html === "string" && body.html !== last) {
            last = body.html;
            var focused = document.activeElement && document.activeElement.id;
            live.innerHTML = body.html;
            if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
          }
          window.setTimeout(refresh, period);
        })
        .catch(function () { window.setTimeout(refresh, period); });
    };
    window.setTimeout(refresh, period);
  }
})();
