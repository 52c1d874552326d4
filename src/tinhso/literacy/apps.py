from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiteracyConfig(AppConfig):
    name = "tinhso.literacy"
    label = "literacy"
    verbose_name = _("Mass digital literacy")
