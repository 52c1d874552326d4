"""Unit directory pages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class UnitDirectoryView(LoginRequiredMixin, TemplateView):
    template_name = "units/unit_directory.html"
