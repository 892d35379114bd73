/* VssID look-ups: small progressive enhancements; every page works without this file.
   ES5 on purpose, like app.js. */
(function () {
  "use strict";
  var d = document;
  if (!d.querySelectorAll || !d.addEventListener) { return; }

  /* htmx keeps a snapshot of the page for the back button, but a snapshot holds the HTML
     attributes, not what was typed since: copy the current values into the attributes
     of search forms ([data-keep-values]) before the snapshot is taken. */
  function keepValues() {
    var forms = d.querySelectorAll("form[data-keep-values]");
    for (var i = 0; i < forms.length; i++) {
      var fields = forms[i].elements;
      for (var j = 0; j < fields.length; j++) {
        var el = fields[j];
        if (el.tagName === "INPUT" && (el.type === "search" || el.type === "text")) {
          el.setAttribute("value", el.value);
        } else if (el.tagName === "SELECT") {
          for (var k = 0; k < el.options.length; k++) {
            if (el.options[k].selected) { el.options[k].setAttribute("selected", ""); }
            else { el.options[k].removeAttribute("selected"); }
          }
        }
      }
    }
  }
  d.addEventListener("htmx:beforeHistorySave", keepValues, false);

  /* iPhones have no handler for geo: links; leave them the Google Maps link. */
  function hideGeoOnIos() {
    var ua = navigator.userAgent || "";
    var ios = /iPad|iPhone|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
    if (!ios) { return; }
    var links = d.querySelectorAll("a[data-geo-link]");
    for (var i = 0; i < links.length; i++) { links[i].setAttribute("hidden", ""); }
  }
  d.addEventListener("htmx:load", hideGeoOnIos, false);
  hideGeoOnIos();
})();
