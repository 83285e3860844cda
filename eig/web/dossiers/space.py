"""A « space »: what one audience that fills dossiers changes in the shared dossier pages.

The pages (pages.py) are the same for every audience: a step with its autosave, the overview,
the submit, the receipt and its PDF. A space says where they live (its URL namespace and the
name of its overview), which dossiers a person reaches there (anything else is a 404), why a
dossier may no longer change, how it is submitted, and what the pages say of it. A new audience
subclasses DossierSpace and mounts `pages.urlpatterns(space)`; it does not copy the pages.
"""

from collections.abc import Mapping
from functools import cached_property

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from eig.calls import services as dossier_services
from eig.calls.models import Dossier, DossierVersion
from eig.calls.navigation import StepRef

PAGES = ("step", "overview", "receipt")
PAGE_NAMES = ("step", "submit", "receipt", "receipt_pdf")  # the URL names of the pages but the overview


class DossierSpace:
    namespace: str = ""  # the audience's URL namespace ("candidates")
    prefix: str = "dossiers/<str:number>/"  # where a dossier's pages start, under the audience's URLs
    overview_name: str = "dossier"  # the overview's URL name (the other pages: step, submit, receipt, receipt_pdf)
    # Put before every dossier page's URL name (not the home's), so that several spaces share one
    # namespace: name_prefix "onboarding_" names the pages onboarding_dossier, onboarding_step, …
    name_prefix: str = ""
    home_name: str = "space"  # the audience's home page
    home_label = _("Mon espace")
    back_label = _("Revenir au dossier")  # from a receipt to the overview
    # The pages of the sections' steps (eig.calls.navigation), which the audience serves itself.
    section_pages: Mapping[str, str] = {}
    # A step opened (GET) is remembered as the one to resume at.
    tracks_last_step: bool = False
    # Each page's template: the shared one, or an audience's that extends it (blocks).
    templates: Mapping[str, str] = {page: f"dossiers/{page}.html" for page in PAGES}

    # --- Which dossiers, and what may be done with them ----------------------------

    def get_dossier(self, request, number) -> Dossier:
        """The dossier `number` as the signed-in person reaches it here, else Http404."""
        raise NotImplementedError

    def get_version(self, request, number, version) -> DossierVersion:
        dossier = self.get_dossier(request, number)
        found = get_object_or_404(DossierVersion, dossier=dossier, number=version)
        found.dossier = dossier  # already read, with its call
        return found

    def locked_reason(self, dossier: Dossier, now=None) -> str:
        """Why the dossier's answers may no longer change here, in French; "" while they may."""
        raise NotImplementedError

    def is_editable(self, dossier: Dossier, now=None) -> bool:
        return not self.locked_reason(dossier, now)

    def submit(self, dossier: Dossier, *, by) -> DossierVersion:
        """Submit in the language of the request (the page's): the dossier keeps it for its receipt."""
        return dossier_services.submit_dossier(dossier, by=by, language=translation.get_language())

    # --- What the pages say -----------------------------------------------------------

    # Each page's title ("%(number)s" the dossier's number, "%(step)s" a step's title) and the steps menu's.
    titles: Mapping[str, str] = {}
    menu: str = ""

    def title(self, page: str, dossier: Dossier, step=None) -> str:
        return self.titles[page] % {"number": dossier.number, "step": step.title if step is not None else ""}

    def menu_title(self, dossier: Dossier) -> str:
        return self.menu % {"number": dossier.number}

    def context(self, page: str, request, dossier: Dossier, shown: dict) -> dict:
        """What the audience's template adds to a page (`shown`: what the kit computed for it)."""
        return {}

    # --- Addresses ----------------------------------------------------------------------

    @cached_property
    def names(self) -> dict[str, str]:
        """The pages' URL names, for templates: {% url space.names.receipt dossier.number 1 %}."""
        names = {"overview": self.overview_name} | {name: name for name in PAGE_NAMES}
        names = {key: self.name_prefix + name for key, name in names.items()} | {"home": self.home_name}
        return {key: f"{self.namespace}:{name}" for key, name in names.items()}

    def url(self, page: str, *args) -> str:
        return reverse(self.names[page], args=args)

    def overview_url(self, dossier: Dossier) -> str:
        return self.url("overview", dossier.number)

    def step_url(self, dossier: Dossier, step: StepRef) -> str:
        if step.section:
            return reverse(f"{self.namespace}:{self.section_pages[step.section]}", args=[dossier.number])
        return self.url("step", dossier.number, step.slug)
