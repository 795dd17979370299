// Starts Swagger UI on the page's #swagger-ui (templates/api_docs.html), from a file: the CSP
// forbids inline scripts. The document's address is the element's data-document.
//
// Swagger UI leaves a few controls without an accessible name (the request body's text
// area, some "Try it out" fields, the dialog's close button), titles the document with a
// second h1, puts the operations in a second main, draws its dialog without the dialog role, and names the dialog's "Authorize" button "Apply credentials": each is
// mended here as it appears, so that a screen reader says what the eye reads (axe-core:
// label, button-name, label-content-name-mismatch).
"use strict";

function nameControls(root) {
  root.querySelectorAll("textarea, input, select").forEach(function (control) {
    if (control.labels && control.labels.length) { return; }
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) { return; }
    var row = control.closest("tr[data-param-name]");
    if (row) {
      control.setAttribute("aria-label", row.getAttribute("data-param-name") + " (" +
                           (row.getAttribute("data-param-in") || "parameter") + ")");
    } else if (control.classList.contains("body-param__text")) {
      control.setAttribute("aria-label", "Request body");
    } else if (control.placeholder) {
      control.setAttribute("aria-label", control.placeholder);
    }
  });
  root.querySelectorAll("main:not([role])").forEach(function (operations) {
    operations.setAttribute("role", "region");  // the page's main landmark already holds it
    operations.setAttribute("aria-label", "Operations");
  });
  root.querySelectorAll("h1:not([aria-level])").forEach(function (title) {
    title.setAttribute("role", "heading");
    title.setAttribute("aria-level", "2");  // under the page's own h1
  });
  root.querySelectorAll(".modal-ux:not([role])").forEach(function (dialog) {
    var title = dialog.querySelector(".modal-ux-header h3");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    if (title) { dialog.setAttribute("aria-label", title.textContent.trim()); }
  });
  root.querySelectorAll("button.close-modal:not([aria-label])").forEach(function (button) {
    button.setAttribute("aria-label", "Close");
  });
  root.querySelectorAll("button.modal-btn[aria-label]").forEach(function (button) {
    var text = button.textContent.trim();
    var label = button.getAttribute("aria-label");
    if (text && label.indexOf(text) !== 0) { button.setAttribute("aria-label", text + " — " + label); }
  });
}

window.addEventListener("DOMContentLoaded", function () {
  var mount = document.getElementById("swagger-ui");
  if (!mount || typeof SwaggerUIBundle === "undefined") { return; }
  window.ui = SwaggerUIBundle({
    url: mount.dataset.document,
    domNode: mount,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: false,          // its links sit inside the operations' buttons (nested controls)
    validatorUrl: null,          // the default would load a badge from another site
    queryConfigEnabled: false,   // a link must not point the page at another document
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
    syntaxHighlight: false,      // its colours on the dark code boxes miss the AA contrast
  });
  new MutationObserver(function () { nameControls(mount); }).observe(mount, {childList: true, subtree: true});
});
