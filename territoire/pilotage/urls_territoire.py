"""Pages of one territory, under /<territoire>/situation/ (included by territoire/urls.py)."""

from django.urls import path

from . import vues_territoire

app_name = "reperes"

urlpatterns = [
    path("", vues_territoire.situation, name="situation"),
    path("perimetres/", vues_territoire.perimetres, name="perimetres"),
]
