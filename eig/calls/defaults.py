"""The candidate dossier configured by default like the real calls.

Sources: Règlement AAC EIG 4 (2020) art. 4 (eligibility) and art. 5 (dossier:
background, experience, contribution to the chosen challenges, motivation,
up to three ranked profiles, resources needed, CV in PDF mandatory, portfolio
optional), the 2017 rules (teaming with a named candidate) and the 2021
brochure (general-interest contributions, project experience). The ranked
wishes among the call's positions are not questions: they point at positions
and come with the applications app.
"""

from django.db import transaction

from .models import Call, Question, Step

CIVILITY = [["madame", "Madame"], ["monsieur", "Monsieur"], ["non_precise", "Je préfère ne pas répondre"]]
PROFESSIONS = [
    ["data_scientist", "Data scientist"],
    ["developer", "Développeur ou développeuse"],
    ["designer", "Designer"],
    ["data_engineer", "Data engineer"],
    ["geomatics", "Géomaticien ou géomaticienne"],
    ["digital_law", "Juriste du numérique"],
    ["other", "Autre"],
]
# The eighteen regions (2016), the other overseas territories, abroad: read by the funnel's
# breakdown by region (eig.reporting.funnel); the town alone (« ville ») is free text.
REGIONS = [
    ["auvergne_rhone_alpes", "Auvergne-Rhône-Alpes"],
    ["bourgogne_franche_comte", "Bourgogne-Franche-Comté"],
    ["bretagne", "Bretagne"],
    ["centre_val_de_loire", "Centre-Val de Loire"],
    ["corse", "Corse"],
    ["grand_est", "Grand Est"],
    ["hauts_de_france", "Hauts-de-France"],
    ["ile_de_france", "Île-de-France"],
    ["normandie", "Normandie"],
    ["nouvelle_aquitaine", "Nouvelle-Aquitaine"],
    ["occitanie", "Occitanie"],
    ["pays_de_la_loire", "Pays de la Loire"],
    ["provence_alpes_cote_d_azur", "Provence-Alpes-Côte d'Azur"],
    ["guadeloupe", "Guadeloupe"],
    ["martinique", "Martinique"],
    ["guyane", "Guyane"],
    ["la_reunion", "La Réunion"],
    ["mayotte", "Mayotte"],
    ["autre_outre_mer", "Autre collectivité d'outre-mer"],
    ["etranger", "À l'étranger"],
]
CV_TYPES = ["application/pdf"]
PORTFOLIO_TYPES = ["application/pdf", "image/png", "image/jpeg"]
TEN_MB = 10 * 1024 * 1024

# (step slug, step title, [(key, kind, label, options)])
APPLICATION_FORM = [
    (
        "identite",
        "Identité et coordonnées",
        [
            ("civilite", "single_choice", "Civilité", {"choices": CIVILITY}),
            ("prenom", "short_text", "Prénom", {"max_length": 100}),
            ("nom", "short_text", "Nom", {"max_length": 100}),
            ("telephone", "short_text", "Téléphone", {"max_length": 30}),
            ("ville", "short_text", "Ville de résidence", {"max_length": 100}),
            ("region", "single_choice", "Région de résidence (facultatif)", {"choices": REGIONS, "required": False}),
        ],
    ),
    (
        "parcours",
        "Parcours",
        [
            ("profession", "single_choice", "Profession", {"choices": PROFESSIONS}),
            ("experience_annees", "number", "Années d'expérience professionnelle", {"min_value": 0, "max_value": 60}),
            ("parcours", "long_text", "Votre parcours", {"max_length": 2000}),
            (
                "interet_general",
                "long_text",
                "Vos contributions à des projets d'intérêt général (logiciels libres, associations…), avec leurs liens",
                {"max_length": 2000, "required": False},
            ),
            ("forge", "url", "Lien vers votre profil sur une forge de code (facultatif)", {"required": False}),
            ("projet", "long_text", "Votre expérience de création ou de conduite d'un projet", {"max_length": 2000}),
        ],
    ),
    (
        "motivation",
        "Motivation et contribution",
        [
            ("motivation", "long_text", "Votre motivation pour rejoindre le programme", {"max_length": 3000}),
            ("contribution", "long_text", "Votre contribution au(x) défi(s) choisi(s)", {"max_length": 3000}),
            (
                "ressources",
                "long_text",
                "Les ressources dont vous auriez besoin (matériel, moyens humains…)",
                {"max_length": 1500, "required": False},
            ),
            (
                "binome",
                "short_text",
                "Nom ou adresse électronique d'une personne candidate avec qui faire équipe (facultatif)",
                {"max_length": 200, "required": False},
            ),
        ],
    ),
    (
        "disponibilite",
        "Disponibilité et mobilité",
        [
            (
                "disponible",
                "yes_no",
                "Êtes-vous disponible à temps plein dès le début de la promotion et pour toute sa durée ?",
                {},
            ),
            ("mobilite", "yes_no", "Êtes-vous prêt ou prête à vous installer dans la ville du défi ?", {}),
        ],
    ),
    (
        "pieces",
        "Pièces jointes",
        [
            ("cv", "file", "CV au format PDF", {"file_types": CV_TYPES, "max_bytes": TEN_MB}),
            (
                "portfolio",
                "file",
                "Portfolio (facultatif)",
                {"file_types": PORTFOLIO_TYPES, "max_bytes": TEN_MB, "required": False},
            ),
        ],
    ),
    (
        "declarations",
        "Déclarations et données personnelles",
        [
            ("personne_physique", "declaration", "Je candidate en tant que personne physique, en mon nom propre.", {}),
            (
                "pas_agent_public",
                "declaration",
                "Je ne suis pas fonctionnaire ou assimilé en poste dans l'une des trois fonctions publiques.",
                {},
            ),
            ("pas_jury", "declaration", "Je ne suis ni membre du jury ni expert sollicité par le programme.", {}),
            (
                "pas_etudiant",
                "declaration",
                "Je ne serai pas en scolarité dans les deux premiers cycles universitaires pendant le programme.",
                {},
            ),
            (
                "donnees_personnelles",
                "declaration",
                "J'ai lu la notice d'information sur le traitement de mes données personnelles.",
                {},
            ),
        ],
    ),
]


def install_form(call: Call, form) -> None:
    """Create (or complete) a call's steps and questions from a form table; idempotent.

    `form` is a list of (step slug, step title, [(key, kind, label, options)]), as
    APPLICATION_FORM here and CHALLENGE_FORM in eig.proposals.defaults.
    """
    with transaction.atomic():
        for step_order, (slug, title, questions) in enumerate(form, start=1):
            step, _ = Step.objects.update_or_create(
                call=call, slug=slug, defaults={"title": title, "order": step_order}
            )
            for order, (key, kind, label, options) in enumerate(questions, start=1):
                Question.objects.update_or_create(
                    step=step,
                    key=key,
                    defaults={
                        "kind": kind,
                        "label": label,
                        "order": order,
                        "required": options.get("required", True),
                        **{k: v for k, v in options.items() if k != "required"},
                    },
                )


def install_application_form(call: Call) -> None:
    """The default candidate dossier of a call for applications."""
    install_form(call, APPLICATION_FORM)
