/* Choropleth map of the territories of a perimeter (Leaflet, vendored; no base tiles: the
   platform works offline). Five classes by quantiles of the chosen figure, a legend that says
   each class's bounds, a territory without figure in hatched grey. The table beside the map
   gives every value: the colours are never the only way to read it.
   Text from the data is always inserted as text, never as HTML. */
(function () {
  "use strict";
  var element = document.getElementById("carte");
  var source = document.getElementById("config-carte");
  if (!element || !source || typeof L === "undefined") { return; }
  var config = JSON.parse(source.textContent);
  var etat = document.getElementById("etat-carte");
  // Sequential palette, light to dark (each darker class is darker in luminance too).
  var COULEURS = ["#e5f1f6", "#a9cfe0", "#5fa3c4", "#2a6f97", "#0b3d5c"];
  var SANS = "#bdbdbd";
  var POURCENT = { part_emplois_industriels: true, part_centre_exterieur: true, prise_en_charge_5_jours: true };

  function formater(v) {
    if (v === null || v === undefined) { return "non disponible"; }
    if (POURCENT[config.indicateur]) { return (Math.round(v * 1000) / 10).toLocaleString("fr-FR") + " %"; }
    return Math.round(v).toLocaleString("fr-FR");
  }

  function bornes(valeurs) {
    var tries = valeurs.slice().sort(function (a, b) { return a - b; });
    var resultat = [];
    for (var i = 1; i < COULEURS.length; i++) {
      resultat.push(tries[Math.min(tries.length - 1, Math.floor(i * tries.length / COULEURS.length))]);
    }
    return resultat;
  }

  function classe(v, seuils) {
    if (v === null || v === undefined) { return -1; }
    for (var i = 0; i < seuils.length; i++) { if (v < seuils[i]) { return i; } }
    return seuils.length;
  }

  function legende(seuils, minimum, maximum) {
    var controle = L.control({ position: "bottomright" });
    controle.onAdd = function () {
      var div = L.DomUtil.create("div", "legende-carte");
      div.style.background = "#fff";
      div.style.padding = "6px 8px";
      div.style.border = "1px solid #6a6a6a";
      var titre = document.createElement("strong");
      titre.textContent = config.libelle;
      div.appendChild(titre);
      var bas = [minimum].concat(seuils);
      var haut = seuils.concat([maximum]);
      for (var i = 0; i < COULEURS.length; i++) {
        var ligne = document.createElement("div");
        var carre = document.createElement("span");
        carre.style.display = "inline-block";
        carre.style.width = "14px";
        carre.style.height = "14px";
        carre.style.marginRight = "6px";
        carre.style.background = COULEURS[i];
        carre.style.border = "1px solid #6a6a6a";
        carre.setAttribute("aria-hidden", "true");
        ligne.appendChild(carre);
        ligne.appendChild(document.createTextNode(formater(bas[i]) + " à " + formater(haut[i])));
        div.appendChild(ligne);
      }
      var sans = document.createElement("div");
      sans.textContent = "gris : non disponible";
      div.appendChild(sans);
      return div;
    };
    return controle;
  }

  var carte = L.map(element, { zoomSnap: 0.25, keyboard: true, minZoom: 4, maxZoom: 12 });
  carte.attributionControl.setPrefix(false);
  carte.attributionControl.addAttribution("Territoires : ANCT · Communes : INSEE, IGN · Établissements : SIRENE (INSEE)");
  carte.setView([46.6, 2.4], 5);

  fetch(config.geojson, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
    .then(function (r) {
      if (!r.ok) { throw new Error("réponse " + r.status); }
      return r.json();
    })
    .then(function (donnees) {
      var valeurs = donnees.features
        .map(function (f) { return f.properties[config.indicateur]; })
        .filter(function (v) { return v !== null && v !== undefined; });
      var seuils = valeurs.length ? bornes(valeurs) : [];
      var couche = L.geoJSON(donnees, {
        filter: function (f) { return f.geometry !== null; },
        style: function (f) {
          var c = classe(f.properties[config.indicateur], seuils);
          return { color: "#1e1e1e", weight: 1, fillOpacity: 0.85, fillColor: c < 0 ? SANS : COULEURS[Math.min(c, COULEURS.length - 1)] };
        },
        onEachFeature: function (f, layer) {
          var div = document.createElement("div");
          var nom = document.createElement("strong");
          nom.textContent = f.properties.nom + (f.properties.id_ti ? " (" + f.properties.id_ti + ")" : "");
          div.appendChild(nom);
          var p = document.createElement("p");
          p.textContent = config.libelle + " : " + formater(f.properties[config.indicateur]);
          div.appendChild(p);
          var a = document.createElement("a");
          a.href = f.properties.url;
          a.textContent = "Voir le territoire";
          div.appendChild(a);
          layer.bindPopup(div);
          layer.bindTooltip(f.properties.nom);
        }
      }).addTo(carte);
      if (couche.getLayers().length) { carte.fitBounds(couche.getBounds(), { padding: [10, 10] }); }
      if (valeurs.length) { legende(seuils, Math.min.apply(null, valeurs), Math.max.apply(null, valeurs)).addTo(carte); }
      etat.textContent = "Carte chargée : " + donnees.features.length + " territoires, colorés selon « " + config.libelle + " » (le tableau à côté donne les valeurs).";
    })
    .catch(function (erreur) {
      etat.textContent = "La carte n'a pas pu être chargée (" + erreur.message + ") ; les tableaux donnent tout son contenu.";
    });
}());
