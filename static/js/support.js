/* VssID support: small enhancements of the assistant and the petition form. Every page
   works without this file (the forms post and the server answers). ES5 on purpose. */
(function () {
  "use strict";
  var d = document;
  if (!d.querySelector || !d.addEventListener) { return; }
  /* Boosted navigation runs this file again on every support page: listen once. */
  if (window.vssidSupportReady) { return; }
  window.vssidSupportReady = true;

  /* The assistant: htmx appended a turn to #chat-log. Empty the question box, keep the
     focus there for the next question, and bring the new answer into view. */
  d.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.closest || !event.detail.successful) { return; }
    var chatForm = form.closest("form");
    if (!chatForm || chatForm.getAttribute("hx-target") !== "#chat-log") { return; }
    var welcome = d.querySelector(".chat-welcome");
    if (welcome) { welcome.parentNode.removeChild(welcome); }
    var input = d.getElementById("f-question");
    if (input) { input.value = ""; input.focus(); }
    var turns = d.querySelectorAll("#chat-log [data-new-turn]");
    var last = turns[turns.length - 1];
    if (last && last.scrollIntoView) { last.scrollIntoView({ block: "start", behavior: "smooth" }); }
  }, false);

  /* The petition form: say at once when too many or too large files are chosen (the
     server checks again, and checks each file's real type). */
  function checkFiles(input) {
    var form = input.form;
    var box = form.querySelector("[data-file-errors]");
    var max = parseInt(form.getAttribute("data-max-files"), 10);
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
    var messages = [];
    var files = input.files || [];
    if (files.length > max) {
      messages.push(form.getAttribute("data-msg-count").replace("{n}", files.length));
    }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > maxBytes) {
        messages.push(form.getAttribute("data-msg-size").replace("{name}", files[i].name));
      }
    }
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (messages.length) {
      var list = d.createElement("ul");
      for (var j = 0; j < messages.length; j++) {
        var item = d.createElement("li");
        item.textContent = messages[j];
        list.appendChild(item);
      }
      box.appendChild(list);
      box.removeAttribute("hidden");
      input.setAttribute("aria-invalid", "true");
      var ids = (input.getAttribute("aria-describedby") || "").split(" ");
      if (ids.indexOf(box.id) < 0) { input.setAttribute("aria-describedby", (ids.join(" ") + " " + box.id).trim()); }
    } else {
      box.setAttribute("hidden", "");
      input.removeAttribute("aria-invalid");
    }
    return messages.length === 0;
  }

  d.addEventListener("change", function (event) {
    var input = event.target;
    if (input && input.name === "attachments" && input.form && input.form.hasAttribute("data-petition-form")) {
      checkFiles(input);
    }
  }, false);

  d.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-petition-form")) { return; }
    var input = form.querySelector("input[name=attachments]");
    if (input && !checkFiles(input)) {
      event.preventDefault();
      event.stopPropagation();
      input.focus();
    }
  }, true);
})();
