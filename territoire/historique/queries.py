"""Read side of the shared history.

There is no `for_user` here: an entry is read through its record, and the record's own
`for_user` is the door (who may open a request may read its history). `de()` and `des()`
keep one query whatever the number of records.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models


class EntreeQuerySet(models.QuerySet):
    def de(self, objet):
        """The entries of one record, newest first, with their authors."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(objet), object_id=objet.pk
        ).select_related("auteur")

    def des(self, objets: Iterable):
        """The entries of several records (of any models) in one query."""
        par_type: dict[int, set[int]] = {}
        for objet in objets:
            ct = ContentType.objects.get_for_model(objet)
            par_type.setdefault(ct.pk, set()).add(objet.pk)
        return self.des_identifiants(par_type)

    def des_identifiants(self, par_type: dict):
        """Entries of the records {content type id: ids or a subquery of ids}."""
        filtre = models.Q(pk__in=[])
        for ct, ids in par_type.items():
            filtre |= models.Q(content_type_id=ct, object_id__in=ids)
        return self.filter(filtre).select_related("auteur")
