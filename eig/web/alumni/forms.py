"""The alumni's forms: the directory's filters, one's profile (directory and public profile), the answer
to an invitation."""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy

from eig.alumni import services
from eig.alumni.models import Alumnus
from eig.alumni.services import BIO_MAX, LINKS_MAX, ROLE_MAX, SKILLS_MAX
from eig.core.errors import DomainError

ACCEPT, DECLINE = "accept", "decline"


class DirectoryFilter(forms.Form):
    promotion = forms.TypedChoiceField(label=gettext_lazy("Promotion"), required=False, coerce=int, empty_value=None)
    challenge = forms.TypedChoiceField(label=gettext_lazy("Défi"), required=False, coerce=int, empty_value=None)
    skills = forms.CharField(
        label=gettext_lazy("Compétence ou poste"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Un ou plusieurs mots, par exemple « données » ou « design »."),
    )

    def __init__(self, data, *, promotions, challenges):
        super().__init__(data)
        everyone = [("", gettext_lazy("Toutes"))]
        self.fields["promotion"].choices = everyone + [(p.pk, str(p)) for p in promotions]
        self.fields["challenge"].choices = [("", gettext_lazy("Tous"))] + [(c.pk, c.title) for c in challenges]

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}

    def querystring(self) -> str:
        """The filters as the pagination links carry them."""
        return urlencode(self.values())


class ProfileForm(forms.Form):
    """What the directory of alumni says of the person, and their consent."""

    part = forms.CharField(widget=forms.HiddenInput, initial="directory")
    # Its consequence (withdrawing takes the person out at once) is said beside it on the page: a
    # checkbox of includes/form_field.html shows no help text.
    listed = forms.BooleanField(label=gettext_lazy("J'accepte de figurer dans l'annuaire des anciens"), required=False)
    skills = forms.CharField(
        label=gettext_lazy("Compétences"),
        required=False,
        max_length=SKILLS_MAX,
        help_text=gettext_lazy(
            "Quelques mots séparés par des virgules, par exemple « données, cartographie, Python »."
        ),
    )
    current_role = forms.CharField(
        label=gettext_lazy("Poste actuel"),
        required=False,
        max_length=ROLE_MAX,
        help_text=gettext_lazy("Par exemple « Cheffe de produit, direction interministérielle du numérique »."),
    )
    contact_preference = forms.ChoiceField(
        label=gettext_lazy("Comment les autres anciens peuvent vous contacter"),
        choices=Alumnus.Contact.choices,
        widget=forms.RadioSelect,
    )

    @classmethod
    def of(cls, alumnus: Alumnus, data=None):
        return cls(
            data,
            prefix="annuaire",
            initial={
                "listed": alumnus.listed,
                "skills": alumnus.skills,
                "current_role": alumnus.current_role,
                "contact_preference": alumnus.contact_preference,
            },
        )


class PublicProfileForm(forms.Form):
    """The person's public profile of the community pages."""

    part = forms.CharField(widget=forms.HiddenInput, initial="public")
    is_public = forms.BooleanField(
        label=gettext_lazy("Mon profil est public sur le site (page « Communauté »)"),
        required=False,
    )
    bio = forms.CharField(
        label=gettext_lazy("Présentation"),
        required=False,
        max_length=BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Quelques lignes sur votre parcours et ce que vous faites aujourd'hui."),
    )
    links = forms.CharField(
        label=gettext_lazy("Liens"),
        required=False,
        max_length=LINKS_MAX * 510,
        widget=forms.Textarea(attrs={"rows": 4}),
        # LINKS_MAX (10) links at most: said in words, the service refuses more.
        help_text=gettext_lazy(
            "Une adresse par ligne, complète et sécurisée (commençant par « https:// »), dix au plus."
        ),
    )

    @classmethod
    def of(cls, person, data=None):
        initial = {"is_public": False, "bio": "", "links": ""}
        if person is not None:
            initial = {"is_public": person.is_public, "bio": person.bio, "links": "\n".join(person.links or [])}
        return cls(data, prefix="public", initial=initial)

    def clean_links(self) -> list[str]:
        """The links, one per line, checked as the service checks them (https only), so the error
        shows under the field."""
        try:
            return services.clean_links(self.cleaned_data["links"].splitlines())
        except DomainError as error:
            raise forms.ValidationError(str(error)) from None


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Votre réponse"),
        choices=[(ACCEPT, gettext_lazy("J'accepte")), (DECLINE, gettext_lazy("Je décline"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choisissez d'accepter ou de décliner l'invitation.")},
    )
    charter = forms.BooleanField(label=gettext_lazy("J'ai lu et j'accepte la charte du jury"), required=False)

    def __init__(self, data=None, *, invitation, **kwargs):
        # Plain field names (`decision`, `charter`), ids unique on a page listing several invitations.
        super().__init__(data, auto_id=f"invitation-{invitation.pk}-%s", **kwargs)
        self.invitation = invitation
        if invitation.kind != invitation.Kind.JURY:
            del self.fields["charter"]

    def clean(self):
        cleaned = super().clean()
        # A jury seat is the account's once its charter is signed (eig.juries.services.accept_charter):
        # accepting the invitation signs it, so the box is asked for, as on the jury's own charter page.
        if cleaned.get("decision") == ACCEPT and "charter" in self.fields and not cleaned.get("charter"):
            self.add_error("charter", gettext_lazy("Cochez la case pour accepter la charte du jury."))
        return cleaned
