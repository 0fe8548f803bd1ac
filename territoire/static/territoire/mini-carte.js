/* The establishment page's small map: one point and, when it has one, its zone. No base tiles. */
(function () {
  "use strict";
  var donnees = JSON.parse(document.getElementById("donnees-mini-carte").textContent);
  var carte = L.map("mini-carte", { zoomSnap: 0.25, minZoom: 5, maxZoom: 18 });
  carte.attributionControl.setPrefix(false);
  var groupe = L.featureGroup().addTo(carte);
  if (donnees.zone) {
    L.geoJSON(donnees.zone, { style: { color: "#000091", weight: 2, fillColor: "#6a6af4", fillOpacity: 0.35 } }).addTo(groupe);
  }
  L.circleMarker(donnees.point, { radius: 8, color: "#ffffff", weight: 2, fillColor: "#b34000", fillOpacity: 1 }).addTo(groupe);
  if (donnees.zone) {
    carte.fitBounds(groupe.getBounds(), { padding: [20, 20], maxZoom: 16 });
  } else {
    carte.setView(donnees.point, 14);
  }
})();
