"""How form widgets are rendered: Django's own widget templates through its
Jinja2 renderer (a select of a hundred communes is one template, not one
template include per option, a third of a filter page's time with Django's
engine), and any template Jinja2 does not have (the admin's widgets) through
the project's Django templates, as Django's TemplatesSetting renderer would."""

from django.forms.renderers import Jinja2
from django.template import TemplateDoesNotExist
from django.template.loader import get_template


class FormRenderer(Jinja2):
    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return get_template(template_name)
