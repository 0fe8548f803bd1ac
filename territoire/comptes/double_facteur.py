"""Two-factor authentication (TOTP, django-otp) for the team and the steering committee.

- Anyone may add a TOTP device to their account; once a device is confirmed, every sign-in
  asks for a code after the password.
- With `COMPTES_DOUBLE_FACTEUR_OBLIGATOIRE`, an account holding the équipe or pilotage role
  (or a superuser) must enrol before it reaches any page.

How a session that passed the password but not the code is held back: every sign-in, whatever
the path (our sign-in page, the admin's, an invitation, a test client), sends Django's
`user_logged_in` signal; `noter_exigence` then writes in the session what is still owed
(« verifier » or « activer ») and when. `DoubleAuthentificationMiddleware` reads only the
session (no query) and lets such a session reach nothing but the code page, the enrolment page
(when enrolment is what is owed), sign-out and static files; a pending session older than
`DELAI_CODE` is signed out.
"""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Adhesion, Role

CLE_ETAT = "comptes_2fa"
CLE_DEPUIS = "comptes_2fa_depuis"
A_VERIFIER = "verifier"
A_ACTIVER = "activer"
# How long a session may stay between the password and the code.
DELAI_CODE = dt.timedelta(minutes=10)
ROLES_CONCERNES = (Role.EQUIPE, Role.PILOTAGE)


def appareil_confirme(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def doit_avoir_double_facteur(user) -> bool:
    """The setting makes it compulsory for équipe and pilotage accounts (and superusers)."""
    if not settings.COMPTES_DOUBLE_FACTEUR_OBLIGATOIRE:
        return False
    return user.is_superuser or Adhesion.objects.filter(utilisateur=user, role__in=ROLES_CONCERNES).exists()


def exigence(user) -> str | None:
    if appareil_confirme(user) is not None:
        return A_VERIFIER
    if doit_avoir_double_facteur(user):
        return A_ACTIVER
    return None


def noter_exigence(sender, request, user, **kwargs) -> None:
    """Receiver of `user_logged_in`: what the new session still owes."""
    session = getattr(request, "session", None)
    if session is None:
        return
    etat = exigence(user)
    if etat is None:
        session.pop(CLE_ETAT, None)
        session.pop(CLE_DEPUIS, None)
    else:
        session[CLE_ETAT] = etat
        session[CLE_DEPUIS] = timezone.now().isoformat()


def marquer_verifie(request) -> None:
    """The code was right (or a device was just confirmed): the session is complete."""
    request.session.cycle_key()
    request.session.pop(CLE_ETAT, None)
    request.session.pop(CLE_DEPUIS, None)


def etat_en_attente(request) -> str | None:
    session = getattr(request, "session", None)
    return session.get(CLE_ETAT) if session is not None else None


def _chemins_permis(etat: str) -> tuple[str, ...]:
    permis = [reverse("comptes:verification"), reverse("comptes:deconnexion")]
    if etat == A_ACTIVER:
        permis.append(reverse("comptes:double_facteur"))
    return tuple(permis)


class DoubleAuthentificationMiddleware:
    """Holds back a session that still owes its second factor (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        etat = etat_en_attente(request)
        if etat in (A_VERIFIER, A_ACTIVER):
            reponse = self._retenir(request, etat)
            if reponse is not None:
                return reponse
        return self.get_response(request)

    def _retenir(self, request, etat):
        chemin = request.path_info
        statiques = tuple(p for p in (settings.STATIC_URL, "/favicon.ico") if p)
        if chemin.startswith(statiques):
            return None
        depuis = request.session.get(CLE_DEPUIS)
        try:
            expire = depuis is None or timezone.now() - dt.datetime.fromisoformat(depuis) > DELAI_CODE
        except ValueError:
            expire = True
        if expire:
            logout(request)
            return redirect(f"{reverse('comptes:connexion')}?{urlencode({'expire': '1'})}")
        if chemin in _chemins_permis(etat):
            return None
        if request.method not in ("GET", "HEAD") or chemin.startswith("/api/"):
            raise PermissionDenied("Saisissez d'abord le code de votre application d'authentification.")
        cible = reverse("comptes:verification" if etat == A_VERIFIER else "comptes:double_facteur")
        return redirect(f"{cible}?{urlencode({'next': request.get_full_path()})}")


# --- Devices ---


def appareil_en_cours(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (created on first call, its secret kept)."""
    appareil = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if appareil is None:
        appareil = TOTPDevice.objects.create(user=user, name="Application d'authentification", confirmed=False)
    return appareil


def secret_lisible(appareil: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    brut = b32encode(appareil.bin_key).decode("ascii").rstrip("=")
    return " ".join(brut[i : i + 4] for i in range(0, len(brut), 4))


def qr_svg(appareil: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG markup, drawn locally (segno)."""
    return segno.make(appareil.config_url, error="m").svg_inline(scale=5, title="Code QR d'enrôlement", border=2)


def verifier_code(user, appareil: TOTPDevice, code: str) -> bool:
    """Check a code against one device, with django-otp's throttling and replay protection."""
    code = "".join(str(code or "").split())
    if not code.isdigit() or len(code) != appareil.digits:
        appareil.throttle_increment()
        return False
    return verify_token(user, appareil.persistent_id, code) is not None


def attente_restante(appareil: TOTPDevice) -> int | None:
    """Seconds before another code may be tried, when django-otp is throttling the device."""
    permis, details = appareil.verify_is_allowed()
    if permis:
        return None
    jusqua = (details or {}).get("locked_until")
    if jusqua is None:
        return None
    return max(int((jusqua - timezone.now()).total_seconds()) + 1, 1)


def confirmer_appareil(request, appareil: TOTPDevice, code: str) -> bool:
    if not verifier_code(request.user, appareil, code):
        return False
    appareil.confirmed = True
    appareil.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user).exclude(pk=appareil.pk).delete()
    marquer_verifie(request)
    return True


def retirer_appareils(user) -> int:
    n, _ = TOTPDevice.objects.filter(user=user).delete()
    return n
