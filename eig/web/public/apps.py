from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "eig.web.public"
    label = "public"

    def ready(self):
        # DSFR forms (the filters of the public lists, staff forms…) share one renderer: their field
        # templates are compiled once per process, not once per form (eig/web/common/renderers.py).
        from eig.web.common.renderers import share_dsfr_renderer

        share_dsfr_renderer()
