/* Territoire — the site's behaviour, all of it progressive: every page works without it.
 * - The main navigation's domains are <details> disclosures: opening one closes the others;
 *   Escape or a click elsewhere closes the open one and gives the focus back to its summary.
 * - A form's error summary (ui/_resume_erreurs.html, data-focus-au-chargement) takes the focus
 *   when the page opens, and after htmx puts one in the page. A form without an action posts
 *   to the page's address without its fragment: after the skip link ("#contenu"), the answer
 *   would otherwise open on that fragment and Chromium would move the focus to <main>, away
 *   from the error summary.
 * No inline script anywhere (Content-Security-Policy): this file is the one place.
 */
(function () {
  "use strict";

  function menus() { return Array.prototype.slice.call(document.querySelectorAll("details[data-menu]")); }

  function fermer(sauf) {
    menus().forEach(function (d) { if (d !== sauf && d.open) { d.open = false; } });
  }

  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (d.matches && d.matches("details[data-menu]") && d.open) { fermer(d); }
  }, true);

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") { return; }
    menus().forEach(function (d) {
      if (d.open) {
        d.open = false;
        var s = d.querySelector("summary");
        if (s && d.contains(document.activeElement)) { s.focus(); }
      }
    });
  });

  document.addEventListener("click", function (e) {
    var dans = e.target.closest && e.target.closest("details[data-menu]");
    fermer(dans);
  });

  function focaliser(racine) {
    var cible = (racine || document).querySelector("[data-focus-au-chargement]");
    if (cible) { cible.focus(); }
  }

  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.getAttribute && !f.getAttribute("action") && window.location.hash) {
      f.setAttribute("action", window.location.pathname + window.location.search);
    }
  }, true);

  document.addEventListener("DOMContentLoaded", function () { focaliser(document); });
  document.addEventListener("htmx:afterSwap", function (e) { focaliser(e.target); });
})();
