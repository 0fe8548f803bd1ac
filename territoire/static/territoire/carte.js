/* The census map: communes, zones and clustered establishments drawn from the GeoJSON API.
   No base tiles (the platform works offline): vector layers on a plain background.
   Text from the data is always inserted as text, never as HTML. */
(function () {
  "use strict";
  var element = document.getElementById("carte");
  var config = JSON.parse(document.getElementById("config-carte").textContent);
  var etat = document.getElementById("etat-carte");
  var carte = L.map(element, { zoomSnap: 0.25, keyboard: true, minZoom: 5, maxZoom: 18 });
  carte.attributionControl.setPrefix(false);
  carte.attributionControl.addAttribution("Communes : INSEE, IGN · Établissements : SIRENE (INSEE)");
  carte.setView([46.6, 2.4], 6);

  var couches = { communes: null, zones: null, etablissements: null };
  var nombres = { communes: 0, zones: 0, etablissements: 0 };

  function charger(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } }).then(function (r) {
      if (!r.ok) { throw new Error("réponse " + r.status + " pour " + url); }
      return r.json();
    });
  }

  function bulle(lignes, lien) {
    var div = document.createElement("div");
    lignes.forEach(function (texte, i) {
      if (!texte) { return; }
      var p = document.createElement(i === 0 ? "strong" : "p");
      p.textContent = texte;
      div.appendChild(p);
    });
    if (lien) {
      var a = document.createElement("a");
      a.href = lien;
      a.textContent = "Voir la fiche";
      div.appendChild(a);
    }
    return div;
  }

  function dire() {
    var morceaux = [nombres.communes + " communes", nombres.zones + " zones"];
    morceaux.push(nombres.etablissements + " établissements localisés");
    etat.textContent = "Carte chargée : " + morceaux.join(", ") + ".";
  }

  function basculer(nom, visible) {
    var couche = couches[nom];
    if (!couche) { return; }
    if (visible && !carte.hasLayer(couche)) { carte.addLayer(couche); }
    if (!visible && carte.hasLayer(couche)) { carte.removeLayer(couche); }
  }

  function chargerEtablissements(tous) {
    var url = config.api.etablissements + (tous ? "?tous=true" : "");
    return charger(url).then(function (donnees) {
      if (couches.etablissements) { carte.removeLayer(couches.etablissements); }
      var groupe = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
      L.geoJSON(donnees, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: "#ffffff", weight: 1, fillColor: "#b34000", fillOpacity: 0.95 });
        },
        onEachFeature: function (f, couche) {
          var p = f.properties;
          couche.bindPopup(bulle([p.nom, p.naf + (p.filiere ? " · " + p.filiere : ""), p.tranche, p.fictif ? "Établissement fictif" : ""], p.url));
        }
      }).eachLayer(function (c) { groupe.addLayer(c); });
      couches.etablissements = groupe;
      nombres.etablissements = donnees.features.length;
      basculer("etablissements", document.getElementById("couche-etablissements").checked);
      dire();
    });
  }

  Promise.all([charger(config.api.communes), charger(config.api.zones)]).then(function (res) {
    couches.communes = L.geoJSON(res[0], {
      style: { color: "#6a6a6a", weight: 1, fillColor: "#f6f6f6", fillOpacity: 0.9 },
      onEachFeature: function (f, couche) {
        var p = f.properties;
        couche.bindTooltip(p.nom, { sticky: true });
        couche.bindPopup(bulle([p.nom, "Code INSEE " + p.code_insee, p.population ? "Population : " + p.population.toLocaleString("fr-FR") : ""]));
      }
    }).addTo(carte);
    couches.zones = L.geoJSON(res[1], {
      style: { color: "#000091", weight: 2, fillColor: "#6a6af4", fillOpacity: 0.45 },
      onEachFeature: function (f, couche) {
        var p = f.properties;
        couche.bindTooltip(p.nom, { sticky: true });
        couche.bindPopup(bulle([p.nom, p.type, p.surface_ha ? Math.round(p.surface_ha) + " ha" : "", p.contour_illustratif ? "Contour illustratif" : ""]));
      }
    }).addTo(carte);
    nombres.communes = res[0].features.length;
    nombres.zones = res[1].features.length;
    var limites = couches.communes.getBounds();
    if (limites.isValid()) { carte.fitBounds(limites, { padding: [10, 10] }); }
    return chargerEtablissements(false);
  }).catch(function (erreur) {
    if (window.console) { window.console.error(erreur); }
    etat.textContent = "La carte n'a pas pu être chargée (" + erreur + ") ; les tableaux ci-dessous en donnent le contenu.";
  });

  ["communes", "zones", "etablissements"].forEach(function (nom) {
    document.getElementById("couche-" + nom).addEventListener("change", function (e) { basculer(nom, e.target.checked); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input[name=points]"), function (radio) {
    radio.addEventListener("change", function (e) {
      etat.textContent = "Chargement des établissements…";
      chargerEtablissements(e.target.value === "tous").catch(function (erreur) {
        etat.textContent = "Les établissements n'ont pas pu être chargés (" + erreur.message + ").";
      });
    });
  });
  document.getElementById("commandes-carte").addEventListener("submit", function (e) { e.preventDefault(); });
})();
