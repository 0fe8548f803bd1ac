/* Attirer's maps (sites and plots, the offer, brownfields by phase): one GeoJSON given by the
   page in a <script type="application/json"> block, drawn on a plain background (no base tiles:
   the platform works offline). Each feature's `categorie` picks its colour, the same as the
   legend's (attirer.css); the table beside the map gives the same content. Text from the data
   is always inserted as text, never as HTML. */
(function () {
  "use strict";
  var COULEURS = {
    site: "#000091", vacant: "#18753c", occupe: "#666666", inconnu: "#b34000", choisi: "#b34000",
    terrain: "#18753c", local: "#5b2a86",
    etude: "#0063cb", acquisition: "#5b2a86", depollution: "#b34000", travaux: "#7f5200",
    commercialisation: "#18753c", reoccupe: "#006a6f", sans_phase: "#666666"
  };

  function bulle(proprietes) {
    var div = document.createElement("div");
    var titre = document.createElement("strong");
    titre.textContent = proprietes.libelle || "";
    div.appendChild(titre);
    if (proprietes.url) {
      var p = document.createElement("p");
      var a = document.createElement("a");
      a.href = proprietes.url;
      a.textContent = "Voir la fiche";
      p.appendChild(a);
      div.appendChild(p);
    }
    return div;
  }

  document.querySelectorAll("[data-carte]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-carte"));
    var etat = document.getElementById(element.getAttribute("data-etat"));
    var donnees = JSON.parse(source.textContent);
    var carte = L.map(element, { zoomSnap: 0.25, keyboard: true, minZoom: 5, maxZoom: 18 });
    carte.attributionControl.setPrefix(false);
    carte.setView([50.5, 2.6], 10);
    var couche = L.geoJSON(donnees, {
      style: function (f) {
        var c = COULEURS[f.properties.categorie] || "#000091";
        var site = f.properties.categorie === "site";
        return { color: c, weight: site ? 2 : 1.5, fillColor: c, fillOpacity: site ? 0.08 : 0.35 };
      },
      pointToLayer: function (f, latlng) {
        var c = COULEURS[f.properties.categorie] || "#000091";
        return L.circleMarker(latlng, { radius: 8, color: "#ffffff", weight: 2, fillColor: c, fillOpacity: 1 });
      },
      onEachFeature: function (f, layer) { layer.bindPopup(bulle(f.properties)); }
    }).addTo(carte);
    var n = donnees.features.length;
    if (n) {
      carte.fitBounds(couche.getBounds(), { padding: [24, 24], maxZoom: 16 });
    }
    if (etat) {
      etat.textContent = n ? n + " élément" + (n > 1 ? "s" : "") + " sur la carte ; le tableau les liste tous." : "Rien à montrer sur la carte.";
    }
  });
})();
