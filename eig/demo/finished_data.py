"""The finished promotion's content (eig/demo/finished.py): plain data, no database access.

Four invented challenges whose ten months ended a few weeks before the first load, the people of
their teams (fictional names; the demo reviewer account is one of the fellows, now an alumna), what
they published, their handover plans and what became of each, the answers to the end-of-promotion
questionnaire, the demo day's programme, the alumni's profiles and their stories.

Weeks are counted from 1, the week the programme started (a Monday); the programme's last day is a
Thursday of week 44 (its start + 304 days).
"""

from dataclasses import dataclass

from .data import ChallengeData, PositionData
from .programme_data import LATE, ON, RISK, MeasureData, ObjectiveData, PersonData

FINISHED_PROMOTION_DESCRIPTION = (
    "La promotion qui vient de s'achever : ses dix mois sont terminés, ses réalisations publiées et ses "
    "entrepreneur·es sont devenus des anciens du programme. Données de démonstration : ses défis, ses "
    "entrepreneur·es et leurs chiffres sont fictifs ; son calendrier est calculé par rapport à la date du "
    "premier chargement."
)
FINISHED_PROMOTION_DESCRIPTION_EN = (
    "The cohort that has just finished: its ten months are over, its results are published and its fellows "
    "have become alumni of the programme. Demo data: its challenges, fellows and figures are fictional; its "
    "calendar is computed from the date the demo was first loaded."
)

# The programme started this many weeks before the week of the first load: it ended 39 days before
# that week's Monday, and the promotion was closed two weeks after its last day.
WEEKS_SINCE_START = 49
CLOSED_DAYS_AFTER_END = 14

COTE, AIDANTS, SECTEURS, ROUTES = "trait-de-cote", "proches-aidants", "carte-scolaire-ouverte", "routes-plus-sures"

FINISHED_CHALLENGES = [
    ChallengeData(
        slug=COTE,
        title="Trait de côte",
        title_en="Coastline Watch",
        summary="Suivre le recul du littoral et ouvrir les données de l'érosion côtière aux communes et au public.",
        summary_en="Tracking the retreat of the coastline and opening coastal erosion data to towns and the public.",
        body=(
            "Un quart des côtes françaises recule sous l'effet de l'érosion. Les communes littorales doivent "
            "désormais cartographier ce recul, mais les relevés sont dispersés entre de nombreux services.\n\n"
            "L'équipe a construit avec le Shom un service qui réunit les relevés historiques du trait de côte, "
            "calcule l'indicateur national de l'érosion et l'ouvre en données réutilisables."
        ),
        body_en=(
            "A quarter of France's coastline is retreating because of erosion. Coastal towns must now map this "
            "retreat, but the surveys are scattered across many services.\n\n"
            "With the Shom, the team built a service that brings the historical coastline surveys together, "
            "computes the national erosion indicator and opens it as reusable data."
        ),
        administration="shom",
        town="Brest",
        positions=(
            PositionData("datascience", "Calculer l'indicateur national de l'érosion à partir des relevés."),
            PositionData("dev", "Développer le service de consultation et son interface de programmation."),
            PositionData("design", "Concevoir avec les communes littorales la restitution des données."),
        ),
        website_url="https://trait-de-cote.demo.eig.example",
    ),
    ChallengeData(
        slug=AIDANTS,
        title="Proches aidants",
        title_en="Family Carers",
        summary="Aider les proches aidants à connaître les aides auxquelles ils ont droit, en quelques questions.",
        summary_en="Helping family carers find out, in a few questions, which support they are entitled to.",
        body=(
            "Plus de neuf millions de personnes aident un proche âgé, malade ou handicapé. Beaucoup ignorent "
            "les aides auxquelles elles ont droit : congé de proche aidant, allocation journalière, solutions "
            "de répit.\n\n"
            "L'équipe a construit avec la DREES un simulateur qui, en quelques questions, dit à chacun les aides "
            "nationales et départementales qui le concernent, et mesure le non-recours."
        ),
        body_en=(
            "More than nine million people help an elderly, ill or disabled relative. Many do not know the "
            "support they are entitled to: carer's leave, daily allowance, respite care.\n\n"
            "With the DREES, the team built a simulator that tells everyone, in a few questions, the national "
            "and local support that applies to them, and measures non-take-up."
        ),
        administration="drees",
        town="Paris",
        positions=(
            PositionData("dev", "Développer le simulateur et ses règles de calcul."),
            PositionData("design", "Concevoir le parcours avec des aidants et des travailleurs sociaux."),
        ),
        website_url="https://proches-aidants.demo.eig.example",
    ),
    ChallengeData(
        slug=SECTEURS,
        title="Carte scolaire ouverte",
        title_en="Open School Map",
        summary="Publier les secteurs de recrutement des collèges pour que chaque famille sache où son enfant sera scolarisé.",
        summary_en="Publishing school catchment areas so that every family knows which school their child will attend.",
        body=(
            "Les secteurs de recrutement des collèges sont fixés par les départements, souvent dans des "
            "documents difficiles à lire. Les familles comme les services peinent à savoir de quel collège "
            "relève une adresse.\n\n"
            "L'équipe a construit avec la DNE une carte des secteurs scolaires, alimentée par les départements, "
            "et un jeu de données national des secteurs des collèges."
        ),
        body_en=(
            "School catchment areas are set by the departments, often in documents that are hard to read. "
            "Families and services alike struggle to know which school an address belongs to.\n\n"
            "With the DNE, the team built a map of school catchment areas, fed by the departments, and a "
            "national dataset of the catchment areas of lower secondary schools."
        ),
        administration="dne",
        town="Paris",
        positions=(
            PositionData("datascience", "Rapprocher les adresses et les secteurs transmis par les départements."),
            PositionData("dev", "Développer la carte et l'outil de mise à jour des secteurs."),
            PositionData("design", "Concevoir la carte avec des familles et des services départementaux."),
        ),
    ),
    ChallengeData(
        slug=ROUTES,
        title="Routes plus sûres",
        title_en="Safer Roads",
        summary="Exploiter les données des accidents de la route pour mieux cibler la prévention dans les départements.",
        summary_en="Using road accident data to better target prevention in each department.",
        body=(
            "Chaque année, les forces de l'ordre décrivent chaque accident corporel de la circulation. Ces "
            "données sont publiées plus d'un an après les faits et peu exploitées localement.\n\n"
            "L'équipe a construit avec la mission des données du ministère de l'Intérieur un outil qui aide les "
            "préfectures à repérer les tronçons dangereux et à programmer les actions de prévention, et a "
            "raccourci la publication des données d'accidentalité."
        ),
        body_en=(
            "Every year, the police and gendarmerie describe each road accident causing injury. These data are "
            "published more than a year later and are little used locally.\n\n"
            "With the Ministry of the Interior's data mission, the team built a tool that helps prefectures spot "
            "dangerous road sections and plan prevention, and shortened the publication of accident data."
        ),
        administration="mission-valorisation-donnees-interieur",
        town="Paris",
        positions=(
            PositionData("datascience", "Repérer les tronçons accidentogènes et leurs facteurs."),
            PositionData("dataengineering", "Fiabiliser et accélérer la chaîne de publication des données."),
        ),
    ),
]

# --- People -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlumnusData:
    """A fellow of the promotion, then an alumnus: what they said of themselves after the closing."""

    key: str
    first: str  # "": the demo reviewer account, with its own name
    last: str
    challenge: str
    profile: str
    answered_survey: bool = True
    # Their directory profile (save_profile); None: they never filled it.
    listed: bool | None = None
    skills: str = ""
    current_role: str = ""
    contact: str = "programme"  # Alumnus.Contact
    # Their public profile of the community pages (save_public_profile): public or not.
    public: bool = True
    bio: str = ""


DEMO = "demo"  # the demo reviewer account (Élise Marchetti), an alumna of this promotion
MARGAUX, THEO, SALOME, BASTIEN, NADIA, VICTOR, ANAIS, KARIMA, ROMAIN = (
    "margaux",
    "theo",
    "salome",
    "bastien",
    "nadia",
    "victor",
    "anais",
    "karima",
    "romain",
)

ALUMNI = [
    AlumnusData(
        DEMO,
        "",
        "",
        COTE,
        "datascience",
        listed=True,
        skills="Science des données, géostatistique, Python, ouverture des données",
        current_role="Responsable des données au Parc naturel marin d'Iroise",
        contact="email",
        bio="Data scientist de l'équipe Trait de côte. Évalue aujourd'hui les dossiers des nouvelles promotions.",
    ),
    AlumnusData(
        MARGAUX,
        "Margaux",
        "Tessier",
        COTE,
        "dev",
        listed=True,
        skills="Développement web, Django, interfaces de programmation, cartographie en ligne",
        current_role="Développeuse au Shom, sur le service Trait de côte",
        contact="email",
        bio="Développeuse de l'équipe Trait de côte, recrutée par le Shom pour poursuivre le service.",
    ),
    AlumnusData(
        THEO,
        "Théo",
        "Brunet",
        COTE,
        "design",
        listed=True,
        skills="Design de services, recherche utilisateur, accessibilité (RGAA)",
        current_role="Designer indépendant",
        bio="Designer de l'équipe Trait de côte : des ateliers dans douze communes littorales.",
    ),
    AlumnusData(
        SALOME,
        "Salomé",
        "Garnier",
        AIDANTS,
        "dev",
        listed=True,
        skills="Développement, moteurs de règles, Publicodes, tests",
        current_role="Développeuse à la CNSA, sur le simulateur des aides aux aidants",
        bio="Développeuse du simulateur Proches aidants, qui a rejoint la CNSA avec lui.",
    ),
    AlumnusData(
        BASTIEN,
        "Bastien",
        "Ferrand",
        AIDANTS,
        "design",
        answered_survey=False,
        listed=False,
        skills="Design de services, parcours usagers",
        current_role="Designer à la direction du numérique d'un département",
        public=False,
    ),
    AlumnusData(
        NADIA,
        "Nadia",
        "Benhamou",
        SECTEURS,
        "datascience",
        listed=True,
        skills="Science des données, géocodage, données éducatives",
        current_role="Data scientist dans un rectorat",
        contact="programme",
        bio="Data scientist de l'équipe Carte scolaire ouverte.",
    ),
    AlumnusData(
        VICTOR,
        "Victor",
        "Lemoine",
        SECTEURS,
        "dev",
        answered_survey=False,
        public=False,
    ),
    AlumnusData(
        ANAIS,
        "Anaïs",
        "Perrot",
        SECTEURS,
        "design",
        listed=False,
        skills="Design, cartographie",
        current_role="En recherche de poste",
        contact="none",
        bio="Designer de l'équipe Carte scolaire ouverte.",
    ),
    AlumnusData(
        KARIMA,
        "Karima",
        "Bensaïd",
        ROUTES,
        "datascience",
        listed=True,
        skills="Science des données, statistiques spatiales, sécurité routière",
        current_role="Cheffe de projet données à la mission des données du ministère de l'Intérieur",
        bio="Data scientist de l'équipe Routes plus sûres, restée au ministère pour poursuivre l'outil.",
    ),
    AlumnusData(
        ROMAIN,
        "Romain",
        "Lefort",
        ROUTES,
        "dataengineering",
        bio="Ingénieur des données de l'équipe Routes plus sûres.",
    ),
]

OPERATIONAL, HIGH_LEVEL = "operational", "high_level"
MENTORS = [
    PersonData("Yannick", "Le Bihan", COTE, "Chef de la division des données littorales (Shom)", OPERATIONAL),
    PersonData("Catherine", "Moal", COTE, "Directrice des opérations du Shom", HIGH_LEVEL),
    PersonData("Delphine", "Roy", AIDANTS, "Cheffe du bureau handicap et dépendance (DREES)", OPERATIONAL),
    PersonData("Thierry", "Masson", AIDANTS, "Directeur de la DREES", HIGH_LEVEL),
    PersonData("Agnès", "Fabre-Lucas", SECTEURS, "Cheffe du bureau des données de l'éducation (DNE)", OPERATIONAL),
    PersonData("Olivier", "Dumas", SECTEURS, "Directeur du numérique pour l'éducation", HIGH_LEVEL),
    PersonData("Samir", "Belaïd", ROUTES, "Chef du pôle des données de la sécurité routière", OPERATIONAL),
    PersonData(
        "Isabelle", "Poirier", ROUTES, "Cheffe de la mission des données du ministère de l'Intérieur", HIGH_LEVEL
    ),
]
HOST_AGENTS = [
    PersonData("Erwan", "Kerbrat", COTE, "Chef de projet numérique (Shom)"),
    PersonData("Sylvie", "Marchais", AIDANTS, "Cheffe de projet (DREES)"),
    PersonData("Laurent", "Guézennec", SECTEURS, "Chef de projet (DNE)"),
    PersonData("Céline", "Barbier", ROUTES, "Chargée de mission données"),
]

# --- Objectives and their measures (weeks from the programme's start) ---------------------------------

OBJECTIVES = {
    COTE: [
        ObjectiveData(
            "Publier le trait de côte historique de tout le littoral",
            "Kilomètres de côte couverts",
            "km",
            0,
            5500,
            (
                MeasureData(8, 420, ON, "Finistère et Morbihan."),
                MeasureData(20, 2600, ON),
                MeasureData(32, 4700, ON),
                MeasureData(42, 5800, ON, "Tout le littoral métropolitain, outre-mer en cours."),
            ),
        ),
        ObjectiveData(
            "Ouvrir les données de l'érosion côtière",
            "Jeux de données publiés",
            "jeux",
            0,
            2,
            (MeasureData(18, 1, ON), MeasureData(36, 2, ON)),
        ),
    ],
    AIDANTS: [
        ObjectiveData(
            "Faire connaître le simulateur",
            "Simulations réalisées par mois",
            "simulations",
            0,
            20000,
            (
                MeasureData(22, 1200, ON, "Ouverture au public."),
                MeasureData(30, 9800, ON),
                MeasureData(42, 26000, ON, "Relais de la CNSA et des caisses de retraite."),
            ),
        ),
        ObjectiveData(
            "Couvrir les aides de tous les départements",
            "Départements dont les aides sont décrites",
            "départements",
            0,
            101,
            (
                MeasureData(16, 12, ON),
                MeasureData(28, 38, RISK, "Les règlements départementaux sont longs à obtenir."),
                MeasureData(42, 64, LATE, "64 départements décrits : les autres le seront par la CNSA."),
            ),
        ),
    ],
    SECTEURS: [
        ObjectiveData(
            "Publier la carte des secteurs des collèges",
            "Départements dont les secteurs sont publiés",
            "départements",
            0,
            30,
            (MeasureData(14, 3, ON), MeasureData(26, 14, ON), MeasureData(40, 31, ON)),
        ),
    ],
    ROUTES: [
        ObjectiveData(
            "Cibler la prévention dans les départements",
            "Préfectures qui utilisent l'outil",
            "préfectures",
            0,
            20,
            (MeasureData(18, 2, ON), MeasureData(30, 11, ON), MeasureData(41, 23, ON)),
        ),
        ObjectiveData(
            "Publier plus tôt les données d'accidentalité",
            "Délai de publication des données",
            "mois",
            18,
            6,
            (MeasureData(12, 18, ON), MeasureData(28, 9, ON), MeasureData(40, 5, ON)),
        ),
    ],
}

# --- Deliverables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliverableData:
    kind: str  # Deliverable.Kind
    title: str
    title_en: str
    description: str
    description_en: str
    url: str
    week: int  # declared by the team on that week's Monday; published by staff on its Wednesday
    licence: str = ""
    users: int | None = None


DELIVERABLES = {
    COTE: [
        DeliverableData(
            "repository",
            "Code source de Trait de côte",
            "Trait de côte source code",
            "Le service de consultation, l'interface de programmation et le calcul de l'indicateur.",
            "The consultation service, the API and the computation of the indicator.",
            "https://forge.demo.eig.example/eig-6/trait-de-cote",
            12,
            licence="EUPL-1.2",
        ),
        DeliverableData(
            "dataset",
            "Trait de côte historique, 1950 à aujourd'hui",
            "Historical coastline, 1950 to today",
            "Les positions successives du trait de côte, relevé par relevé, sur tout le littoral métropolitain.",
            "The successive positions of the coastline, survey by survey, along the whole mainland coast.",
            "https://donnees.demo.eig.example/fr/datasets/trait-de-cote-historique/",
            18,
            licence="Licence Ouverte 2.0",
        ),
        DeliverableData(
            "dataset",
            "Indicateur national de l'érosion côtière",
            "National coastal erosion indicator",
            "Le recul ou l'avancée moyenne du littoral par tronçon de 200 mètres, mis à jour chaque année.",
            "The average retreat or advance of the coastline per 200-metre section, updated every year.",
            "https://donnees.demo.eig.example/fr/datasets/indicateur-erosion-cotiere/",
            36,
            licence="Licence Ouverte 2.0",
        ),
        DeliverableData(
            "product",
            "Trait de côte, le service en ligne",
            "Coastline Watch, the online service",
            "La carte du recul du littoral, commune par commune, pour les élus, les services et le public.",
            "The map of coastal retreat, town by town, for elected officials, services and the public.",
            "https://trait-de-cote.demo.eig.example",
            30,
            users=4200,
        ),
        DeliverableData(
            "demo",
            "Vidéo du demo day : Trait de côte",
            "Demo day video: Coastline Watch",
            "La présentation de l'équipe au demo day, en douze minutes.",
            "The team's demo day presentation, in twelve minutes.",
            "https://video.demo.eig.example/eig-6/trait-de-cote",
            44,
        ),
    ],
    AIDANTS: [
        DeliverableData(
            "repository",
            "Code source du simulateur Proches aidants",
            "Family Carers simulator source code",
            "Le simulateur et ses règles de calcul des aides, écrites pour être relues par des juristes.",
            "The simulator and its rules for computing support, written to be read by lawyers.",
            "https://forge.demo.eig.example/eig-6/proches-aidants",
            14,
            licence="AGPL-3.0",
        ),
        DeliverableData(
            "product",
            "Simulateur des aides aux proches aidants",
            "Support simulator for family carers",
            "En quelques questions, les aides nationales et départementales auxquelles un proche aidant a droit.",
            "In a few questions, the national and local support a family carer is entitled to.",
            "https://proches-aidants.demo.eig.example",
            22,
            users=61000,
        ),
        DeliverableData(
            "publication",
            "Ce que 60 000 simulations disent des proches aidants",
            "What 60,000 simulations say about family carers",
            "Une étude sur le non-recours aux aides, publiée avec la DREES.",
            "A study of the non-take-up of support, published with the DREES.",
            "https://publications.demo.eig.example/drees/proches-aidants-non-recours",
            40,
        ),
        DeliverableData(
            "demo",
            "Vidéo du demo day : Proches aidants",
            "Demo day video: Family Carers",
            "",
            "",
            "https://video.demo.eig.example/eig-6/proches-aidants",
            44,
        ),
    ],
    SECTEURS: [
        DeliverableData(
            "repository",
            "Code source de la Carte scolaire ouverte",
            "Open School Map source code",
            "La carte, l'outil de mise à jour des secteurs par les départements et le géocodage des adresses.",
            "The map, the tool departments use to update the areas and the geocoding of addresses.",
            "https://forge.demo.eig.example/eig-6/carte-scolaire",
            16,
            licence="MIT",
        ),
        DeliverableData(
            "dataset",
            "Secteurs de recrutement des collèges",
            "Catchment areas of lower secondary schools",
            "Les secteurs de 31 départements, au format géographique, avec leurs collèges de rattachement.",
            "The catchment areas of 31 departments, as geographic data, with their schools.",
            "https://donnees.demo.eig.example/fr/datasets/secteurs-colleges/",
            26,
            licence="Licence Ouverte 2.0",
        ),
        DeliverableData(
            "publication",
            "Intervention : ouvrir la carte scolaire, retour d'expérience",
            "Talk: opening up the school map, lessons learnt",
            "Une intervention aux rencontres des services numériques de l'éducation.",
            "A talk at the meeting of the education digital services.",
            "https://publications.demo.eig.example/rencontres-numerique-education/carte-scolaire",
            34,
        ),
        DeliverableData(
            "demo",
            "Support du demo day : Carte scolaire ouverte",
            "Demo day slides: Open School Map",
            "",
            "",
            "https://supports.demo.eig.example/eig-6/carte-scolaire.pdf",
            44,
        ),
    ],
    ROUTES: [
        DeliverableData(
            "repository",
            "Code source de Routes plus sûres",
            "Safer Roads source code",
            "L'outil de repérage des tronçons et la chaîne de préparation des données.",
            "The section-finding tool and the data preparation pipeline.",
            "https://forge.demo.eig.example/eig-6/routes-plus-sures",
            15,
            licence="EUPL-1.2",
        ),
        DeliverableData(
            "dataset",
            "Accidents corporels de la circulation, fichier enrichi",
            "Road accidents causing injury, enriched file",
            "Les accidents de l'année, publiés en cinq mois au lieu de dix-huit, rattachés aux tronçons de route.",
            "The year's accidents, published in five months instead of eighteen, linked to road sections.",
            "https://donnees.demo.eig.example/fr/datasets/accidents-corporels-enrichis/",
            38,
            licence="Licence Ouverte 2.0",
        ),
        DeliverableData(
            "product",
            "Outil de ciblage de la prévention routière",
            "Road safety targeting tool",
            "Pour les préfectures : les tronçons où agir en priorité et le suivi des actions de prévention.",
            "For prefectures: the sections to act on first and the follow-up of prevention actions.",
            "https://routes-plus-sures.demo.eig.example",
            28,
            users=380,
        ),
        DeliverableData(
            "demo",
            "Vidéo du demo day : Routes plus sûres",
            "Demo day video: Safer Roads",
            "",
            "",
            "https://video.demo.eig.example/eig-6/routes-plus-sures",
            44,
        ),
    ],
}

# A figure staff add with its source (key_figures.add_figure).
SOURCED_FIGURE = {
    "challenge": AIDANTS,
    "amount": "33 %",
    "description_fr": "des aidants qui ont fait une simulation ont demandé une aide qu'ils ne touchaient pas",
    "description_en": "of the carers who ran a simulation applied for support they were not receiving",
    "source": "Enquête auprès des utilisateurs du simulateur, DREES (données de démonstration)",
    "source_url": "https://publications.demo.eig.example/drees/proches-aidants-enquete",
}

# --- Handover plans and outcomes ------------------------------------------------------------------------

PLAN_WEEKS = (23, 29, 30)  # started, submitted, confirmed by the host (mid-promotion is in week 22)

PLANS = {
    COTE: {
        "reprise": "Le Shom reprend le service dans sa division des données littorales, qui en répond.",
        "budget": "Une ligne du budget du Shom de 180 000 € par an pour trois ans.",
        "recrutement": "Margaux Tessier est recrutée comme développeuse en contrat de trois ans.",
        "hebergement_code": "Le dépôt passe dans l'organisation du Shom sur la forge publique.",
        "hebergement_donnees": "Les données sont hébergées par le Shom et publiées sur le portail national.",
        "risques": "Les relevés outre-mer arrivent lentement.",
    },
    AIDANTS: {
        "reprise": "La CNSA reprend le simulateur dans son portail pour les personnes âgées et leurs proches.",
        "budget": "Le budget du portail de la CNSA finance l'équipe produit.",
        "recrutement": "Salomé Garnier rejoint la CNSA ; un designer sera recruté en début d'année.",
        "hebergement_code": "Le dépôt est transféré à la CNSA, toujours public.",
        "hebergement_donnees": "Aucune donnée personnelle n'est conservée ; les statistiques d'usage restent publiques.",
        "risques": "Décrire les aides des 37 départements restants.",
    },
    SECTEURS: {
        "reprise": "La DNE envisage d'intégrer la carte à l'outil national de sectorisation.",
        "budget": "Aucun budget n'est prévu au-delà du programme à ce stade.",
        "recrutement": "Aucun recrutement n'est prévu.",
        "hebergement_code": "Le dépôt reste public sur la forge de l'éducation nationale.",
        "hebergement_donnees": "Le jeu de données reste publié ; sa mise à jour dépend des départements.",
        "risques": "Sans équipe pour la maintenir, la carte vieillira au fil des rentrées.",
    },
    ROUTES: {
        "reprise": "La mission des données du ministère de l'Intérieur poursuit l'outil avec la sécurité routière.",
        "budget": "Une ligne du budget de la mission, 240 000 € par an.",
        "recrutement": "Karima Bensaïd est recrutée comme cheffe de projet données.",
        "hebergement_code": "Le dépôt reste public ; l'outil est hébergé dans le cloud du ministère.",
        "hebergement_donnees": "Les données d'accidentalité restent sous la responsabilité de l'Observatoire.",
    },
}


@dataclass(frozen=True)
class OutcomeData:
    outcome: str  # Handover.Outcome
    reason: str
    reason_en: str
    taken_over_by: str = ""


OUTCOMES = {
    COTE: OutcomeData(
        "continued",
        "Le Shom poursuit le service avec une développeuse de l'équipe et un budget de trois ans.",
        "The Shom continues the service with a developer from the team and a three-year budget.",
    ),
    AIDANTS: OutcomeData(
        "taken_over",
        "Le simulateur rejoint le portail national pour les personnes âgées et leurs proches, que la CNSA opère.",
        "The simulator joins the national portal for older people and their families, run by the CNSA.",
        taken_over_by="Caisse nationale de solidarité pour l'autonomie (CNSA)",
    ),
    SECTEURS: OutcomeData(
        "stopped",
        (
            "Faute de budget pour une équipe après le programme, la DNE a arrêté la carte. Le code et le jeu de "
            "données restent publiés pour que les départements et l'outil national de sectorisation les reprennent."
        ),
        (
            "With no budget for a team after the programme, the DNE stopped the map. The code and the dataset "
            "stay published so that the departments and the national zoning tool can reuse them."
        ),
    ),
    ROUTES: OutcomeData(
        "continued",
        "La mission des données du ministère de l'Intérieur poursuit l'outil et l'étend à tous les départements.",
        "The Ministry of the Interior's data mission continues the tool and extends it to every department.",
    ),
}

# --- The end-of-promotion questionnaire ------------------------------------------------------------------

# Who answered, besides the fellows marked `answered_survey`: mentors and hosts by (challenge, kind) and
# challenge. Six mentors and three host agents answered: the hosts' group (< 5) stays hidden.
MENTORS_WHO_ANSWERED = [
    (COTE, OPERATIONAL),
    (COTE, HIGH_LEVEL),
    (AIDANTS, OPERATIONAL),
    (SECTEURS, OPERATIONAL),
    (ROUTES, OPERATIONAL),
    (ROUTES, HIGH_LEVEL),
]
HOSTS_WHO_ANSWERED = [COTE, AIDANTS, ROUTES]

SATISFACTION = ["5", "4", "4", "5", "3", "4", "5", "4", "2", "5", "4", "4", "5", "3", "4", "5", "4"]
RECOMMENDATION = [9, 8, 10, 7, 9, 6, 10, 8, 5, 9, 8, 9, 10, 7, 8, 9, 10]
MENTORING = ["beaucoup", "un_peu", "beaucoup", "beaucoup", "pas_du_tout", "un_peu", "beaucoup"]
REACHED = ["tous", "en_partie", "tous", "en_partie", "tous"]
BEST = [
    "La liberté laissée à l'équipe pour aller voir les usagers dès le premier mois.",
    "Les sessions collectives : on y apprend autant des autres équipes que des intervenants.",
    "Le soutien du mentor de haut niveau au moment des arbitrages budgétaires.",
    "Travailler à trois profils différents sur un même problème.",
    "Le demo day, qui a donné de la visibilité au projet dans tout le ministère.",
    "Le réseau des anciens, qui a répondu à chacune de nos questions techniques.",
]
TO_CHANGE = [
    "Préparer l'accès aux données avant l'arrivée de l'équipe : nous avons perdu deux mois.",
    "Parler de la pérennisation dès le début, pas à mi-parcours.",
    "Moins de temps collectifs en fin de programme, quand tout se joue dans l'administration.",
    "Mieux associer les services informatiques de l'administration d'accueil dès le départ.",
    "Prévoir un budget d'hébergement pendant le programme.",
]

# --- The mid-term questionnaire of the running promotion -------------------------------------------------

# Asked of its fellows, mentors and host agents, open a week ago for two more weeks; the demo fellow,
# mentor and agent have not answered yet (their « Mon programme » lists it).
MID_TERM_OPENED_DAYS_AGO, MID_TERM_CLOSES_IN_DAYS = 6, 12
MID_TERM_FELLOWS = ["ines", "yanis", "julie", "amina", "paul"]
MID_TERM_MENTORS = [("friches-a-reconvertir", OPERATIONAL), ("gens-de-mer", HIGH_LEVEL)]
MID_TERM_HOSTS = ["delais-de-justice"]

# --- The running promotion's deliverables so far ---------------------------------------------------------


@dataclass(frozen=True)
class RunningDeliverable:
    challenge: str
    data: DeliverableData
    state: str  # "published", "proposed" (staff to review) or "returned" (the team to correct)
    note: str = ""  # staff's note when returned


RUNNING_DELIVERABLES = [
    RunningDeliverable(
        "eau-claire",
        DeliverableData(
            "repository",
            "Code source du service Eau claire",
            "Clear Water source code",
            "Le service de consultation de la qualité de l'eau et les alertes aux mairies.",
            "The water quality service and the alerts to town halls.",
            "https://forge.demo.eig.example/eig-7/eau-claire",
            6,
            licence="MIT",
        ),
        "published",
    ),
    RunningDeliverable(
        "eau-claire",
        DeliverableData(
            "dataset",
            "Résultats du contrôle sanitaire de l'eau",
            "",
            "Les résultats des analyses de l'eau du robinet, commune par commune.",
            "",
            "https://donnees.demo.eig.example/controle-sanitaire-eau",
            16,
        ),
        "returned",
        note=(
            "Merci de préciser la licence du jeu de données (Licence Ouverte 2.0 ?) et d'ajouter le titre et la "
            "description en anglais : la page du défi est aussi lue en anglais."
        ),
    ),
    RunningDeliverable(
        "friches-a-reconvertir",
        DeliverableData(
            "dataset",
            "Inventaire national des friches",
            "National brownfield inventory",
            "Les friches recensées, avec leur surface, leur ancien usage et leur état de pollution connu.",
            "The brownfields listed, with their area, former use and known pollution status.",
            "https://donnees.demo.eig.example/inventaire-friches",
            15,
            licence="Licence Ouverte 2.0",
        ),
        "published",
    ),
    RunningDeliverable(
        "friches-a-reconvertir",
        DeliverableData(
            "repository",
            "Code source de l'inventaire des friches",
            "Brownfield inventory source code",
            "L'inventaire en ligne et ses outils de contribution pour les collectivités.",
            "The online inventory and its contribution tools for local authorities.",
            "https://forge.demo.eig.example/eig-7/friches",
            19,
            licence="EUPL-1.2",
        ),
        "proposed",
    ),
    RunningDeliverable(
        "delais-de-justice",
        DeliverableData(
            "repository",
            "Code source du tableau de bord des délais",
            "Court delays dashboard source code",
            "Le tableau de bord des délais de jugement et le modèle de prévision des stocks.",
            "The trial delays dashboard and the backlog forecasting model.",
            "https://forge.demo.eig.example/eig-7/delais",
            20,
            licence="AGPL-3.0",
        ),
        "proposed",
    ),
    RunningDeliverable(
        "gens-de-mer",
        DeliverableData(
            "product",
            "Espace en ligne des gens de mer",
            "Seafarers' online space",
            "Cinq démarches des marins professionnels en ligne, ouvertes aux marins de Bretagne.",
            "Five procedures of professional seafarers online, open to seafarers in Brittany.",
            "https://gens-de-mer.demo.eig.example",
            19,
            users=910,
        ),
        "proposed",
    ),
]

# --- The demo day (its last Thursday but one, 14:00 to 19:00) --------------------------------------------


@dataclass(frozen=True)
class SlotData:
    minutes: int  # after 14:00
    title: str
    title_en: str
    speakers: str = ""
    challenge: str | None = None


DEMO_DAY_TITLE = "Demo day de la promotion {label}"
DEMO_DAY_TITLE_EN = "{label} demo day"
DEMO_DAY_DESCRIPTION = (
    "Les quatre équipes présentent ce qu'elles ont construit pendant les dix mois, puis les administrations "
    "disent ce que deviennent les produits. Ouvert au public, sur inscription."
)
DEMO_DAY_DESCRIPTION_EN = (
    "The four teams present what they built during the ten months, then the administrations say what becomes "
    "of the products. Open to the public, on registration."
)
DEMO_DAY_PLACE = "Grande halle de la Villette, 211 avenue Jean-Jaurès, 75019 Paris"
AGENDA = [
    SlotData(0, "Accueil et ouverture", "Welcome and opening", "Camille Roussel, équipe du programme"),
    SlotData(20, "Trait de côte", "Coastline Watch", "Élise Marchetti, Margaux Tessier, Théo Brunet", COTE),
    SlotData(45, "Proches aidants", "Family Carers", "Salomé Garnier", AIDANTS),
    SlotData(70, "Pause", "Break"),
    SlotData(95, "Carte scolaire ouverte", "Open School Map", "Nadia Benhamou", SECTEURS),
    SlotData(120, "Routes plus sûres", "Safer Roads", "Karima Bensaïd, Romain Lefort", ROUTES),
    SlotData(
        150,
        "Table ronde : et après le programme ?",
        "Round table: what comes after the programme?",
        "Catherine Moal, Thierry Masson, Isabelle Poirier",
    ),
    SlotData(210, "Cocktail", "Reception"),
]

PHOTO_ALT = (
    "Illustration de démonstration : les entrepreneur·es et les mentors de la promotion {label} réunis "
    "devant la scène du demo day."
)
PHOTO_ALT_EN = (
    "Demo illustration: the fellows and mentors of the {label} cohort gathered in front of the demo day stage."
)

# --- Stories -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryData:
    author: str  # an alumnus key
    title: str
    title_en: str
    description: str
    description_en: str
    body: str
    body_en: str
    image_alt: str = ""
    image_alt_en: str = ""


PUBLISHED_STORY = StoryData(
    author=SALOME,
    title="Du simulateur au portail national : ce que devient Proches aidants",
    title_en="From simulator to national portal: what becomes of Family Carers",
    description="Salomé Garnier raconte comment le simulateur des aides aux aidants a trouvé sa place à la CNSA.",
    description_en="Salomé Garnier tells how the family carers' support simulator found its home at the CNSA.",
    body=(
        "Quand nous sommes arrivés à la DREES, personne ne savait combien de proches aidants passaient à côté "
        "des aides auxquelles ils ont droit.\n\n"
        "## Ce que nous avons construit\n\n"
        "Un simulateur en quelques questions, relu par les juristes de la DREES, qui couvre aujourd'hui les "
        "aides nationales et celles de 64 départements.\n\n"
        "## Et maintenant\n\n"
        "Le simulateur rejoint le portail national que la CNSA opère pour les personnes âgées et leurs proches, "
        "et j'y poursuis son développement. *Récit de démonstration : les personnes et les chiffres sont fictifs.*"
    ),
    body_en=(
        "When we arrived at the DREES, nobody knew how many family carers missed the support they are entitled "
        "to.\n\n"
        "## What we built\n\n"
        "A simulator of a few questions, reviewed by the DREES's lawyers, which now covers national support and "
        "that of 64 departments.\n\n"
        "## And now\n\n"
        "The simulator joins the national portal the CNSA runs for older people and their families, where I "
        "keep developing it. *Demo story: people and figures are fictional.*"
    ),
    image_alt="Illustration de démonstration : des proches aidants devant une présentation du simulateur.",
    image_alt_en="Demo illustration: family carers watching a presentation of the simulator.",
)
PENDING_STORY = StoryData(
    author=KARIMA,
    title="Un an de données d'accidentalité au service des préfectures",
    title_en="A year of road accident data for prefectures",
    description="Comment l'outil Routes plus sûres a changé la façon de programmer la prévention routière.",
    description_en="How the Safer Roads tool changed the way road safety prevention is planned.",
    body=(
        "Vingt-trois préfectures utilisent désormais l'outil pour choisir où agir en priorité.\n\n"
        "Les données de l'année sont publiées en cinq mois au lieu de dix-huit : les actions de prévention "
        "suivent enfin l'accidentalité de l'année. *Récit de démonstration : les chiffres sont fictifs.*"
    ),
    body_en=(
        "Twenty-three prefectures now use the tool to choose where to act first.\n\n"
        "The year's data are published in five months instead of eighteen: prevention finally follows the "
        "year's accidents. *Demo story: figures are fictional.*"
    ),
)

# --- Invitations -----------------------------------------------------------------------------------------------

JURY_INVITATION = (
    "Bonjour Élise, votre regard d'ancienne serait précieux pour les auditions de la promotion qui vient : "
    "accepteriez-vous de siéger dans le jury ?"
)
REVIEW_INVITATION = "Bonjour Théo, accepteriez-vous d'évaluer quelques dossiers de l'appel à candidatures ouvert ?"
