"""Links of the Region's view in a territory's navigation (territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

ENTREES = [
    Entree("territoire", "Où se situe le territoire", "reperes:situation", ordre=60),
    Entree("territoire", "Ses périmètres (phases du programme)", "reperes:perimetres", ordre=61),
]
