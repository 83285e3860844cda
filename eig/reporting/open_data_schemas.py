"""The columns of the open datasets (eig.reporting.open_data), in French and in English.

Each column becomes a Table Schema field: `name`, `type`, `format` where it is not the default,
`constraints` that hold for every row, a French `title` and `description` and their English
`title_en` and `description_en` (custom properties, which Table Schema allows). The texts are
plain strings, not the catalogue's: a schema file is the same whatever the visitor's language.
"""

from dataclasses import dataclass

from eig.challenges.models import Challenge
from eig.community.models import Membership
from eig.core.small_groups import MIN_GROUP
from eig.promotions.models import Phase
from eig.results.models import Deliverable

from .funnel import STAGE_KEYS

# Profile codes (challenges.Profile.code, a slug), joined by « ; » in one cell.
SLUG = r"[-a-zA-Z0-9_]+"
CODES = rf"{SLUG}(;{SLUG})*"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    title: str
    title_en: str
    description: str
    description_en: str
    format: str | None = None
    required: bool = False
    unique: bool = False
    enum: tuple | None = None
    minimum: int | None = None
    pattern: str | None = None

    def descriptor(self) -> dict:
        descriptor = {"name": self.name, "type": self.type}
        if self.format:
            descriptor["format"] = self.format
        descriptor |= {
            "title": self.title,
            "title_en": self.title_en,
            "description": self.description,
            "description_en": self.description_en,
        }
        constraints = {
            "required": self.required or None,
            "unique": self.unique or None,
            "enum": list(self.enum) if self.enum else None,
            "minimum": self.minimum,
            "pattern": self.pattern,
        }
        constraints = {key: value for key, value in constraints.items() if value is not None}
        if constraints:
            descriptor["constraints"] = constraints
        return descriptor


def _id(what_fr, what_en):
    return Column(
        "id",
        "integer",
        "Identifiant",
        "Identifier",
        f"Identifiant {what_fr} sur la plateforme, stable d'une publication à l'autre.",
        f"Identifier of the {what_en} on the platform, stable from one release to the next.",
        required=True,
        unique=True,
        minimum=1,
    )


def _pair(name, title_fr, title_en, description_fr, description_en, *, required=False):
    """The French and English columns of a translated text: `<name>_fr` and `<name>_en`."""
    return (
        Column(
            f"{name}_fr",
            "string",
            f"{title_fr} (français)",
            f"{title_en} (French)",
            f"{description_fr} En français.",
            f"{description_en} In French.",
            required=required,
        ),
        Column(
            f"{name}_en",
            "string",
            f"{title_fr} (anglais)",
            f"{title_en} (English)",
            f"{description_fr} En anglais ; vide quand il n'est pas traduit.",
            f"{description_en} In English; empty when not translated.",
        ),
    )


PROMOTION = Column(
    "promotion",
    "string",
    "Promotion",
    "Promotion",
    "Identifiant de la promotion (colonne slug du jeu de données promotions), par exemple eig-4.",
    "Identifier of the promotion (slug column of the promotions dataset), for instance eig-4.",
    required=True,
    pattern=SLUG,
)
YEAR = Column(
    "year",
    "integer",
    "Année",
    "Year",
    "Année de la promotion (celle de son appel à candidatures).",
    "Year of the promotion (that of its call for applications).",
    required=True,
)
CHALLENGE_ID = Column(
    "challenge_id",
    "integer",
    "Défi",
    "Challenge",
    "Identifiant du défi (colonne id du jeu de données challenges).",
    "Identifier of the challenge (id column of the challenges dataset).",
    required=True,
)
CHALLENGE_SLUG = Column(
    "challenge_slug",
    "string",
    "Identifiant d'adresse du défi",
    "Challenge URL identifier",
    "Identifiant d'adresse du défi (colonne slug du jeu de données challenges).",
    "URL identifier of the challenge (slug column of the challenges dataset).",
    required=True,
    pattern=SLUG,
)
PROFILE_CODES = "dev, datascience, design, dataengineering, geomatique, droit"


def _url(name, title_fr, title_en, description_fr, description_en, *, required=False):
    return Column(name, "string", title_fr, title_en, description_fr, description_en, format="uri", required=required)


CHALLENGES = (
    _id("du défi", "challenge"),
    Column(
        "slug",
        "string",
        "Identifiant d'adresse",
        "URL identifier",
        "Identifiant du défi dans son adresse, unique dans sa promotion.",
        "Identifier of the challenge in its address, unique within its promotion.",
        required=True,
        pattern=SLUG,
    ),
    PROMOTION,
    YEAR,
    *_pair("title", "Titre", "Title", "Titre du défi.", "Title of the challenge.", required=True),
    *_pair("summary", "Résumé", "Summary", "Résumé du défi en une ligne.", "One-line summary of the challenge."),
    Column(
        "administration",
        "string",
        "Administration",
        "Administration",
        "Administration qui porte le défi et accueille l'équipe.",
        "Public body that proposes the challenge and hosts its team.",
        required=True,
    ),
    Column(
        "ministry",
        "string",
        "Ministère",
        "Ministry",
        "Ministère de tutelle de l'administration (ou l'administration elle-même quand c'est un ministère) ; "
        "vide quand il n'est pas renseigné.",
        "Supervising ministry of the administration (or the administration itself when it is a ministry); "
        "empty when unknown.",
    ),
    Column("town", "string", "Ville", "Town", "Ville où travaille l'équipe.", "Town where the team works."),
    Column(
        "status",
        "string",
        "Statut",
        "Status",
        "Où en est le défi : selected (sélectionné), recruiting (en recrutement), in_progress (en cours), "
        "finished (terminé).",
        "Where the challenge stands: selected, recruiting (recruiting its team), in_progress, finished.",
        required=True,
        enum=tuple(str(status) for status in Challenge.PUBLIC_STATUSES),
    ),
    Column(
        "profiles",
        "string",
        "Profils recherchés",
        "Profiles sought",
        f"Codes des profils recherchés, séparés par « ; » ({PROFILE_CODES}).",
        f"Codes of the profiles sought, separated by “;” ({PROFILE_CODES}).",
        pattern=CODES,
    ),
    _url(
        "page_url",
        "Page du défi",
        "Challenge page",
        "Adresse de la page publique du défi.",
        "Address of the challenge's public page.",
        required=True,
    ),
    _url(
        "source_code_url",
        "Code source",
        "Source code",
        "Adresse du code source publié par l'équipe ; vide s'il n'y en a pas.",
        "Address of the source code the team published; empty if none.",
    ),
    _url(
        "website_url",
        "Site web",
        "Website",
        "Adresse du service ou du site du défi ; vide s'il n'y en a pas.",
        "Address of the challenge's service or website; empty if none.",
    ),
)

POSITIONS = (
    _id("du poste", "position"),
    CHALLENGE_ID,
    CHALLENGE_SLUG,
    PROMOTION,
    Column(
        "profile",
        "string",
        "Profil",
        "Profile",
        f"Code du profil recherché pour ce poste ({PROFILE_CODES}).",
        f"Code of the profile sought for this position ({PROFILE_CODES}).",
        required=True,
        pattern=SLUG,
    ),
    *_pair(
        "profile_label",
        "Libellé du profil",
        "Profile label",
        "Libellé du profil.",
        "Label of the profile.",
        required=True,
    ),
    *_pair("mission", "Mission", "Mission", "Mission confiée au poste.", "Mission of the position."),
    *_pair("skills", "Compétences", "Skills", "Compétences attendues.", "Skills expected."),
)

PHASE_TITLES = {
    Phase.Kind.CHALLENGE_CALL: ("Appel à défis", "Call for challenges"),
    Phase.Kind.CHALLENGE_JURY: ("Jury de sélection des défis", "Challenge selection jury"),
    Phase.Kind.APPLICATION_CALL: ("Appel à candidatures", "Call for applications"),
    Phase.Kind.AUDITIONS: ("Auditions des candidats", "Candidate interviews"),
    Phase.Kind.NOTIFICATION: ("Annonce des résultats aux candidats", "Results sent to the candidates"),
    Phase.Kind.ANNOUNCEMENT: ("Annonce publique de la promotion", "Public announcement of the promotion"),
    Phase.Kind.PROGRAMME: ("Dix mois du programme", "The programme's ten months"),
}


def _phase_columns():
    for kind in Phase.Kind.values:
        french, english = PHASE_TITLES[kind]
        for end, word_fr, word_en in (("start", "début", "start"), ("end", "fin", "end")):
            yield Column(
                f"{kind}_{end}",
                "date",
                f"{french} : {word_fr}",
                f"{english}: {word_en}",
                f"Jour de {word_fr} de l'étape « {french} » (heure de Paris) ; vide si elle n'est pas datée.",
                f"Day of the {word_en} of the “{english}” phase (Paris time); empty when it has no date.",
            )


PROMOTIONS = (
    Column(
        "slug",
        "string",
        "Identifiant",
        "Identifier",
        "Identifiant de la promotion, celui de son adresse, par exemple eig-4.",
        "Identifier of the promotion, that of its address, for instance eig-4.",
        required=True,
        unique=True,
        pattern=SLUG,
    ),
    Column(
        "programme",
        "string",
        "Programme",
        "Programme",
        "Sigle du programme (EIG : Entrepreneurs d'intérêt général).",
        "Acronym of the programme (EIG: Entrepreneurs d'intérêt général).",
        required=True,
    ),
    Column(
        "number",
        "integer",
        "Numéro",
        "Number",
        "Numéro de la promotion dans son programme.",
        "Number of the promotion within its programme.",
        required=True,
        minimum=0,
    ),
    YEAR,
    *_pair("title", "Titre", "Title", "Titre de la promotion.", "Title of the promotion."),
    *_phase_columns(),
    Column(
        "challenge_count",
        "integer",
        "Nombre de défis",
        "Number of challenges",
        "Nombre de défis publics de la promotion.",
        "Number of public challenges of the promotion.",
        required=True,
        minimum=0,
    ),
    Column(
        "fellow_count",
        "integer",
        "Nombre d'entrepreneurs",
        "Number of fellows",
        "Nombre d'entrepreneurs et d'entrepreneuses d'intérêt général des équipes de la promotion, "
        f"profil public ou non ; vide quand il est compris entre 1 et {MIN_GROUP - 1} (masqué : un si petit "
        "groupe pourrait désigner une personne).",
        "Number of fellows in the promotion's teams, with a public profile or not; empty when between 1 and "
        f"{MIN_GROUP - 1} (masked: so small a group could point at a person).",
        minimum=0,
    ),
    _url(
        "page_url",
        "Page de la promotion",
        "Promotion page",
        "Adresse de la page publique de la promotion.",
        "Address of the promotion's public page.",
        required=True,
    ),
)

TEAMS = (
    CHALLENGE_ID,
    CHALLENGE_SLUG,
    PROMOTION,
    Column(
        "role",
        "string",
        "Rôle",
        "Role",
        "Rôle dans l'équipe : fellow (entrepreneur ou entrepreneuse d'intérêt général), mentor, "
        "operational_mentor (mentor opérationnel), high_level_mentor (mentor de haut niveau).",
        "Role in the team: fellow, mentor, operational_mentor, high_level_mentor.",
        required=True,
        enum=tuple(str(role) for role in Membership.Role.values),
    ),
    Column(
        "person",
        "string",
        "Identifiant de la personne",
        "Person identifier",
        "Identifiant du profil public de la personne dans la communauté.",
        "Identifier of the person's public profile in the community.",
        required=True,
        pattern=SLUG,
    ),
    Column(
        "name",
        "string",
        "Nom",
        "Name",
        "Nom de la personne, publié avec son accord ; les personnes qui n'ont pas donné leur accord "
        "n'apparaissent pas dans ce jeu de données.",
        "Name of the person, published with their consent; people who did not consent are not in this dataset.",
        required=True,
    ),
    Column(
        "profile",
        "string",
        "Profil",
        "Profile",
        f"Code du profil de la personne ({PROFILE_CODES}) ; vide s'il n'est pas renseigné.",
        f"Code of the person's profile ({PROFILE_CODES}); empty when unknown.",
        pattern=SLUG,
    ),
    _url(
        "person_url",
        "Page de la personne",
        "Person page",
        "Adresse du profil public de la personne.",
        "Address of the person's public profile.",
        required=True,
    ),
)

ACHIEVEMENTS = (
    _id("de la réalisation", "achievement"),
    CHALLENGE_ID,
    CHALLENGE_SLUG,
    PROMOTION,
    *_pair("title", "Titre", "Title", "Titre de la réalisation.", "Title of the achievement.", required=True),
    *_pair("description", "Description", "Description", "Description de la réalisation.", "Description of it."),
    _url(
        "url",
        "Lien",
        "Link",
        "Adresse de la réalisation ; vide s'il n'y en a pas.",
        "Address of the achievement; empty if none.",
    ),
    Column(
        "kind",
        "string",
        "Type",
        "Kind",
        "Type de la réalisation quand l'équipe l'a déclarée sur la plateforme : repository (dépôt de code "
        "source), dataset (jeu de données ouvert), product (service en production), publication (publication "
        "ou intervention), demo (vidéo ou support du demo day) ; vide pour les réalisations plus anciennes.",
        "Kind of achievement when the team declared it on the platform: repository (source code), dataset "
        "(open dataset), product (service in production), publication (publication or talk), demo (demo day "
        "video or slides); empty for older achievements.",
        enum=tuple(str(kind) for kind in Deliverable.Kind.values),
    ),
)

FUNNEL_STATISTICS = (
    PROMOTION,
    YEAR,
    Column(
        "stage",
        "string",
        "Étape",
        "Stage",
        "Étape du parcours, chacune comptant les candidatures qui l'ont atteinte : started (dossiers "
        "commencés), submitted (déposés), admissible (admissibles à la présélection), auditioned "
        "(auditionnés), selected (sélectionnés : un poste proposé, lauréats ou entrepreneurs de la promotion), "
        "in_post (en poste), finished (programme terminé).",
        "Stage of the funnel, each counting the applications that reached it: started (applications "
        "started), submitted, admissible (passed the pre-screening), auditioned (interviewed by the jury), "
        "selected (offered a position, told they are laureates, or fellows of the promotion), in_post (started "
        "the programme), finished (finished the programme).",
        required=True,
        enum=STAGE_KEYS,
    ),
    Column(
        "count",
        "integer",
        "Nombre de candidatures",
        "Number of applications",
        "Nombre de candidatures de la promotion qui ont atteint cette étape ; vide quand il est compris entre "
        f"1 et {MIN_GROUP - 1} (masqué : un si petit groupe pourrait désigner une personne).",
        "Number of the promotion's applications that reached this stage; empty when between 1 and "
        f"{MIN_GROUP - 1} (masked: so small a group could point at a person).",
        minimum=0,
    ),
    Column(
        "masked",
        "boolean",
        "Masqué",
        "Masked",
        f"true quand le nombre est masqué parce que compris entre 1 et {MIN_GROUP - 1}.",
        f"true when the count is masked because it is between 1 and {MIN_GROUP - 1}.",
        required=True,
    ),
)

COLUMNS = {
    "challenges": CHALLENGES,
    "positions": POSITIONS,
    "promotions": PROMOTIONS,
    "teams": TEAMS,
    "achievements": ACHIEVEMENTS,
    "funnel_statistics": FUNNEL_STATISTICS,
}

DATASET_TEXTS = {
    "challenges": {
        "title": "Défis",
        "title_en": "Challenges",
        "description": "Les défis publics de toutes les promotions : administration, ministère, ville, statut, "
        "profils recherchés et liens.",
        "description_en": "The public challenges of every promotion: administration, ministry, town, status, "
        "profiles sought and links.",
    },
    "positions": {
        "title": "Postes",
        "title_en": "Positions",
        "description": "Les postes ouverts sur chaque défi public : le profil recherché et la mission.",
        "description_en": "The positions of each public challenge: the profile sought and the mission.",
    },
    "promotions": {
        "title": "Promotions",
        "title_en": "Promotions",
        "description": "Les promotions publiées : année, dates de chaque étape, nombre de défis et d'entrepreneurs.",
        "description_en": "The published promotions: year, dates of each phase, number of challenges and of fellows.",
    },
    "teams": {
        "title": "Équipes",
        "title_en": "Teams",
        "description": "Les entrepreneurs et mentors de chaque défi qui ont accepté un profil public, avec "
        "leur rôle et leur profil ; les autres n'y figurent pas.",
        "description_en": "The fellows and mentors of each challenge who agreed to a public profile, with "
        "their role and profile; the others are left out.",
    },
    "achievements": {
        "title": "Réalisations",
        "title_en": "Achievements",
        "description": "Les réalisations des défis : dépôts de code, jeux de données, services, publications.",
        "description_en": "The challenges' achievements: source code, datasets, services, publications.",
    },
    "funnel_statistics": {
        "title": "Statistiques des candidatures",
        "title_en": "Application statistics",
        "description": "Le parcours des candidatures de chaque promotion, une fois l'appel clos : combien "
        "ont atteint chaque étape, du dossier commencé au programme terminé — les chiffres des tableaux de "
        f"bord de l'équipe du programme ; tout nombre compris entre 1 et {MIN_GROUP - 1} est masqué.",
        "description_en": "The funnel of each promotion's applications, once the call has closed: how many "
        "reached each stage, from the application started to the programme finished — the figures of the "
        f"programme team's dashboards; any count between 1 and {MIN_GROUP - 1} is masked.",
    },
}
