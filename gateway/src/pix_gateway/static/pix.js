/* Progressive enhancement only: every page works without this file.
   1. Move the focus to the error summary, so that keyboard and screen-reader users land on it.
   2. Sign-up robot check (identity's proof of work): find `counter` such that
      SHA-256("<challenge>:<counter>") starts with `difficulty` zero bits, then fill the
      hidden fields. Runs when the form carries data-robot-challenge / data-robot-difficulty. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  var form = document.querySelector("form[data-robot-challenge]");
  if (!form) { return; }
  var status = form.querySelector(".robot-status");
  if (!window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    // Only secure contexts (https, localhost) offer crypto.subtle: say so rather than fail silently.
    if (status) { status.textContent = status.getAttribute("data-text-unsupported"); }
    return;
  }
  var challenge = form.getAttribute("data-robot-challenge");
  var difficulty = parseInt(form.getAttribute("data-robot-difficulty"), 10) || 0;
  var encoder = new TextEncoder();

  function zeroBits(bytes) {
    var bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { bits += 8; continue; }
      for (var mask = 0x80; (bytes[i] & mask) === 0; mask >>= 1) { bits++; }
      return bits;
    }
    return bits;
  }

  async function solve() {
    for (var counter = 0; ; counter++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + counter));
      if (zeroBits(new Uint8Array(digest)) >= difficulty) { return counter; }
    }
  }

  var solved = solve().then(function (counter) {
    form.querySelector("input[name=robotCounter]").value = String(counter);
  });
  form.addEventListener("submit", function (event) {
    if (form.querySelector("input[name=robotCounter]").value) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    if (status) { status.textContent = status.getAttribute("data-text-working"); }
    solved.then(function () { form.submit(); });
  });
})();

/* 3. Challenge timer: counts down from data-timer-seconds. The time allowed is written in
      the page anyway ("Temps imparti : 45 s"); this adds the time left (role=timer, not
      read out every second) and says once, politely, when the time is over. */
(function () {
  "use strict";
  var box = document.querySelector("[data-timer-seconds]");
  if (!box) { return; }
  var seconds = parseInt(box.getAttribute("data-timer-seconds"), 10);
  var shown = box.querySelector(".timer-left");
  var over = box.querySelector(".timer-over");
  if (!(seconds > 0) || !shown || !over) { return; }
  var textLeft = box.getAttribute("data-text-left") || "{s}";
  var end = Date.now() + seconds * 1000;
  var handle = null;

  function tick() {
    var remaining = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    shown.textContent = textLeft.replace("{s}", String(remaining));
    if (remaining === 0) {
      if (handle !== null) { clearInterval(handle); }
      box.classList.add("is-over");
      over.textContent = box.getAttribute("data-text-over") || "";
    }
  }

  shown.hidden = false;
  tick();
  handle = setInterval(tick, 1000);
})();

/* 4. A waiting page (a campaign's test being prepared, a membership being recorded) reloads
      itself after data-reload-after seconds. Without this file its link does the same: no
      <meta http-equiv="refresh">, which reloads under the reader's feet (WCAG 2.2.1). */
(function () {
  "use strict";
  var box = document.querySelector("[data-reload-after]");
  if (!box) { return; }
  var seconds = parseInt(box.getAttribute("data-reload-after"), 10) || 2;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
