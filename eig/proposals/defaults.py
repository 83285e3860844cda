"""The challenge proposal configured by default like the 2020–2021 calls.

Sources: AAP EIG 4 and 5, cahier des charges, annex 2 (the online form:
carriers, address, number of fellows, funding, contacts) and annex 3 (the
*fiche détaillée*: description and team, with a line limit per answer), and
the three attestations. The fiche counted lines of a Word page; a line is
taken as 100 characters (10 lignes → 1 000 caractères).
"""

from eig.calls.defaults import install_form
from eig.calls.models import Call

CHARS_PER_LINE = 100
PDF = ["application/pdf"]
SALARY_TYPES = ["application/pdf", "image/png", "image/jpeg"]
TEN_MB = 10 * 1024 * 1024
PROFILES = [
    ["dev", "Développement"],
    ["datascience", "Data science"],
    ["design", "Design"],
    ["dataengineering", "Data engineering"],
    ["geomatique", "Géomatique"],
    ["droit", "Droit du numérique"],
]
TEAM_COLUMNS = [
    ["nom", "Nom"],
    ["fonction", "Fonction"],
    ["statut", "Statut"],
    ["implication", "Implication (% du temps de travail)"],
    ["apport", "Apport"],
]


def lines(n: int) -> dict:
    return {"max_length": n * CHARS_PER_LINE}


def contact(prefix: str, title: str, required=True) -> list:
    return [
        (f"{prefix}_nom", "short_text", f"{title} : prénom et nom", {"max_length": 200, "required": required}),
        (f"{prefix}_fonction", "short_text", f"{title} : fonction", {"max_length": 200, "required": required}),
        (f"{prefix}_courriel", "email", f"{title} : adresse électronique professionnelle", {"required": required}),
        (
            f"{prefix}_telephone",
            "short_text",
            f"{title} : téléphone professionnel",
            {"max_length": 30, "required": required},
        ),
    ]


def slot(n: int, required=True) -> list:
    optional = "" if required else " (facultatif)"
    return [
        (f"profil_{n}", "single_choice", f"Profil n° {n}{optional}", {"choices": PROFILES, "required": required}),
        (f"mission_{n}", "long_text", f"Mission du profil n° {n}{optional}", {**lines(10), "required": required}),
    ]


CHALLENGE_FORM = [
    (
        "projet",
        "Le projet",
        [
            ("nom_projet", "short_text", "Nom du projet", {"max_length": 150}),
            ("resume", "long_text", "Résumez votre projet en 2 lignes", lines(2)),
            (
                "porteur_operationnel",
                "short_text",
                "Porteur opérationnel (l'administration qui accueille les EIG)",
                {"max_length": 300},
            ),
            (
                "porteur_administratif",
                "short_text",
                "Porteur administratif (l'administration qui reçoit le co-financement)",
                {"max_length": 300},
            ),
            (
                "partenaires",
                "long_text",
                "Administrations partenaires, le cas échéant",
                {**lines(3), "required": False},
            ),
            ("adresse", "long_text", "Adresse de l'administration d'accueil", lines(3)),
        ],
    ),
    (
        "description",
        "Description du projet",
        [
            ("contexte", "long_text", "Contexte du projet et problématique à résoudre", lines(10)),
            ("solution", "long_text", "Solution proposée à travers un ou plusieurs cas d'usage", lines(15)),
            (
                "benefices",
                "long_text",
                "Bénéfices et impacts attendus en matière de politique publique et de transformation numérique",
                lines(10),
            ),
            ("existant", "long_text", "Solutions existantes envisagées et écartées", lines(5)),
            ("obstacles", "long_text", "Obstacles potentiels et mesures pour les dépasser", lines(10)),
            (
                "juridique",
                "long_text",
                "Enjeux juridiques et éthiques du projet et mesures pour les mitiger",
                lines(10),
            ),
            ("avancement", "long_text", "État d'avancement du projet", lines(3)),
            ("ouverture", "long_text", "Ouverture (code, données, design) et pérennisation des résultats", lines(5)),
            ("acteurs", "long_text", "Acteurs et terrain auxquels les EIG auront accès", lines(10)),
            ("pourquoi", "long_text", "Pourquoi postulez-vous au programme EIG ?", lines(10)),
            ("besoins", "long_text", "De quoi avez-vous le plus besoin pour réaliser votre projet ?", lines(10)),
            (
                "transformation",
                "long_text",
                "En quoi les EIG vont-ils contribuer à la transformation de votre service ?",
                lines(10),
            ),
        ],
    ),
    (
        "equipe",
        "L'équipe",
        [
            ("nombre_eig", "single_choice", "Nombre d'EIG demandés", {"choices": [["2", "2"], ["3", "3"]]}),
            *slot(1),
            *slot(2),
            *slot(3, required=False),
            ("ressources", "long_text", "Ressources techniques et opérationnelles mises à disposition", lines(10)),
            ("donnees", "long_text", "Jeux de données nécessaires à la réalisation du projet", lines(5)),
            ("donnees_accessibles", "yes_no", "Ces jeux de données sont-ils déjà accessibles et exploitables ?", {}),
            (
                "equipe_projet",
                "table",
                "L'équipe projet et ses apports (directions métiers et SI impliquées)",
                {"choices": TEAM_COLUMNS, "max_value": 12},
            ),
        ],
    ),
    (
        "financement",
        "Financement",
        [
            ("cofinancement", "yes_no", "Demandez-vous un co-financement ?", {}),
            (
                "cout_junior",
                "number",
                "Coût total employeur prévisionnel d'un EIG jusqu'à 5 ans d'expérience (euros)",
                {"min_value": 0, "max_value": 1_000_000, "required": False},
            ),
            (
                "cout_senior",
                "number",
                "Coût total employeur prévisionnel d'un EIG de plus de 5 ans d'expérience (euros)",
                {"min_value": 0, "max_value": 1_000_000, "required": False},
            ),
            (
                "programme_budgetaire",
                "short_text",
                "Numéro de programme budgétaire, le cas échéant",
                {"max_length": 20, "required": False},
            ),
        ],
    ),
    (
        "contacts",
        "Contacts",
        [
            *contact("mentor1", "Porteur de projet (mentor opérationnel)"),
            *contact("mentor2", "Porteur de projet n° 2", required=False),
            *contact("mentor_haut_niveau", "Mentor de haut niveau"),
            *contact("rh", "Contact RH"),
            *contact("gestion", "Contact gestion"),
        ],
    ),
    (
        "pieces",
        "Pièces jointes et engagements",
        [
            ("pitch", "file", "Présentation du projet (PDF)", {"file_types": PDF, "max_bytes": TEN_MB}),
            (
                "simulation_paie",
                "file",
                "Simulation de fiche de paie",
                {"file_types": SALARY_TYPES, "max_bytes": TEN_MB},
            ),
            ("hors_les_murs", "declaration", "Nous attestons que les EIG pourront travailler hors les murs.", {}),
            (
                "open_source",
                "declaration",
                "Nous nous engageons à ouvrir les données utilisées et à publier sous licence libre le code développé, sauf exception prévue par la loi.",
                {},
            ),
            (
                "donnees_fournies",
                "declaration",
                "Nous nous engageons à mettre à la disposition des EIG les données nécessaires au projet et l'autorisation de les exploiter.",
                {},
            ),
        ],
    ),
]


def install_challenge_form(call: Call) -> None:
    """The default proposal dossier of a call for challenges."""
    install_form(call, CHALLENGE_FORM)
