"""How form widgets are rendered: Django's own widget templates through its
Jinja2 renderer (a select of a hundred communes is one template, not one
template include per option, a third of a filter page's time with Django's
engine), our few overrides of them first (form_templates/), and any template
Jinja2 does not have (the admin's widgets) through the project's Django
templates, as Django's TemplatesSetting renderer would."""

from pathlib import Path

import django.forms
from django.forms.renderers import Jinja2
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.functional import cached_property

OVERRIDES = Path(__file__).parent / "form_templates"


class FormRenderer(Jinja2):
    @cached_property
    def engine(self):
        # Django's own engine for its renderer, with our overrides ahead of its templates.
        forms_templates = Path(django.forms.__file__).parent / self.backend.app_dirname
        return self.backend(
            {"APP_DIRS": True, "DIRS": [OVERRIDES, forms_templates], "NAME": "djangoforms",
             "OPTIONS": {}}
        )  # fmt: skip

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return get_template(template_name)
