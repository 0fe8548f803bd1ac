"""The merger check: which SIRENs of the ANCT's lists are not (or no longer) EPCIs of the COG,
and what holds their communes now — said, never silently dropped.

Two layers: what the build found (each ANCT SIREN's ``statut`` in the shipped list), and what the
COG installed here says today (a list built on another vintage may name EPCIs that have merged
since: they are reported with what replaced them, when the list's ``fusions`` know it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import sources
from ..erreurs import DonneesInvalides
from . import liste as liste_ti

LIBELLES = {
    "fusionne": "EPCI qui n'existe plus (fusion)",
    "commune": "SIREN d'une commune listée seule (le territoire prend une partie d'un EPCI)",
    "contour": "SIREN inconnu du COG (établissement public territorial…) : communes déduites du contour de l'ANCT",
}


@dataclass
class Constat:
    phase: str
    id_ti: str
    nom_territoire: str
    siren: str
    statut: str
    nom: str
    remplace_par: list[dict] = field(default_factory=list)
    detail: str = ""

    def phrase(self) -> str:
        texte = f"{self.id_ti} « {self.nom_territoire} » : {self.siren} {self.nom or ''} — {LIBELLES.get(self.statut, self.statut)}"
        if self.remplace_par:
            texte += " ; remplacé par " + ", ".join(f"{r['siren']} ({r['nom']})" for r in self.remplace_par)
        if self.detail:
            texte += f" ; {self.detail}"
        return texte


@dataclass
class Rapport:
    millesime_liste: str
    paquet_liste: str
    meme_cog: bool
    constats: list[Constat] = field(default_factory=list)
    absents_du_cog_installe: list[Constat] = field(default_factory=list)
    remarques: list[tuple[str, str, str]] = field(default_factory=list)  # (phase, id_ti, text)

    def lignes(self) -> list[str]:
        sortie = [
            f"Liste construite sur le COG {self.millesime_liste} ({self.paquet_liste}) : "
            + ("c'est celui installé ici." if self.meme_cog else "ce n'est PAS celui installé ici (reconstruisez la liste).")
        ]
        for phase in liste_ti.PHASES:
            constats = [c for c in self.constats if c.phase == phase]
            sortie.append(f"Phase {phase} : {len(constats)} SIREN de la liste de l'ANCT ne sont pas des EPCI du COG.")
            sortie += [f"  {c.phrase()}" for c in constats]
        if self.absents_du_cog_installe:
            sortie.append(f"EPCI de la liste absents du COG installé : {len(self.absents_du_cog_installe)}.")
            sortie += [f"  {c.phrase()}" for c in self.absents_du_cog_installe]
        if self.remarques:
            sortie.append(f"Remarques de la construction : {len(self.remarques)}.")
            sortie += [f"  {phase} {id_ti} : {texte}" for phase, id_ti, texte in self.remarques]
        return sortie


def verifier(chemin=None) -> Rapport:
    liste = liste_ti.charger(chemin, verifier=False)
    try:
        liste_ti.verifier_millesime(liste)
        meme = True
    except DonneesInvalides:
        meme = False
    rapport = Rapport(liste.cog.get("millesime", "?"), liste.cog.get("paquet", "?"), meme)
    installes = set(sources.lire_epcis()) if not meme else None
    for phase in liste_ti.PHASES:
        for t in liste.territoires(phase):
            for e in t.hors_cog():
                detail = ""
                if e["statut"] == "commune":
                    detail = f"commune {e['commune']}"
                    if e.get("commune_ancienne"):
                        detail += f" (anciennement {e['commune_ancienne']}, fusionnée depuis)"
                elif e["statut"] == "contour":
                    detail = f"{e.get('communes_deduites', 0)} commune(s) déduite(s)"
                rapport.constats.append(Constat(
                    phase, t.id_ti, t.nom, e["siren"], e["statut"], e.get("nom", ""),
                    e.get("remplace_par", []), detail,
                ))
            for r in t.remarques:
                rapport.remarques.append((phase, t.id_ti, r))
            if installes is not None:
                for epci in t.epcis:
                    if epci.siren not in installes:
                        fusion = liste.fusion(epci.siren) or {}
                        rapport.absents_du_cog_installe.append(Constat(
                            phase, t.id_ti, t.nom, epci.siren, "fusionne", epci.nom, fusion.get("remplace_par", []),
                        ))
    return rapport
