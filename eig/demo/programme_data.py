"""The running promotion's content (eig/demo/programme.py): plain data, no database access.

Four invented challenges in their fifth month, the people of their teams (fictional names, the
demo accounts aside), and the small banks of French sentences the weekly retrospectives, the
mentors' notes and the measures are combined from, deterministically (no randomness).

Weeks are counted from 1, the week the programme started (a Monday); week 21 is the current one.
"""

from dataclasses import dataclass, field

from .data import ChallengeData, PositionData

RUNNING_PROMOTION_DESCRIPTION = (
    "La promotion en programme : ses équipes travaillent dans leurs administrations d'accueil. Données de "
    "démonstration : ses défis, ses entrepreneur·es, leurs bilans et leurs mentors sont fictifs ; son calendrier "
    "est calculé par rapport à la date du premier chargement."
)
RUNNING_PROMOTION_DESCRIPTION_EN = (
    "The cohort in its ten months: its teams are at work in their host administrations. Demo data: its "
    "challenges, fellows, retrospectives and mentors are fictional; its calendar is computed from the date the "
    "demo was first loaded."
)

# The programme started this many weeks before the week of the first load: the fifth month.
WEEKS_SINCE_START = 20
FICTIONAL_DOMAIN = "programme.demo.eig.example"

EAU, FRICHES, DELAIS, MER = "eau-claire", "friches-a-reconvertir", "delais-de-justice", "gens-de-mer"

RUNNING_CHALLENGES = [
    ChallengeData(
        slug=EAU,
        title="Eau claire",
        title_en="Clear Water",
        summary="Rendre lisibles pour chacun les résultats du contrôle sanitaire de l'eau du robinet, commune par commune.",
        summary_en="Making the results of tap-water health checks readable for everyone, town by town.",
        body=(
            "Les agences régionales de santé contrôlent toute l'année la qualité de l'eau distribuée dans chaque "
            "commune. Les résultats sont publics, mais dispersés et rédigés pour des spécialistes.\n\n"
            "L'équipe construit avec la Direction générale de la santé un service qui explique à chacun la "
            "qualité de son eau, prévient les mairies en cas de non-conformité et ouvre les données du contrôle "
            "sanitaire."
        ),
        body_en=(
            "Regional health agencies check the quality of the water distributed in every town all year round. "
            "The results are public, but scattered and written for specialists.\n\n"
            "With the Directorate-General for Health, the team builds a service that explains the quality of "
            "their water to everyone, warns town halls of non-compliance and opens the health-check data."
        ),
        administration="dgs",
        town="Paris",
        positions=(
            PositionData("dev", "Développer le service de consultation et les alertes aux mairies."),
            PositionData("datascience", "Fiabiliser les données du contrôle sanitaire et construire les indicateurs."),
            PositionData("design", "Concevoir avec les usagers et les mairies la restitution des résultats."),
        ),
    ),
    ChallengeData(
        slug=FRICHES,
        title="Friches à reconvertir",
        title_en="Brownfields to Reclaim",
        summary="Recenser les friches pour aider les collectivités à construire sur les sols déjà artificialisés.",
        summary_en="Mapping brownfields to help local authorities build on land that is already developed.",
        body=(
            "Chaque année, des milliers d'hectares de terres agricoles et naturelles sont artificialisés, alors "
            "que des friches industrielles et commerciales restent à l'abandon.\n\n"
            "L'équipe construit avec le Cerema un inventaire national des friches, alimenté par les données "
            "foncières et par les collectivités, et un outil qui aide les élus à évaluer leur reconversion."
        ),
        body_en=(
            "Every year, thousands of hectares of farmland and natural land are built on, while industrial and "
            "commercial brownfields lie abandoned.\n\n"
            "With Cerema, the team builds a national inventory of brownfields, fed by land data and by local "
            "authorities, and a tool that helps elected officials assess their conversion."
        ),
        administration="cerema",
        town="Bron",
        positions=(
            PositionData("geomatique", "Croiser les données foncières pour repérer et qualifier les friches."),
            PositionData("dev", "Développer l'inventaire en ligne et ses outils de contribution."),
        ),
    ),
    ChallengeData(
        slug=DELAIS,
        title="Délais de justice",
        title_en="Court Delays",
        summary="Mesurer et anticiper les délais de jugement pour aider les juridictions à répartir leurs moyens.",
        summary_en="Measuring and forecasting trial delays to help courts allocate their resources.",
        body=(
            "Les délais de jugement varient fortement d'un tribunal à l'autre, et les juridictions découvrent "
            "souvent trop tard l'accumulation des affaires en attente.\n\n"
            "L'équipe construit avec la Direction des services judiciaires un tableau de bord des délais de "
            "chaque juridiction et un modèle qui prévoit l'évolution des stocks d'affaires à six mois."
        ),
        body_en=(
            "Trial delays vary widely from one court to another, and courts often discover too late that cases "
            "are piling up.\n\n"
            "With the Directorate of Judicial Services, the team builds a dashboard of each court's delays and a "
            "model that forecasts the backlog six months ahead."
        ),
        administration="dsj",
        town="Paris",
        positions=(
            PositionData("datascience", "Construire le modèle de prévision des stocks d'affaires."),
            PositionData("dataengineering", "Extraire et fiabiliser les données des logiciels de greffe."),
        ),
    ),
    ChallengeData(
        slug=MER,
        title="Gens de mer",
        title_en="Seafarers",
        summary="Simplifier les démarches des marins professionnels : titres, aptitude médicale, inscriptions.",
        summary_en="Simplifying the procedures of professional seafarers: certificates, medical fitness, enrolment.",
        body=(
            "Pour exercer, un marin professionnel doit obtenir et renouveler plusieurs titres, justifier de son "
            "aptitude médicale et déclarer ses embarquements, souvent par courrier.\n\n"
            "L'équipe construit avec la Direction des affaires maritimes un espace en ligne qui réunit ces "
            "démarches et réduit le délai de délivrance des titres."
        ),
        body_en=(
            "To work, a professional seafarer must obtain and renew several certificates, prove their medical "
            "fitness and declare their time at sea, often by post.\n\n"
            "With the Directorate of Maritime Affairs, the team builds an online space that brings these "
            "procedures together and shortens the time to issue certificates."
        ),
        administration="direction-affaires-maritimes",
        town="Paris",
        positions=(
            PositionData("dev", "Développer l'espace en ligne des marins et ses échanges avec les services."),
            PositionData("design", "Concevoir les démarches avec les marins et les agents des services."),
        ),
    ),
]


@dataclass(frozen=True)
class FellowData:
    key: str
    first: str  # None: the demo fellow account, with its own name
    last: str
    challenge: str
    profile: str
    start_week: int = 1  # a late starter starts later


@dataclass(frozen=True)
class PersonData:
    first: str
    last: str
    challenge: str
    function: str
    kind: str = ""  # a mentor's kind (Mentor.Kind); "" for a host agent


DEMO = "demo"  # the demo fellow account (Malik Ferreira)
INES, YANIS, CHLOE, MEHDI, JULIE, ANTOINE, AMINA, PAUL = (
    "ines",
    "yanis",
    "chloe",
    "mehdi",
    "julie",
    "antoine",
    "amina",
    "paul",
)

FELLOWS = [
    FellowData(DEMO, "", "", EAU, "dev"),
    FellowData(INES, "Inès", "Besson", EAU, "datascience"),
    FellowData(YANIS, "Yanis", "Rousseau", EAU, "design"),
    FellowData(CHLOE, "Chloé", "Caron", FRICHES, "geomatique"),
    # Started three weeks late: the contract was signed late.
    FellowData(MEHDI, "Mehdi", "Colin", FRICHES, "dev", start_week=4),
    FellowData(JULIE, "Julie", "Morel", DELAIS, "datascience"),
    FellowData(ANTOINE, "Antoine", "Renaud", DELAIS, "dataengineering"),
    FellowData(AMINA, "Amina", "Dumont", MER, "dev"),
    FellowData(PAUL, "Paul", "Le Goff", MER, "design"),
]
LATE_REASON = (
    "Contrat signé tardivement : le contrôle budgétaire du Cerema a demandé une pièce complémentaire. "
    "Nouvelle date de prise de poste convenue avec l'administration."
)

OPERATIONAL, HIGH_LEVEL = "operational", "high_level"
# The demo mentor account is the operational mentor of « Eau claire » (first="" below).
MENTORS = [
    PersonData("", "", EAU, "Cheffe du bureau de la qualité des eaux (DGS)", OPERATIONAL),
    PersonData("Nicolas", "Leclerc", EAU, "Directeur général adjoint de la santé", HIGH_LEVEL),
    PersonData("Lou", "Charpentier", FRICHES, "Responsable de l'observatoire du foncier (Cerema)", OPERATIONAL),
    PersonData("Pauline", "Diallo", FRICHES, "Directrice territoriale Centre-Est (Cerema)", HIGH_LEVEL),
    PersonData("Maxime", "Nguyen", DELAIS, "Chef du bureau des statistiques judiciaires", OPERATIONAL),
    PersonData("Fatou", "Lemaire", DELAIS, "Directrice adjointe des services judiciaires", HIGH_LEVEL),
    PersonData("Julien", "Roche", MER, "Chef de la mission numérique des affaires maritimes", OPERATIONAL),
    PersonData("Clara", "Texier", MER, "Directrice des affaires maritimes", HIGH_LEVEL),
]
# The host administrations' agents; « Eau claire »'s is the demo agent account (DGS, first="" below).
HOST_AGENTS = [
    PersonData("", "", EAU, "Chef de projet"),
    PersonData("Rémi", "Bertin", FRICHES, "Chef de projet numérique"),
    PersonData("Aïcha", "Aubert", DELAIS, "Cheffe de projet transformation numérique"),
    PersonData("Gaspard", "Giraud", MER, "Chargé de mission numérique"),
]

# --- Objectives and their measures --------------------------------------------------------------


@dataclass(frozen=True)
class MeasureData:
    week: int
    value: float
    course: str  # Measure.Course
    note: str = ""


@dataclass(frozen=True)
class ObjectiveData:
    title: str
    indicator: str
    unit: str
    baseline: float
    target: float
    measures: tuple[MeasureData, ...] = field(default_factory=tuple)


ON, RISK, LATE = "on_track", "at_risk", "off_track"

OBJECTIVES = {
    EAU: [
        ObjectiveData(
            "Publier la qualité de l'eau de toutes les communes",
            "Communes couvertes par le service",
            "communes",
            0,
            34000,
            (
                MeasureData(5, 0, ON, "Prototype sur les données d'une ARS."),
                MeasureData(8, 270, ON, "Pilote en Bretagne."),
                MeasureData(11, 1270, ON, "Bretagne entière."),
                MeasureData(14, 4300, ON, "Trois régions."),
                MeasureData(18, 6100, RISK, "Les données des autres ARS attendent la convention d'accès."),
            ),
        ),
        ObjectiveData(
            "Prévenir les mairies en cas de non-conformité",
            "Agences régionales de santé utilisant les alertes",
            "ARS",
            0,
            18,
            (
                MeasureData(9, 0, ON),
                MeasureData(13, 1, ON, "Première ARS pilote."),
                MeasureData(17, 2, RISK),
            ),
        ),
        ObjectiveData(
            "Ouvrir les données du contrôle sanitaire",
            "Jeux de données publiés",
            "jeux",
            0,
            4,
            (MeasureData(10, 1, ON, "Résultats 2024 publiés."), MeasureData(16, 2, ON)),
        ),
    ],
    FRICHES: [
        ObjectiveData(
            "Recenser les friches du territoire",
            "Friches recensées dans l'inventaire",
            "friches",
            2100,
            8000,
            (
                MeasureData(4, 2100, ON),
                MeasureData(7, 2900, ON),
                MeasureData(10, 3800, ON),
                MeasureData(14, 4500, RISK, "Les contributions des collectivités ralentissent."),
                MeasureData(18, 4700, RISK),
            ),
        ),
        ObjectiveData(
            "Outiller les collectivités",
            "Collectivités qui utilisent l'outil",
            "collectivités",
            0,
            150,
            (MeasureData(9, 4, ON), MeasureData(13, 11, ON), MeasureData(17, 12, RISK, "Peu de nouveaux inscrits.")),
        ),
    ],
    DELAIS: [
        ObjectiveData(
            "Mesurer les délais de chaque juridiction",
            "Tribunaux judiciaires couverts par le tableau de bord",
            "tribunaux",
            0,
            164,
            (
                MeasureData(6, 3, ON, "Trois tribunaux pilotes."),
                MeasureData(10, 18, ON),
                MeasureData(14, 35, RISK, "Les extractions échouent pour un logiciel de greffe sur deux."),
                MeasureData(
                    18,
                    41,
                    LATE,
                    "L'extraction depuis les logiciels de greffe couvre 41 tribunaux sur 164 : le calendrier est à revoir.",
                ),
            ),
        ),
        ObjectiveData(
            "Anticiper les stocks d'affaires",
            "Erreur de la prévision à six mois",
            "%",
            35,
            10,
            (MeasureData(8, 31, ON), MeasureData(12, 24, ON), MeasureData(16, 19, ON)),
        ),
    ],
    MER: [
        ObjectiveData(
            "Mettre en ligne les démarches des marins",
            "Démarches disponibles en ligne",
            "démarches",
            0,
            12,
            (MeasureData(6, 0, ON), MeasureData(9, 1, ON), MeasureData(13, 3, ON), MeasureData(17, 5, ON)),
        ),
        ObjectiveData(
            "Réduire le délai de délivrance des titres",
            "Délai moyen de délivrance",
            "jours",
            45,
            15,
            (MeasureData(8, 44, ON), MeasureData(12, 38, ON), MeasureData(16, 31, ON)),
        ),
        ObjectiveData(
            "Faire adopter l'espace par les marins",
            "Comptes de marins ouverts",
            "comptes",
            0,
            5000,
            (MeasureData(14, 320, ON, "Ouverture aux marins de Bretagne."), MeasureData(18, 910, ON)),
        ),
    ],
}

# (kind, title, path): the team's repository and dataset, on the demo's fictional forge and data portal.
LINKS = {
    EAU: [
        ("repository", "Code source du service Eau claire", "https://forge.demo.eig.example/eig-7/eau-claire"),
        (
            "dataset",
            "Résultats du contrôle sanitaire de l'eau",
            "https://donnees.demo.eig.example/controle-sanitaire-eau",
        ),
        ("link", "Carnet de bord de l'équipe", "https://pad.demo.eig.example/eau-claire-carnet"),
    ],
    FRICHES: [
        ("repository", "Code source de l'inventaire des friches", "https://forge.demo.eig.example/eig-7/friches"),
        ("dataset", "Inventaire national des friches", "https://donnees.demo.eig.example/inventaire-friches"),
    ],
    DELAIS: [
        ("repository", "Code source du tableau de bord des délais", "https://forge.demo.eig.example/eig-7/delais"),
        ("dataset", "Délais moyens de jugement par tribunal", "https://donnees.demo.eig.example/delais-jugement"),
    ],
    MER: [
        ("repository", "Code source de l'espace des gens de mer", "https://forge.demo.eig.example/eig-7/gens-de-mer"),
        (
            "dataset",
            "Titres de formation professionnelle maritime délivrés",
            "https://donnees.demo.eig.example/titres-maritimes",
        ),
    ],
}

# --- Weekly retrospectives ------------------------------------------------------------------------

# Each team's priorities, in the order the months bring them: week w reads the (w * n // 21)-th.
PRIORITIES = {
    EAU: [
        "Rencontrer les agents du bureau de la qualité des eaux et deux ARS.",
        "Comprendre la base du contrôle sanitaire et ses nomenclatures.",
        "Construire un premier prototype sur les données d'une ARS.",
        "Tester le prototype avec des habitants et deux mairies bretonnes.",
        "Étendre le service à trois régions.",
        "Préparer l'alerte automatique aux mairies.",
        "Obtenir la convention d'accès aux données de toutes les ARS.",
    ],
    FRICHES: [
        "Rencontrer l'équipe de l'observatoire du foncier.",
        "Croiser les fichiers fonciers et les bases des sites pollués.",
        "Publier une première carte des friches d'une région pilote.",
        "Ouvrir la contribution aux collectivités pilotes.",
        "Améliorer la qualification des friches avec les retours du terrain.",
        "Relancer les collectivités pilotes.",
        "Préparer l'outil d'évaluation de la reconversion.",
    ],
    DELAIS: [
        "Rencontrer les greffes de trois tribunaux pilotes.",
        "Cartographier les logiciels de greffe et leurs exports.",
        "Automatiser l'extraction des données des tribunaux pilotes.",
        "Publier le premier tableau de bord des délais.",
        "Entraîner un premier modèle de prévision des stocks.",
        "Étendre l'extraction à tous les tribunaux.",
        "Présenter le tableau de bord aux chefs de cour.",
    ],
    MER: [
        "Rencontrer les marins et les agents des services des affaires maritimes.",
        "Cartographier les démarches et leurs pièces justificatives.",
        "Mettre en ligne la demande de renouvellement d'un titre.",
        "Tester l'espace avec des marins au Guilvinec.",
        "Brancher l'espace sur le registre des gens de mer.",
        "Ouvrir l'espace aux marins de Bretagne.",
        "Préparer l'ouverture nationale.",
    ],
}

SUCCESSES = [
    "Les entretiens avec les agents ont éclairé leur façon de travailler.",
    "Une démonstration réussie devant l'équipe d'accueil.",
    "Le prototype tourne et les premiers retours sont encourageants.",
    "Une bonne séance de travail en binôme avec notre mentor.",
    "Nous avons livré la fonctionnalité prévue à temps.",
    "La session collective m'a donné des idées pour la suite.",
    "Les données sont enfin propres et documentées.",
    "Un atelier avec des usagers très riche.",
    "Le code est publié et relu par un développeur de l'administration.",
    "L'équipe s'est mise d'accord sur les priorités du mois.",
    "Un premier utilisateur du terrain s'est approprié l'outil.",
]

DIFFICULTIES = [
    "",
    "Les circuits de validation internes sont longs.",
    "Trop de réunions cette semaine pour avancer sur le fond.",
    "",
    "Des données incomplètes pour une partie du territoire.",
    "L'environnement de développement de l'administration est contraint.",
    "",
    "Difficile de joindre les bons interlocuteurs pendant les congés.",
    "Une mise en production repoussée par la sécurité informatique.",
]

# Moods, 1 (très difficile) to 5 (très bien): every fellow's weeks cycle through this (shifted per
# fellow), never twice at or under the low-mood threshold; the stories below override some weeks.
MOODS = [4, 3, 4, 5, 4, 3, 4, 4, 5, 3, 4]


@dataclass(frozen=True)
class WeekStory:
    mood: int | None = None
    difficulty: str = ""
    help: str = ""
    programme_only: bool = False


# (fellow, week) -> what that week's retrospective says beyond the banks.
STORIES = {
    # Help asked early, followed up and closed by the programme team.
    (AMINA, 4): WeekStory(
        mood=3,
        difficulty="Nous n'avons toujours pas d'accès aux serveurs de la direction.",
        help="Pouvez-vous appuyer notre demande d'accès aux serveurs auprès de la DSI des affaires maritimes ?",
    ),
    # Low two weeks running: a signal the programme team followed up and closed.
    (ANTOINE, 7): WeekStory(mood=2, difficulty="L'extraction des données de greffe échoue toutes les nuits."),
    (ANTOINE, 8): WeekStory(mood=1, difficulty="Toujours bloqué sur l'extraction : je n'avance pas et je doute."),
    # Written for the programme team only.
    (YANIS, 12): WeekStory(
        mood=3,
        difficulty=(
            "Des tensions avec un agent du bureau sur la répartition du travail ; je préfère en parler d'abord "
            "avec l'équipe du programme."
        ),
        programme_only=True,
    ),
    # Low two weeks running, just now: an open signal.
    (CHLOE, 19): WeekStory(
        mood=2, difficulty="Les collectivités pilotes ne répondent plus ; je me sens isolée à Bron."
    ),
    (CHLOE, 20): WeekStory(mood=2, difficulty="La démonstration prévue avec la métropole a été annulée."),
    # Help asked last week: an open signal, and the demo mentor's to-do.
    (INES, 20): WeekStory(
        mood=3,
        difficulty="Nous travaillons toujours sur des données de test.",
        help=(
            "La convention d'accès aux données du contrôle sanitaire n'est toujours pas signée par les ARS : "
            "un appui de l'équipe du programme auprès de la direction nous aiderait."
        ),
    ),
}

# --- Mentoring ---------------------------------------------------------------------------------------

# (week, weekday): when the operational mentors write their notes, and the high-level mentors hold
# their monthly points.
NOTE_WEEKS = [3, 6, 9, 12, 15, 18]
MONTHLY_POINT_WEEKS = [4, 8, 13, 17]

NOTE_DECISIONS = [
    "Prioriser les entretiens avec les agents de terrain avant tout développement.",
    "Présenter le prototype au comité de direction le mois prochain.",
    "Publier le code dès maintenant, sans attendre une version finale.",
    "Tenir un point hebdomadaire de 30 minutes avec l'équipe.",
    "Demander l'ouverture d'un environnement de recette.",
    "Associer le délégué à la protection des données à la prochaine étape.",
    "Réserver le vendredi après-midi à la documentation.",
]
NOTE_DIFFICULTIES = [
    "",
    "Des délais de validation internes plus longs que prévu.",
    "",
    "La disponibilité des agents pendant les congés.",
    "",
    "",
]
MONTHLY_DECISIONS = [
    "Les objectifs des dix mois sont validés ; l'équipe les suit chaque mois.",
    "Le directeur porte le projet au comité stratégique.",
    "Un budget d'hébergement est réservé pour la suite du projet.",
    "Un agent sera recruté pour reprendre le produit après les dix mois.",
]
# The demo mentor's last note, and the difficulty she flags to the programme team that day.
DEMO_MENTOR_DIFFICULTY = (
    "La convention d'accès aux données du contrôle sanitaire n'est toujours pas signée par les ARS : l'équipe "
    "travaille sur des données de test depuis six semaines."
)
DEMO_MENTOR_FLAG = (
    "La convention d'accès aux données du contrôle sanitaire bloque l'équipe Eau claire depuis six semaines. "
    "Un appui de l'équipe du programme auprès de la direction générale serait bienvenu."
)

# --- The programme team's follow-up of the signals ----------------------------------------------------

HELP_CLOSED_NOTE = (
    "Appel avec la DSI des affaires maritimes : les accès ont été ouverts la semaine suivante. Amina le confirme "
    "dans son bilan."
)
LOW_MOOD_FOLLOW_UP = (
    "Appel avec Antoine, puis point avec son mentor : un accès direct à l'entrepôt de données est demandé."
)
LOW_MOOD_CLOSED_NOTE = (
    "L'accès à l'entrepôt de données est ouvert ; l'extraction fonctionne et l'état d'esprit d'Antoine remonte "
    "dans ses bilans suivants."
)
OFF_TRACK_FOLLOW_UP = (
    "Point prévu avec la directrice adjointe des services judiciaires ; l'équipe propose de couvrir d'abord les "
    "tribunaux pilotes et de revoir la cible de l'objectif."
)

# --- Events ---------------------------------------------------------------------------------------------

PLACE = "Campus du numérique public, 20 avenue de Ségur, 75007 Paris"
SESSIONS_LINK = "https://visio.demo.eig.example/sessions-collectives"
SESSION_THEMES = [
    "Travailler avec les agents : entretiens et observation",
    "Publier son code source",
    "Protéger les données personnelles",
    "L'accessibilité numérique",
    "Mesurer l'impact de son produit",
    "Négocier l'accès aux données",
    "Faire adopter son produit",
    "Documenter pour transmettre",
    "Préparer la suite des dix mois",
    "Parler en public : préparer la journée de démonstration",
    "Le droit de la commande publique",
    "Retours d'expérience des anciens",
]
