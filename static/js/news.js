/* VssID news and videos: progressive enhancement only; every page works without this file.
   ES5, feature-tested. Loaded at the end of <body>, so a boosted navigation may run it
   again: the listeners are installed once.

   - Tap to play: a YouTube video is a link to YouTube with a local poster; nothing is
     loaded from YouTube until the person taps it. Then the link is replaced by a
     youtube-nocookie.com player (autoplay, since the tap asked for it). The frame is
     allowed only by the video pages' own Content-Security-Policy, which the document
     carries when it was loaded from a video page (<meta name="vssid-news-frames"> in
     <head>, which boosted navigations do not replace); elsewhere the link just opens
     YouTube, as it does without JavaScript.
   - "Load more": the "Trang sau" link reads "Xem thêm" (htmx appends the next page in
     place), and focus moves to the first new item. */
(function () {
  "use strict";
  var d = document;
  if (!d.querySelectorAll || !d.addEventListener) { return; }

  function relabel() {
    var links = d.querySelectorAll("a[data-more-label]");
    for (var i = 0; i < links.length; i++) {
      if (window.htmx) { links[i].textContent = links[i].getAttribute("data-more-label"); }
    }
  }
  relabel();
  if (window.vssidNewsReady) { return; }
  window.vssidNewsReady = true;

  function closest(el, attr) {
    while (el && el.nodeType === 1) {
      if (el.hasAttribute(attr)) { return el; }
      el = el.parentNode;
    }
    return null;
  }

  function framesAllowed() {
    return !!d.querySelector('head meta[name="vssid-news-frames"]');
  }

  function play(link) {
    var frame = d.createElement("iframe");
    frame.src = link.getAttribute("data-youtube-embed");
    frame.title = link.getAttribute("data-frame-title") || "YouTube";
    frame.className = "video-frame";
    frame.width = "640";
    frame.height = "360";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  }

  d.addEventListener("click", function (ev) {
    if (ev.defaultPrevented || ev.button || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) { return; }
    var link = closest(ev.target, "data-youtube-embed");
    if (!link || !framesAllowed()) { return; }
    ev.preventDefault();
    play(link);
  }, false);

  /* The first item of a page loaded by "Xem thêm" takes the focus, so keyboard and
     screen-reader users carry on reading where the new items start. */
  d.addEventListener("htmx:load", function (ev) {
    var el = ev.target;
    if (el && el.nodeType === 1 && el.hasAttribute("data-page-start")) {
      el.focus();
    }
    relabel();
  }, false);
})();
