from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.challenges.models import Administration, Challenge, Profile
from eig.challenges.publication import not_held_back
from eig.content.models import Tag
from eig.promotions.models import Promotion


def _choices(queryset, value, label, empty):
    return [("", empty)] + [(getattr(o, value), label(o)) for o in queryset]


class ChallengeFilterForm(DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher un défi"), required=False, max_length=100)
    promotion = forms.ChoiceField(label=_("Promotion"), required=False)
    profile = forms.ChoiceField(label=_("Profil recherché"), required=False)
    administration = forms.ChoiceField(label=_("Administration"), required=False)
    status = forms.ChoiceField(label=_("Statut"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promotion"].choices = _choices(
            Promotion.objects.filter(is_published=True).select_related("programme"), "slug", str, _("Toutes")
        )
        self.fields["profile"].choices = _choices(Profile.objects.all(), "code", str, _("Tous"))
        self.fields["administration"].choices = _choices(
            # Held-back challenges (a selection awaiting the approvers) do not name their administration.
            Administration.objects.filter(
                challenges__in=Challenge.objects.filter(not_held_back(), status__in=Challenge.PUBLIC_STATUSES)
            ).distinct(),
            "slug",
            str,
            _("Toutes"),
        )
        public = [(v, label) for v, label in Challenge.Status.choices if v in Challenge.PUBLIC_STATUSES]
        self.fields["status"].choices = [("", _("Tous"))] + public


class CommunityFilterForm(DsfrBaseForm):
    promotion = forms.ChoiceField(label=_("Promotion"), required=False)
    profile = forms.ChoiceField(label=_("Profil"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promotion"].choices = _choices(
            Promotion.objects.filter(is_published=True).select_related("programme"), "slug", str, _("Toutes")
        )
        self.fields["profile"].choices = _choices(Profile.objects.all(), "code", str, _("Tous"))


class NewsFilterForm(DsfrBaseForm):
    tag = forms.ChoiceField(label=_("Étiquette"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = _choices(Tag.objects.all(), "slug", str, _("Toutes"))
