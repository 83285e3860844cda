"""The demo world's content: plain data, no database access.

Promotion 2 (2017–2018) keeps its real challenge titles, host administrations and
calendar (Règlement EIG promotion 2, art. 3 to 6); every description below is
written for this demo. The people are fictional, the key figures illustrative.
The current promotion's challenges are invented.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AdministrationData:
    slug: str
    name: str
    kind: str  # a value of Administration.Kind
    parent: str | None = None  # slug of the parent ministry
    town: str = ""
    website: str = ""


@dataclass(frozen=True)
class PositionData:
    profile: str  # a Profile.code
    mission: str
    skills: str = ""


@dataclass(frozen=True)
class KeyFigureData:
    amount: str
    description: str
    description_en: str = ""


@dataclass(frozen=True)
class AchievementData:
    title: str
    description: str
    title_en: str = ""
    description_en: str = ""
    url: str = ""
    call_to_action: str = ""


@dataclass(frozen=True)
class ChallengeData:
    slug: str
    title: str
    title_en: str
    summary: str
    summary_en: str
    body: str
    administration: str  # slug
    town: str
    positions: tuple[PositionData, ...]
    body_en: str = ""
    key_figures: tuple[KeyFigureData, ...] = ()
    achievements: tuple[AchievementData, ...] = ()
    source_code_url: str = ""
    website_url: str = ""
    is_featured: bool = False

    @property
    def profiles(self) -> list[str]:
        return list(dict.fromkeys(p.profile for p in self.positions))


# --- Administrations --------------------------------------------------------------

MINISTRY = "ministry"
CENTRAL = "central"
OPERATOR = "operator"
DECONCENTRATED = "deconcentrated"

ADMINISTRATIONS = [
    # Ministries as named in 2017 (Règlement EIG promotion 2, art. 3), then today's.
    AdministrationData(
        "ministere-transition-ecologique", "Ministère de la Transition écologique et solidaire", MINISTRY, town="Paris"
    ),
    AdministrationData(
        "ministere-solidarites-sante", "Ministère des Solidarités et de la Santé", MINISTRY, town="Paris"
    ),
    AdministrationData(
        "ministere-culture", "Ministère de la Culture", MINISTRY, town="Paris", website="https://www.culture.gouv.fr"
    ),
    AdministrationData(
        "ministere-interieur",
        "Ministère de l'Intérieur",
        MINISTRY,
        town="Paris",
        website="https://www.interieur.gouv.fr",
    ),
    AdministrationData(
        "ministere-armees", "Ministère des Armées", MINISTRY, town="Paris", website="https://www.defense.gouv.fr"
    ),
    AdministrationData(
        "ministere-economie",
        "Ministère de l'Économie et des Finances",
        MINISTRY,
        town="Paris",
        website="https://www.economie.gouv.fr",
    ),
    AdministrationData(
        "ministere-action-comptes-publics", "Ministère de l'Action et des Comptes publics", MINISTRY, town="Paris"
    ),
    AdministrationData(
        "services-premier-ministre",
        "Services du Premier ministre",
        MINISTRY,
        town="Paris",
        website="https://www.gouvernement.fr",
    ),
    AdministrationData(
        "ministere-education-nationale",
        "Ministère de l'Éducation nationale",
        MINISTRY,
        town="Paris",
        website="https://www.education.gouv.fr",
    ),
    AdministrationData(
        "ministere-enseignement-superieur-recherche",
        "Ministère de l'Enseignement supérieur, de la Recherche et de l'Innovation",
        MINISTRY,
        town="Paris",
    ),
    AdministrationData(
        "ministere-agriculture",
        "Ministère de l'Agriculture et de la Souveraineté alimentaire",
        MINISTRY,
        town="Paris",
        website="https://agriculture.gouv.fr",
    ),
    AdministrationData(
        "ministere-justice", "Ministère de la Justice", MINISTRY, town="Paris", website="https://www.justice.gouv.fr"
    ),
    AdministrationData(
        "ministere-travail",
        "Ministère du Travail et de l'Emploi",
        MINISTRY,
        town="Paris",
        website="https://travail-emploi.gouv.fr",
    ),
    # Hosts of promotion 2.
    AdministrationData(
        "direction-affaires-maritimes",
        "Direction des affaires maritimes",
        CENTRAL,
        "ministere-transition-ecologique",
        "Paris",
    ),
    AdministrationData(
        "drees",
        "Direction de la recherche, des études, de l'évaluation et des statistiques (DREES)",
        CENTRAL,
        "ministere-solidarites-sante",
        "Paris",
        "https://drees.solidarites-sante.gouv.fr",
    ),
    AdministrationData(
        "mobilier-national",
        "Mobilier national (Direction générale de la création artistique)",
        CENTRAL,
        "ministere-culture",
        "Paris",
        "https://www.mobiliernational.culture.gouv.fr",
    ),
    AdministrationData(
        "mission-valorisation-donnees-interieur",
        "Mission de coordination et d'appui à la valorisation des données du ministère de l'Intérieur",
        CENTRAL,
        "ministere-interieur",
        "Paris",
    ),
    AdministrationData(
        "shom",
        "Service hydrographique et océanographique de la marine (Shom)",
        OPERATOR,
        "ministere-armees",
        "Brest",
        "https://www.shom.fr",
    ),
    AdministrationData(
        "direccte-bourgogne-franche-comte",
        "DIRECCTE Bourgogne-Franche-Comté et Direction générale des entreprises",
        DECONCENTRATED,
        "ministere-economie",
        "Dijon",
    ),
    AdministrationData(
        "cget", "Commissariat général à l'égalité des territoires (CGET)", CENTRAL, "services-premier-ministre", "Paris"
    ),
    AdministrationData(
        "sgmas",
        "Secrétariat général des ministères chargés des affaires sociales",
        CENTRAL,
        "ministere-solidarites-sante",
        "Paris",
    ),
    AdministrationData(
        "dggn",
        "Direction générale de la gendarmerie nationale (DGGN)",
        CENTRAL,
        "ministere-interieur",
        "Issy-les-Moulineaux",
        "https://www.gendarmerie.interieur.gouv.fr",
    ),
    AdministrationData(
        "etalab",
        "Etalab, Direction interministérielle du numérique et du système d'information et de communication de l'État (DINSIC)",
        CENTRAL,
        "services-premier-ministre",
        "Paris",
        "https://www.etalab.gouv.fr",
    ),
    AdministrationData(
        "dne", "Direction du numérique pour l'éducation (DNE)", CENTRAL, "ministere-education-nationale", "Paris"
    ),
    AdministrationData(
        "mesri-outils-aide-decision",
        "Département des outils d'aide à la décision (MESRI)",
        CENTRAL,
        "ministere-enseignement-superieur-recherche",
        "Paris",
    ),
    # Hosts of the current promotion (invented challenges).
    AdministrationData("dgs", "Direction générale de la santé (DGS)", CENTRAL, "ministere-solidarites-sante", "Paris"),
    AdministrationData(
        "onf",
        "Office national des forêts (ONF)",
        OPERATOR,
        "ministere-agriculture",
        "Maisons-Alfort",
        "https://www.onf.fr",
    ),
    AdministrationData(
        "cnsa",
        "Caisse nationale de solidarité pour l'autonomie (CNSA)",
        OPERATOR,
        "ministere-solidarites-sante",
        "Paris",
        "https://www.cnsa.fr",
    ),
    AdministrationData("dsj", "Direction des services judiciaires", CENTRAL, "ministere-justice", "Paris"),
    AdministrationData(
        "cerema", "Cerema", OPERATOR, "ministere-transition-ecologique", "Bron", "https://www.cerema.fr"
    ),
    AdministrationData(
        "dgefp",
        "Délégation générale à l'emploi et à la formation professionnelle (DGEFP)",
        CENTRAL,
        "ministere-travail",
        "Paris",
    ),
]


# --- Promotion 2 (2017–2018): the 13 challenges of the Règlement, art. 3 ----------------

PROMOTION_2_DESCRIPTION = (
    "La deuxième promotion du programme : 13 défis sélectionnés par un jury les 4 et 5 juillet 2017, "
    "28 entrepreneur·es d'intérêt général recrutés à l'automne et accueillis de janvier à octobre 2018. "
    "Données de démonstration : les titres et administrations des défis sont réels, les personnes sont "
    "fictives et les chiffres illustratifs."
)
PROMOTION_2_DESCRIPTION_EN = (
    "The programme's second cohort: 13 challenges selected by a jury on 4 and 5 July 2017, 28 public "
    "interest entrepreneurs recruited in the autumn and hosted from January to October 2018. Demo data: "
    "challenge titles and hosts are real, people are fictional and figures illustrative."
)

PROMOTION_2_CHALLENGES = [
    ChallengeData(
        slug="predisauvetage",
        title="PrédiSauvetage",
        title_en="PrédiSauvetage",
        summary="Comprendre les accidents en mer à partir des interventions des centres de sauvetage pour mieux les prévenir.",
        summary_en="Understanding accidents at sea from rescue centre operations, to prevent them better.",
        body=(
            "Chaque année, les centres régionaux opérationnels de surveillance et de sauvetage (CROSS) coordonnent "
            "des milliers d'opérations le long des côtes : plaisanciers en panne, baigneurs emportés par le courant, "
            "pêcheurs en avarie. Chacune laisse une trace détaillée dans leurs journaux d'intervention.\n\n"
            "Ces traces restaient dispersées et peu exploitées. Il était difficile de dire quelles activités, "
            "quelles portions du littoral ou quelles conditions météorologiques concentrent les accidents, "
            "et donc où porter l'effort de prévention.\n\n"
            "L'équipe a rassemblé et nettoyé l'historique des opérations, l'a croisé avec la météo et la "
            "fréquentation du littoral, puis l'a publié en données ouvertes. Des tableaux de bord aident "
            "désormais la direction des affaires maritimes à cibler ses campagnes de prévention estivales."
        ),
        body_en=(
            "Every year, France's regional rescue coordination centres (CROSS) coordinate thousands of "
            "operations along the coast: broken-down pleasure boats, swimmers caught by currents, damaged "
            "fishing vessels. Each one leaves a detailed record in their logs.\n\n"
            "Those records were scattered and little used, so nobody could easily say which activities, "
            "stretches of coast or weather conditions concentrate accidents.\n\n"
            "The team gathered and cleaned the history of operations, crossed it with weather and coastal "
            "attendance data and published it as open data. Dashboards now help the maritime affairs "
            "directorate target its summer prevention campaigns."
        ),
        administration="direction-affaires-maritimes",
        town="Paris",
        positions=(
            PositionData(
                "dataengineering",
                "Rassembler, nettoyer et historiser les données d'intervention des CROSS.",
                "Python, SQL, chaînes de traitement de données",
            ),
            PositionData(
                "dev",
                "Construire les tableaux de bord et la publication des données ouvertes.",
                "Développement web, visualisation de données",
            ),
        ),
        key_figures=(
            KeyFigureData(
                "270 000", "opérations de sauvetage historisées", "rescue operations brought into one history"
            ),
            KeyFigureData("20 ans", "d'historique réuni dans une seule base", "of history gathered in one database"),
            KeyFigureData(
                "1", "jeu de données publié sous Licence Ouverte", "dataset published under the Open Licence"
            ),
        ),
        achievements=(
            AchievementData(
                "Les opérations de sauvetage en données ouvertes",
                "L'historique des interventions coordonnées par les CROSS, documenté et mis à jour automatiquement.",
                "Rescue operations as open data",
                "The history of operations coordinated by the CROSS, documented and updated automatically.",
            ),
        ),
        source_code_url="https://github.com/entrepreneur-interet-general/predisauvetage",
        is_featured=True,
    ),
    ChallengeData(
        slug="lab-sante",
        title="Lab Santé",
        title_en="Health Lab",
        summary="Faciliter l'exploitation des grandes bases de données de santé pour éclairer les politiques publiques.",
        summary_en="Making France's large health databases easier to use for public policy.",
        body=(
            "La DREES, service statistique des ministères sociaux, a accès aux données de remboursement de "
            "l'Assurance maladie et des hôpitaux : des milliards de lignes qui décrivent le parcours de soins "
            "de toute la population.\n\n"
            "Ces bases sont d'une richesse rare mais difficiles à prendre en main : documentation éclatée, "
            "nomenclatures complexes, environnement de calcul sécurisé. Chaque nouvelle étude commence par "
            "des semaines de défrichage.\n\n"
            "L'équipe a construit une documentation collaborative et ouverte, des programmes réutilisables "
            "pour les traitements les plus courants et plusieurs études exploratoires menées avec les "
            "statisticiens de la direction."
        ),
        administration="drees",
        town="Paris",
        positions=(
            PositionData(
                "datascience",
                "Mener des études exploratoires sur les parcours de soins.",
                "Statistique, Python ou R, goût pour la santé publique",
            ),
            PositionData(
                "datascience",
                "Industrialiser les traitements récurrents et les partager.",
                "Programmation statistique, bonnes pratiques de code",
            ),
            PositionData(
                "dataengineering",
                "Documenter les bases et outiller l'environnement de calcul.",
                "SQL, bases volumineuses, documentation technique",
            ),
        ),
        key_figures=(
            KeyFigureData("300", "pages de documentation ouverte", "pages of open documentation"),
            KeyFigureData("12", "programmes réutilisables publiés", "reusable programs published"),
        ),
        achievements=(
            AchievementData(
                "Une documentation collaborative des données de santé",
                "Un site ouvert aux contributions où statisticiens et chercheurs partagent leurs connaissances des bases.",
                "A collaborative documentation of health data",
            ),
        ),
    ),
    ChallengeData(
        slug="gobelins",
        title="Gobelins",
        title_en="Gobelins",
        summary="Ouvrir au public la collection du Mobilier national, des tapisseries aux sièges d'apparat.",
        summary_en="Opening the Mobilier national's collection to the public, from tapestries to state chairs.",
        body=(
            "Le Mobilier national meuble les palais de la République depuis le XVIIᵉ siècle. Ses réserves "
            "abritent des dizaines de milliers d'objets : tapisseries des Gobelins et de Beauvais, tapis de la "
            "Savonnerie, sièges, luminaires, créations contemporaines.\n\n"
            "Cette collection vivait dans une base de gestion interne, réservée aux agents. Le public, les "
            "chercheurs et les designers n'en voyaient qu'une infime partie lors des expositions.\n\n"
            "L'équipe a conçu avec les documentalistes un site de consultation de la collection : recherche "
            "par époque, matière ou manufacture, photographies en haute définition et notices ouvertes à la "
            "réutilisation."
        ),
        body_en=(
            "The Mobilier national has furnished the Republic's palaces since the 17th century. Its stores "
            "hold tens of thousands of objects: tapestries, carpets, chairs, lighting and contemporary design.\n\n"
            "The collection lived in an internal management database that only staff could see.\n\n"
            "With the documentation team, the fellows designed a public website to browse the collection by "
            "period, material or manufactory, with high-definition photographs and reusable records."
        ),
        administration="mobilier-national",
        town="Paris",
        positions=(
            PositionData(
                "dev",
                "Développer le site de la collection et son moteur de recherche.",
                "Développement web, moteurs de recherche",
            ),
            PositionData(
                "design",
                "Concevoir l'expérience de navigation avec les publics et les documentalistes.",
                "Design d'interface, recherche utilisateur",
            ),
        ),
        key_figures=(
            KeyFigureData("65 000", "objets consultables en ligne", "objects online"),
            KeyFigureData("25 000", "photographies publiées", "photographs published"),
        ),
        achievements=(
            AchievementData(
                "La collection du Mobilier national en ligne",
                "Un site public pour explorer la collection, notice par notice.",
                "The Mobilier national's collection online",
                "A public website to explore the collection, record by record.",
                url="https://collection.mobiliernational.culture.gouv.fr",
                call_to_action="Explorer la collection",
            ),
        ),
        source_code_url="https://github.com/entrepreneur-interet-general/gobelins",
        website_url="https://collection.mobiliernational.culture.gouv.fr",
        is_featured=True,
    ),
    ChallengeData(
        slug="previsecours",
        title="Prévisecours",
        title_en="Prévisecours",
        summary="Anticiper l'activité des sapeurs-pompiers pour dimensionner les équipes de garde.",
        summary_en="Forecasting fire and rescue activity to size on-call teams.",
        body=(
            "Les services départementaux d'incendie et de secours répondent chaque jour à des appels très "
            "variables : la canicule, un jour férié ou un épisode de verglas changent profondément le nombre "
            "et la nature des interventions.\n\n"
            "Les effectifs de garde sont pourtant fixés largement à l'expérience. Mieux anticiper les pics "
            "d'activité permettrait de mobiliser les bonnes équipes au bon endroit, sans épuiser les "
            "volontaires.\n\n"
            "L'équipe a construit, avec des services départementaux pilotes, des modèles de prévision de "
            "l'activité opérationnelle par jour et par secteur, et une interface qui les rend lisibles pour "
            "les officiers chargés de la planification."
        ),
        administration="mission-valorisation-donnees-interieur",
        town="Paris",
        positions=(
            PositionData(
                "dataengineering",
                "Collecter et fiabiliser les données d'intervention des services pilotes.",
                "Python, ETL, bases de données",
            ),
            PositionData(
                "datascience",
                "Construire et évaluer les modèles de prévision.",
                "Séries temporelles, apprentissage statistique",
            ),
        ),
        key_figures=(
            KeyFigureData("3", "services départementaux pilotes", "pilot fire and rescue services"),
            KeyFigureData("1 200 000", "interventions analysées", "interventions analysed"),
        ),
        achievements=(
            AchievementData(
                "Un outil de prévision de l'activité",
                "Des prévisions à sept jours consultables par les centres de planification.",
                "An activity forecasting tool",
            ),
        ),
        source_code_url="https://github.com/previsecours",
    ),
    ChallengeData(
        slug="balisenav",
        title="b@liseNav",
        title_en="b@liseNav",
        summary="Rassembler les données des balises et des phares dans une carte marine enrichie.",
        summary_en="Bringing buoy and lighthouse data together in an enriched nautical chart.",
        body=(
            "Bouées, balises et phares guident les navires le long des côtes. Leurs caractéristiques sont "
            "décrites par plusieurs services, chacun avec ses propres fichiers et ses propres conventions.\n\n"
            "Ces descriptions divergent parfois, ce qui complique la mise à jour des cartes marines et des "
            "ouvrages nautiques publiés par le Shom à Brest.\n\n"
            "L'équipe a développé des outils pour comparer les sources, signaler les écarts aux services "
            "concernés et produire une couche de balisage fiable, prête à être publiée et intégrée aux cartes."
        ),
        administration="shom",
        town="Brest",
        positions=(
            PositionData(
                "dev",
                "Développer les outils de comparaison et de correction des données de balisage.",
                "Développement back-end, API",
            ),
            PositionData(
                "geomatique",
                "Modéliser et publier la couche de balisage dans les standards maritimes.",
                "SIG, normes de données géographiques",
            ),
        ),
        key_figures=(
            KeyFigureData("8 000", "balises comparées entre sources", "buoys and beacons compared across sources"),
            KeyFigureData("40", "normes de données étudiées", "data standards reviewed"),
        ),
        achievements=(
            AchievementData(
                "Un référentiel unique du balisage",
                "Une base consolidée des aides à la navigation, partagée entre les services.",
                "A single reference of aids to navigation",
            ),
        ),
    ),
    ChallengeData(
        slug="signaux-faibles",
        title="Signaux Faibles",
        title_en="Weak Signals",
        summary="Repérer tôt les entreprises fragiles pour que l'État puisse les aider avant qu'il ne soit trop tard.",
        summary_en="Spotting struggling companies early so that the State can help them in time.",
        body=(
            "Quand une entreprise frappe à la porte des services de l'État, ses difficultés sont souvent déjà "
            "graves. Or des indices existent bien plus tôt : retards de cotisations, recours à l'activité "
            "partielle, dégradation des comptes.\n\n"
            "Ces indices sont répartis entre plusieurs administrations et organismes qui ne les croisaient pas. "
            "Les commissaires au redressement productif manquaient d'une vue d'ensemble pour aller au-devant "
            "des entreprises.\n\n"
            "En Bourgogne-Franche-Comté, avec la Direction générale des entreprises, l'équipe a rapproché ces "
            "sources et entraîné un modèle qui produit chaque mois une liste d'entreprises à contacter, "
            "accompagnée des raisons de l'alerte."
        ),
        body_en=(
            "When a company turns to the State for help, its problems are often already serious, yet warning "
            "signs appear much earlier: late social contributions, short-time work, deteriorating accounts.\n\n"
            "These signs were spread across several bodies that did not cross them.\n\n"
            "In Bourgogne-Franche-Comté, with the Directorate-General for Enterprise, the team joined these "
            "sources and trained a model that lists, every month, the companies to contact and why."
        ),
        administration="direccte-bourgogne-franche-comte",
        town="Dijon",
        positions=(
            PositionData(
                "datascience",
                "Construire et expliquer le modèle de détection.",
                "Apprentissage statistique, interprétabilité",
            ),
            PositionData(
                "dev",
                "Développer la chaîne d'intégration des données et l'outil des agents.",
                "Développement full stack, traitement de données",
            ),
        ),
        key_figures=(
            KeyFigureData("24", "mois d'historique intégrés", "months of history integrated"),
            KeyFigureData("4", "sources de données croisées", "data sources crossed"),
        ),
        achievements=(
            AchievementData(
                "Une liste mensuelle d'entreprises à accompagner",
                "Chaque alerte est expliquée pour que l'agent prépare son appel.",
                "A monthly list of companies to support",
            ),
        ),
        source_code_url="https://github.com/entrepreneur-interet-general/opensignauxfaibles",
        is_featured=True,
    ),
    ChallengeData(
        slug="hopkins",
        title="Hopkins",
        title_en="Hopkins",
        summary="Donner aux enquêteurs des outils pour démêler les circuits de la fraude financière.",
        summary_en="Giving investigators tools to untangle financial fraud networks.",
        body=(
            "La fraude financière et l'économie souterraine privent la collectivité de ressources importantes. "
            "Les enquêteurs du ministère de l'Action et des Comptes publics analysent pour cela de très grands "
            "volumes de données.\n\n"
            "Les liens entre personnes, sociétés et flux se perdent dans ces volumes : reconstituer un réseau "
            "demandait un long travail manuel, difficile à partager entre équipes.\n\n"
            "L'équipe, habilitée pour travailler sur des données sensibles, a développé des outils d'exploration "
            "de graphes et de détection d'anomalies, intégrés aux méthodes des analystes."
        ),
        administration="ministere-action-comptes-publics",
        town="Paris",
        positions=(
            PositionData(
                "datascience",
                "Concevoir des méthodes de détection d'anomalies sur des données financières.",
                "Apprentissage statistique, graphes",
            ),
            PositionData(
                "datascience",
                "Outiller l'exploration de réseaux par les analystes.",
                "Théorie des graphes, visualisation, Python",
            ),
        ),
        key_figures=(
            KeyFigureData("3", "outils livrés aux analystes", "tools delivered to analysts"),
            KeyFigureData("500 000", "entités reliées dans le graphe", "entities linked in the graph"),
        ),
        achievements=(
            AchievementData(
                "Un explorateur de graphes libre",
                "Un outil générique de navigation dans des réseaux d'entités, publié en logiciel libre.",
                "An open-source graph explorer",
            ),
        ),
        source_code_url="https://github.com/entrepreneur-interet-general/graph-explorer",
    ),
    ChallengeData(
        slug="socialconnect",
        title="SocialConnect",
        title_en="SocialConnect",
        summary="Recenser les initiatives d'innovation sociale des territoires et les rendre visibles.",
        summary_en="Listing local social innovation initiatives and making them visible.",
        body=(
            "Partout en France, associations, collectivités et entreprises de l'économie sociale inventent des "
            "réponses aux besoins de leur territoire : mobilité rurale, alimentation, insertion.\n\n"
            "Ces initiatives sont décrites sur des dizaines de sites différents. Un porteur de projet ou un élu "
            "qui cherche une solution éprouvée a peu de chances de la trouver.\n\n"
            "Au sein du Carrefour des innovations sociales, l'équipe a construit un outil libre qui collecte ces "
            "descriptions sur les sites partenaires, les harmonise et les rend consultables en un seul endroit."
        ),
        administration="cget",
        town="Paris",
        positions=(
            PositionData(
                "dev",
                "Développer la collecte et l'harmonisation des fiches d'initiatives.",
                "Python, collecte web, API",
            ),
            PositionData(
                "design",
                "Concevoir la recherche et la présentation des initiatives.",
                "Design de service, ateliers avec les partenaires",
            ),
        ),
        key_figures=(
            KeyFigureData("17", "sites partenaires moissonnés", "partner websites harvested"),
            KeyFigureData("12 000", "initiatives référencées", "initiatives listed"),
        ),
        achievements=(
            AchievementData(
                "Un moissonneur libre",
                "Un logiciel configurable sans code pour collecter des fiches sur des sites partenaires.",
                "An open-source harvester",
            ),
        ),
        source_code_url="https://github.com/entrepreneur-interet-general/OpenScraper",
    ),
    ChallengeData(
        slug="archifiltre",
        title="ArchiFiltre",
        title_en="ArchiFiltre",
        summary="Aider les archivistes à comprendre et trier les arborescences de fichiers bureautiques.",
        summary_en="Helping archivists understand and sort office file trees.",
        body=(
            "La mémoire des politiques sociales ne se trouve plus seulement dans des cartons : elle dort dans "
            "des répertoires partagés contenant des dizaines de milliers de fichiers.\n\n"
            "Face à ces arborescences, les archivistes manquaient d'outils pour en saisir la structure, repérer "
            "les doublons et décider ce qui doit être conservé.\n\n"
            "L'équipe a conçu avec eux une application qui représente visuellement une arborescence, permet "
            "de l'annoter et de l'exporter dans les formats de l'archivage, sans jamais modifier les fichiers "
            "d'origine."
        ),
        body_en=(
            "The memory of social policies no longer sits only in boxes: it lies in shared drives holding tens "
            "of thousands of files.\n\n"
            "Archivists lacked tools to grasp the structure of these trees, spot duplicates and decide what to keep.\n\n"
            "Together with them, the team designed an application that draws a file tree, lets archivists "
            "annotate it and exports it to archival formats, without ever touching the original files."
        ),
        administration="sgmas",
        town="Paris",
        positions=(
            PositionData(
                "dev", "Développer l'application de visualisation et d'export.", "JavaScript, application de bureau"
            ),
            PositionData(
                "datascience",
                "Analyser les arborescences pour repérer doublons et anomalies.",
                "Analyse de données, algorithmique",
            ),
        ),
        key_figures=(
            KeyFigureData("20", "ateliers avec des archivistes", "workshops with archivists"),
            KeyFigureData("10", "versions publiées", "releases published"),
        ),
        achievements=(
            AchievementData(
                "L'application ArchiFiltre",
                "Une application libre et gratuite, utilisée bien au-delà des ministères sociaux.",
                "The ArchiFiltre application",
                url="https://archifiltre.github.io",
                call_to_action="Télécharger l'application",
            ),
        ),
        website_url="https://archifiltre.github.io",
    ),
    ChallengeData(
        slug="brigade-numerique",
        title="Brigade Numérique",
        title_en="Digital Brigade",
        summary="Permettre à chacun de joindre la gendarmerie en ligne, à toute heure.",
        summary_en="Letting anyone reach the gendarmerie online, at any time.",
        body=(
            "Pour une démarche, une question ou un conseil, il fallait jusqu'ici se rendre à la brigade ou "
            "téléphoner aux heures d'ouverture. Beaucoup de demandes ne relèvent pourtant pas de l'urgence.\n\n"
            "La gendarmerie a voulu ouvrir un accueil numérique disponible jour et nuit, tenu par des "
            "gendarmes, sans multiplier les outils pour les équipes.\n\n"
            "L'équipe a conçu les outils de cet accueil avec la Mission numérique de la gendarmerie : une "
            "interface de conversation, une base de réponses partagée et la publication en données ouvertes "
            "des horaires des brigades."
        ),
        administration="dggn",
        town="Issy-les-Moulineaux",
        positions=(
            PositionData(
                "dev", "Développer l'interface de conversation et la base de réponses.", "Développement web, temps réel"
            ),
            PositionData(
                "design", "Concevoir le parcours des usagers et des gendarmes.", "Design de service, tests utilisateurs"
            ),
        ),
        key_figures=(
            KeyFigureData("1 300", "demandes traitées chaque semaine", "requests answered every week"),
            KeyFigureData(
                "3 000", "brigades dont les horaires sont ouverts", "gendarmerie stations with open opening hours"
            ),
        ),
        achievements=(
            AchievementData(
                "Les horaires des brigades en données ouvertes",
                "Un jeu de données tenu à jour, réutilisable par tous.",
                "Gendarmerie opening hours as open data",
            ),
            AchievementData(
                "Un accueil en ligne ouvert jour et nuit",
                "Des gendarmes répondent aux usagers par conversation écrite.",
                "An online desk open day and night",
            ),
        ),
        source_code_url="https://github.com/entrepreneur-interet-general/brigade-numerique",
        is_featured=True,
    ),
    ChallengeData(
        slug="eig-link",
        title="EIG Link",
        title_en="EIG Link",
        summary="Faire de la promotion une communauté qui s'entraide et partage ses méthodes.",
        summary_en="Turning the cohort into a community that helps each other and shares its methods.",
        body=(
            "Les entrepreneur·es d'intérêt général arrivent dans des administrations très différentes, souvent "
            "seuls de leur profil dans leur service. Leurs difficultés se ressemblent pourtant : accès aux "
            "données, publication du code, conduite du changement.\n\n"
            "Au sein d'Etalab, l'équipe EIG Link relie les équipes entre elles et avec l'écosystème "
            "numérique public : ateliers, documentation partagée, retours d'expérience.\n\n"
            "Elle a notamment constitué une base de connaissances pour les nouveaux arrivants et un guide "
            "pour aider les administrations à ouvrir le code source des défis."
        ),
        administration="etalab",
        town="Paris",
        positions=(
            PositionData(
                "dev",
                "Outiller la communauté et accompagner la publication du code des défis.",
                "Logiciel libre, documentation, animation",
            ),
            PositionData(
                "design",
                "Concevoir les temps collectifs et les ressources partagées.",
                "Facilitation, design de service",
            ),
        ),
        key_figures=(
            KeyFigureData("2", "journées de contribution collective", "collective contribution days"),
            KeyFigureData("1", "guide de l'ouverture des codes sources", "guide to opening source code"),
        ),
        achievements=(
            AchievementData(
                "Un guide pour ouvrir le code des défis",
                "Les étapes, licences et bonnes pratiques pour publier un logiciel public.",
                "A guide to opening challenge code",
            ),
        ),
        source_code_url="https://github.com/entrepreneur-interet-general/eig-link",
    ),
    ChallengeData(
        slug="coacheleves-assistprof",
        title="CoachÉlèves – AssistProf",
        title_en="CoachÉlèves – AssistProf",
        summary="Aider professeurs et élèves grâce aux traces d'apprentissage des ressources numériques.",
        summary_en="Helping teachers and pupils with learning traces from digital resources.",
        body=(
            "Exercices en ligne, manuels numériques, plateformes d'entraînement : les ressources éducatives "
            "produisent des traces d'apprentissage qui pourraient aider chaque élève à progresser.\n\n"
            "Ces données concernent des mineurs et appellent une grande prudence. La question est de savoir "
            "ce qu'on peut en tirer d'utile pour les enseignants et l'orientation, sans surveiller personne.\n\n"
            "L'équipe a travaillé sur des données anonymisées avec des chercheurs et des pédagogues, et a publié "
            "des bibliothèques libres d'analyse des parcours d'apprentissage."
        ),
        administration="dne",
        town="Paris",
        positions=(
            PositionData(
                "datascience",
                "Analyser les traces d'apprentissage avec les chercheurs.",
                "Statistique, apprentissage automatique, éthique des données",
            ),
            PositionData(
                "datascience", "Concevoir des indicateurs utiles aux enseignants.", "Analyse de données, visualisation"
            ),
        ),
        key_figures=(
            KeyFigureData("250 000", "lignes de traces analysées", "rows of learning traces analysed"),
            KeyFigureData("2", "bibliothèques libres publiées", "open-source libraries published"),
        ),
        achievements=(
            AchievementData(
                "Des bibliothèques d'analyse des apprentissages",
                "Publiées en logiciel libre pour la communauté de recherche.",
                "Learning analytics libraries",
            ),
        ),
    ),
    ChallengeData(
        slug="dataesr",
        title="dataESR",
        title_en="dataESR",
        summary="Relier les données de l'enseignement supérieur et de la recherche et les ouvrir à tous.",
        summary_en="Linking higher education and research data and opening it to everyone.",
        body=(
            "Établissements, laboratoires, publications, financements : les données de l'enseignement "
            "supérieur et de la recherche sont nombreuses, mais réparties entre de multiples bases.\n\n"
            "Sans identifiants communs, il est difficile de savoir qui travaille sur quoi, avec quels moyens. "
            "Les décideurs comme les citoyens peinent à en avoir une vue d'ensemble.\n\n"
            "L'équipe a construit un référentiel des structures de recherche, des interfaces de programmation "
            "pour y accéder et des outils qui rattachent automatiquement les publications à leurs laboratoires."
        ),
        administration="mesri-outils-aide-decision",
        town="Paris",
        positions=(
            PositionData(
                "datascience",
                "Rattacher automatiquement publications et laboratoires.",
                "Traitement automatique des langues, appariement",
            ),
            PositionData("dev", "Développer les API du référentiel.", "Développement back-end, API REST"),
            PositionData(
                "dataengineering",
                "Consolider les sources dans un référentiel unique.",
                "Bases de données, qualité des données",
            ),
        ),
        key_figures=(
            KeyFigureData("5", "API publiées", "APIs published"),
            KeyFigureData("12 000", "structures de recherche référencées", "research units listed"),
            KeyFigureData("4 000", "établissements décrits", "institutions described"),
        ),
        achievements=(
            AchievementData(
                "Un référentiel ouvert des structures de recherche",
                "Accessible par API et réutilisé par les outils du ministère.",
                "An open register of research units",
            ),
        ),
    ),
]


# --- The current promotion: invented challenges, recruiting now -----------------------

CURRENT_PROMOTION_NUMBER = 9
CURRENT_PROMOTION_DESCRIPTION = (
    "La promotion en cours de recrutement. Données de démonstration : ses défis sont fictifs, "
    "son calendrier est calculé par rapport à la date du chargement."
)
CURRENT_PROMOTION_DESCRIPTION_EN = (
    "The cohort being recruited. Demo data: its challenges are fictional and its calendar is computed "
    "from the date the demo was loaded."
)

CURRENT_CHALLENGES = [
    ChallengeData(
        slug="vigie-chaleur",
        title="Vigie Chaleur",
        title_en="Heat Watch",
        summary="Anticiper les effets des vagues de chaleur sur la santé pour mieux protéger les personnes fragiles.",
        summary_en="Anticipating the health effects of heatwaves to better protect vulnerable people.",
        body=(
            "Les épisodes de forte chaleur deviennent plus fréquents et plus longs. Ils pèsent lourdement sur "
            "la santé des personnes âgées, des jeunes enfants et des travailleurs exposés.\n\n"
            "Les données existent : prévisions météorologiques, passages aux urgences, appels aux centres de "
            "régulation. Mais elles arrivent par des canaux différents et trop tard pour agir localement.\n\n"
            "L'équipe construira avec la Direction générale de la santé un outil qui croise ces sources, "
            "repère dès les premiers jours les territoires où la situation se dégrade et aide les agences "
            "régionales de santé à déclencher les bonnes mesures."
        ),
        body_en=(
            "Heatwaves are becoming more frequent and longer, and weigh heavily on the health of older people, "
            "young children and exposed workers.\n\n"
            "The data exists (weather forecasts, emergency visits, calls to emergency medical services) but "
            "arrives through different channels, too late for local action.\n\n"
            "With the Directorate-General for Health, the team will build a tool that crosses these sources, "
            "spots the areas where things get worse and helps regional health agencies act in time."
        ),
        administration="dgs",
        town="Paris",
        positions=(
            PositionData(
                "datascience",
                "Construire les indicateurs d'alerte à partir des données sanitaires et météorologiques.",
                "Séries temporelles, épidémiologie appréciée",
            ),
            PositionData(
                "dev",
                "Développer l'outil de suivi destiné aux agences régionales de santé.",
                "Développement web, intégration de données",
            ),
        ),
        is_featured=True,
    ),
    ChallengeData(
        slug="forets-en-veille",
        title="Forêts en veille",
        title_en="Forest Watch",
        summary="Détecter par satellite les forêts qui dépérissent pour agir avant qu'il ne soit trop tard.",
        summary_en="Detecting declining forests from satellite imagery to act in time.",
        body=(
            "Sécheresses répétées, scolytes, maladies : une part croissante des forêts publiques dépérit. Les "
            "forestiers le constatent sur le terrain, souvent quand les arbres sont déjà perdus.\n\n"
            "Les images satellitaires gratuites couvrent tout le territoire tous les cinq jours. Les exploiter "
            "à grande échelle demande des compétences que les équipes n'ont pas aujourd'hui.\n\n"
            "L'équipe développera une chaîne de traitement qui repère les changements de végétation, une "
            "carte des alertes pour les agents de terrain et un protocole pour vérifier les détections."
        ),
        administration="onf",
        town="Maisons-Alfort",
        positions=(
            PositionData(
                "geomatique",
                "Concevoir la chaîne de traitement des images satellitaires.",
                "Télédétection, SIG, Python",
            ),
            PositionData(
                "datascience",
                "Entraîner et valider les modèles de détection du dépérissement.",
                "Vision par ordinateur, apprentissage automatique",
            ),
            PositionData(
                "dev",
                "Développer la carte des alertes utilisée sur le terrain.",
                "Cartographie web, application mobile",
            ),
        ),
        is_featured=True,
    ),
    ChallengeData(
        slug="dossier-autonomie",
        title="Dossier Autonomie",
        title_en="Autonomy File",
        summary="Simplifier les demandes d'aide des personnes handicapées auprès des maisons départementales.",
        summary_en="Simplifying disability support applications to departmental offices.",
        body=(
            "Pour obtenir une aide, une carte ou une orientation, les personnes handicapées et leurs proches "
            "remplissent un dossier long, souvent plusieurs fois au cours de leur vie.\n\n"
            "Les maisons départementales des personnes handicapées reçoivent de nombreux dossiers incomplets, "
            "ce qui allonge des délais déjà lourds pour les familles.\n\n"
            "Avec la CNSA et des maisons départementales volontaires, l'équipe concevra un parcours en ligne "
            "qui ne demande que ce qui est utile, réutilise les informations déjà connues et explique chaque "
            "étape en langage clair."
        ),
        administration="cnsa",
        town="Paris",
        positions=(
            PositionData(
                "design",
                "Conduire la recherche auprès des familles et des agents, concevoir le parcours.",
                "Design de service, accessibilité",
            ),
            PositionData(
                "dev",
                "Développer le formulaire en ligne et sa connexion aux outils des maisons départementales.",
                "Développement full stack, accessibilité numérique",
            ),
        ),
    ),
    ChallengeData(
        slug="greffe-augmentee",
        title="Greffe augmentée",
        title_en="Augmented Court Registry",
        summary="Aider les greffes à orienter plus vite les requêtes qui arrivent dans les tribunaux.",
        summary_en="Helping court registries route incoming claims faster.",
        body=(
            "Chaque jour, les greffes des tribunaux judiciaires reçoivent des requêtes par courrier et en "
            "ligne. Avant tout traitement, il faut les lire, les qualifier et les orienter vers le bon service.\n\n"
            "Ce tri manuel absorbe une part importante du temps des greffiers, au détriment de l'accueil du "
            "justiciable et du suivi des procédures.\n\n"
            "L'équipe explorera avec des juridictions pilotes comment assister ce tri : proposition de "
            "qualification, repérage des pièces manquantes, le tout sous le contrôle du greffier et dans le "
            "respect du cadre juridique applicable aux traitements de données judiciaires."
        ),
        administration="dsj",
        town="Paris",
        positions=(
            PositionData(
                "datascience",
                "Concevoir les modèles de qualification des requêtes.",
                "Traitement automatique des langues",
            ),
            PositionData(
                "droit",
                "Encadrer juridiquement l'outil et sa documentation.",
                "Droit du numérique, protection des données",
            ),
            PositionData(
                "dev", "Intégrer l'outil au poste de travail des greffes.", "Développement web, intégration applicative"
            ),
        ),
    ),
    ChallengeData(
        slug="rivages",
        title="Rivages",
        title_en="Shorelines",
        summary="Donner aux communes littorales une vision partagée du recul du trait de côte.",
        summary_en="Giving coastal towns a shared view of shoreline retreat.",
        body=(
            "Sur une partie du littoral, le trait de côte recule chaque année. Les communes concernées doivent "
            "désormais en tenir compte dans leurs documents d'urbanisme.\n\n"
            "Les relevés existent mais sont hétérogènes : levés topographiques, photographies aériennes "
            "anciennes, études locales. Les élus manquent d'une information lisible pour décider.\n\n"
            "L'équipe construira avec le Cerema une plateforme qui harmonise ces relevés, calcule les "
            "évolutions passées et présente des projections compréhensibles par tous."
        ),
        administration="cerema",
        town="Bron",
        positions=(
            PositionData(
                "geomatique",
                "Harmoniser les relevés et calculer les évolutions du trait de côte.",
                "SIG, analyse spatiale",
            ),
            PositionData(
                "dev",
                "Développer la plateforme de consultation pour les communes.",
                "Cartographie web, développement full stack",
            ),
        ),
        is_featured=True,
    ),
    ChallengeData(
        slug="boussole-apprentissage",
        title="Boussole Apprentissage",
        title_en="Apprenticeship Compass",
        summary="Rapprocher les jeunes et les employeurs qui proposent des contrats d'apprentissage.",
        summary_en="Bringing young people and apprenticeship employers together.",
        body=(
            "Des milliers de jeunes cherchent un employeur pour commencer leur formation en apprentissage, "
            "pendant que des entreprises peinent à pourvoir leurs offres.\n\n"
            "Les offres sont dispersées, les formations mal reliées aux métiers et les jeunes les moins "
            "entourés abandonnent souvent leurs recherches.\n\n"
            "L'équipe travaillera avec la DGEFP à un service qui relie formations, offres et employeurs à "
            "proximité, et aide les conseillers à accompagner les jeunes qui en ont le plus besoin."
        ),
        administration="dgefp",
        town="Paris",
        positions=(
            PositionData(
                "dev", "Développer le service et ses connexions aux sources d'offres.", "Développement full stack, API"
            ),
            PositionData(
                "design",
                "Concevoir le parcours avec les jeunes et les conseillers.",
                "Design de service, recherche utilisateur",
            ),
        ),
    ),
]


# --- People: fictional names, paired deterministically ---------------------------------

# fmt: off
FIRST_NAMES = [
    "Camille", "Lucas", "Inès", "Thomas", "Manon", "Yanis", "Chloé", "Hugo", "Sarah", "Mehdi",
    "Julie", "Antoine", "Amina", "Paul", "Élodie", "Nicolas", "Lou", "Karim", "Pauline", "Maxime",
    "Fatou", "Julien", "Clara", "Rémi", "Aïcha", "Gaspard", "Margaux", "Samuel", "Nadia", "Guillaume",
    "Lina", "Olivier", "Agathe", "Théo", "Mélanie", "Adrien", "Zoé", "Idriss", "Hortense", "Romain",
]
LAST_NAMES = [
    "Marchand", "Lefort", "Benhamou", "Garnier", "Diallo", "Rousseau", "Perrin", "Nguyen", "Caron", "Fabre",
    "Lemaire", "Haddad", "Gauthier", "Roche", "Barbier", "Mercier", "Texier", "Colin", "Vidal", "Bertin",
    "Morel", "Chevalier", "Aubert", "Renaud", "Lopez", "Giraud", "Dumont", "Brun", "Hamon", "Le Goff",
    "Ferrand", "Meunier", "Cordier", "Picard", "Traoré", "Leclerc", "Besson", "Royer", "Charpentier", "Masson",
]
# fmt: on


def fictional_name(index: int) -> str:
    """The index-th fictional name; distinct for the first 1 600 indexes."""
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    # Shift the surname each time first names wrap around, so pairs never repeat.
    last = LAST_NAMES[(index * 3 + (index // len(FIRST_NAMES)) * 7) % len(LAST_NAMES)]
    return f"{first} {last}"


# Every PRIVATE_EVERY-th person has not consented to a public profile.
PRIVATE_EVERY = 7


# --- Content: pages, news, FAQ -----------------------------------------------------------


@dataclass(frozen=True)
class PageData:
    slug: str
    kind: str  # a value of Page.Kind
    title: str
    title_en: str
    summary: str
    summary_en: str
    body: str
    body_en: str


PROGRAMME_PAGE = PageData(
    slug="programme",
    kind="programme",
    title="Le programme Entrepreneurs d'intérêt général",
    title_en="The Public Interest Entrepreneurs programme",
    summary="Dix mois pour relever, en équipe et au cœur de l'administration, un défi numérique d'intérêt général.",
    summary_en="Ten months to take up a digital public-interest challenge, as a team, inside the administration.",
    body="""## Le principe

Chaque année, des administrations proposent des **défis** : des problèmes concrets de service public
qu'elles pensent pouvoir résoudre grâce au numérique et aux données. Un jury retient les plus
prometteurs. Le programme recrute ensuite des spécialistes du numérique (développement, science des
données, design, géomatique, droit du numérique) qui rejoignent l'administration d'accueil pendant
**dix mois**, en équipes de deux ou trois.

## Une promotion, étape par étape

1. **Appel à défis** : les administrations déposent leur dossier.
2. **Jury de sélection des défis** : des personnalités des sphères publique et privée retiennent les défis.
3. **Appel à candidatures** : chacun peut candidater sur un à trois défis.
4. **Auditions** : les candidats présélectionnés rencontrent un jury, dont les mentors des défis.
5. **Annonce des résultats**, puis accueil de la promotion.
6. **Dix mois de programme**, jusqu'à la présentation publique des résultats.

## Un accompagnement tout au long des dix mois

Chaque équipe est suivie au quotidien par un **mentor opérationnel** et chaque mois par un **mentor de
haut niveau** de l'administration d'accueil. L'équipe du programme organise une semaine d'intégration,
des sessions collectives tous les quinze jours, deux séminaires et un bilan hebdomadaire qui permet de
repérer tôt les difficultés.

## Des réalisations ouvertes et durables

Les codes sources sont publiés en logiciel libre et les données produites sont ouvertes dès que la loi
le permet. Dès le début du défi, l'administration prépare la reprise des réalisations par ses agents.

## Quelques chiffres

| promotion | 1 | 2 | 3 | 4 | 5 | 6 |
|---|---|---|---|---|---|---|
| défis retenus | 9 | 13 | 15 | 17 | 16 | 14 |
| entrepreneur·es recrutés | 11 | 28 | 32 | 41 | 39 | 34 |
""",
    body_en="""## How it works

Every year, administrations propose **challenges**: concrete public-service problems they believe
digital tools and data can help solve. A jury selects the most promising ones. The programme then
recruits digital specialists (software development, data science, design, geomatics, digital law) who
join the host administration for **ten months**, in teams of two or three.

## A cohort, step by step

1. **Call for challenges**: administrations submit their proposals.
2. **Challenge jury**: people from the public and private sectors select the challenges.
3. **Call for applications**: anyone may apply to one to three challenges.
4. **Auditions**: shortlisted candidates meet a jury that includes the challenges' mentors.
5. **Results**, then the cohort starts.
6. **Ten months of programme**, until the public presentation of results.

## Support throughout the ten months

Each team is followed daily by an **operational mentor** and monthly by a **senior mentor** of the host
administration. The programme team runs an induction week, collective sessions every fortnight, two
seminars and a weekly check-in that brings difficulties to light early.

## Open and lasting results

Source code is published as free software and data is opened whenever the law allows. From day one,
the administration plans how its own staff will carry the results on.

## Some figures

| cohort | 1 | 2 | 3 | 4 | 5 | 6 |
|---|---|---|---|---|---|---|
| challenges selected | 9 | 13 | 15 | 17 | 16 | 14 |
| entrepreneurs recruited | 11 | 28 | 32 | 41 | 39 | 34 |
""",
)

CANDIDATES_PAGE = PageData(
    slug="participer-candidats",
    kind="candidates",
    title="Devenir entrepreneur·e d'intérêt général",
    title_en="Become a public interest entrepreneur",
    summary="Qui peut candidater, comment se déroule la sélection et ce que contient le dossier.",
    summary_en="Who may apply, how selection works and what the application contains.",
    body="""## Qui peut candidater ?

La candidature est ouverte à toute personne qui souhaite faire avancer un défi de façon innovante et
dans une logique d'intérêt général, à condition :

- de candidater en tant que **personne physique** : une candidature ne peut pas être déposée au nom
  d'une société ou d'une association ;
- de ne pas être **agent en fonction dans l'administration** ;
- de ne pas être **membre du jury** ni **expert sollicité** dans le cadre du programme ;
- de ne pas être **en cours de scolarité** (étudiant de premier ou deuxième cycle, apprenti).

## Les étapes

1. **Découvrez les défis** de la promotion et les profils recherchés par chacun.
2. **Déposez votre dossier** en ligne avant la date de clôture, en classant jusqu'à trois vœux.
   L'horodatage de la plateforme fait foi.
3. **Présélection** : l'équipe du programme et les mentors opérationnels étudient les dossiers ;
   des compléments peuvent vous être demandés.
4. **Audition** devant un jury composé de membres du jury des défis et des mentors opérationnels.
5. **Résultats** : le jury constitue des équipes de deux ou trois personnes aux profils
   complémentaires ; les sélections restent individuelles.
6. **Début du programme** pour dix mois à temps plein au sein de l'administration d'accueil.

## Le dossier de candidature

- votre parcours et vos expériences ;
- votre contribution envisagée au(x) défi(s) choisi(s) et votre motivation ;
- vos contributions d'intérêt général (logiciel libre, engagement associatif…) ;
- vos expériences de création de projet (entreprise, association, projet de recherche) ;
- vos disponibilités et votre mobilité ;
- une estimation des ressources matérielles, humaines et financières nécessaires ;
- jusqu'à **trois vœux classés** (un défi et un profil), et si vous le souhaitez le nom d'une personne
  avec qui vous aimeriez faire équipe ;
- votre **CV au format PDF** (obligatoire) et un portfolio (facultatif).

Tout dossier incomplet est écarté.

## Les critères de sélection

Les critères et les barèmes de la présélection et des auditions sont ceux des grilles de l'appel :
ils figurent plus bas, sous « Critères d'évaluation ».
""",
    body_en="""## Who may apply?

Anyone who wants to move a challenge forward, innovatively and in the public interest, provided that:

- they apply as a **natural person**: no application on behalf of a company or an association;
- they are not a **civil servant in post**;
- they are neither a **jury member** nor an **expert** consulted by the programme;
- they are not **in education** (first- or second-cycle student, apprentice).

## The steps

1. **Discover the challenges** of the cohort and the profiles each one seeks.
2. **Submit your application** online before the closing date, ranking up to three wishes. The
   platform's timestamp is authoritative.
3. **Shortlisting** by the programme team and the operational mentors; you may be asked for more material.
4. **Audition** before a jury of challenge-jury members and operational mentors.
5. **Results**: the jury builds teams of two or three with complementary profiles; selection stays individual.
6. **Programme start**: ten months full time in the host administration.

## The application

- your background and experience;
- how you would contribute to the chosen challenge(s), and why;
- your public-interest contributions (free software, volunteering…);
- your experience of creating projects (company, association, research);
- your availability and mobility;
- an estimate of the material, human and financial resources you would need;
- up to **three ranked wishes** (a challenge and a profile), and optionally a person you would like to team with;
- your **CV as a PDF** (mandatory) and a portfolio (optional).

Incomplete applications are set aside.

## Selection criteria

The criteria and scales of the shortlisting and the auditions are those of the call's grids: they are
listed below, under « Evaluation criteria ».
""",
)

ADMINISTRATIONS_PAGE = PageData(
    slug="participer-administrations",
    kind="administrations",
    title="Proposer un défi",
    title_en="Propose a challenge",
    summary="Accueillir une équipe d'entrepreneur·es d'intérêt général pour résoudre un problème de service public.",
    summary_en="Host a team of public interest entrepreneurs to solve a public-service problem.",
    body="""## Pourquoi proposer un défi ?

Le programme vous permet d'accueillir pendant dix mois deux ou trois spécialistes du numérique
recrutés pour vous, d'expérimenter une nouvelle façon de travailler et de bénéficier de
l'accompagnement de l'équipe du programme et d'une communauté de plusieurs centaines d'anciens.

## Ce que nous attendons d'un défi

- un **problème concret** de service public, dont vous mesurez les enjeux pour les usagers ou les agents ;
- des **données accessibles**, ou un plan crédible pour y accéder ;
- une **équipe d'accueil** engagée : un mentor opérationnel disponible au quotidien, un mentor de
  haut niveau, des interlocuteurs métier et informatiques ;
- une **stratégie de pérennisation** dès le départ.

## Le dossier

Il décrit le problème, la solution envisagée, les bénéfices attendus, les obstacles prévisibles,
les enjeux juridiques et éthiques, les jeux de données et leur accessibilité, les moyens offerts,
l'équipe d'accueil, une mission et un profil pour chaque poste, ainsi que trois attestations
(travail hors site, ouverture des données et des codes sources, accès aux données). Il est accompagné
d'une présentation courte et d'une simulation de rémunération.

## Le calendrier

1. appel à défis ;
2. présélection des dossiers par l'équipe du programme, qui peut vous poser des questions ;
3. présentation de votre défi devant le jury ;
4. publication des défis retenus et de leurs profils recherchés ;
5. recrutement des entrepreneur·es, auquel participe votre mentor opérationnel ;
6. dix mois de programme.

## Vos engagements

- **ouverture** : partage des données, des codes sources et des méthodes produits ;
- **transformation** : autonomie de l'équipe et implication des agents métier et informatiques ;
- **présence dans la durée** : participation aux séances de mentorat et aux temps collectifs ;
- **pérennisation** : reprise des réalisations par des agents publics après le programme.
""",
    body_en="""## Why propose a challenge?

The programme lets you host, for ten months, two or three digital specialists recruited for you, try a
new way of working, and benefit from the programme team's support and an alumni community of several
hundred people.

## What we expect from a challenge

- a **concrete public-service problem**, whose stakes for users or staff you can measure;
- **accessible data**, or a credible plan to access it;
- a committed **host team**: an operational mentor available daily, a senior mentor, business and IT contacts;
- a **plan to sustain** the results from the start.

## The proposal

It describes the problem, the intended solution, expected benefits, foreseeable obstacles, legal and
ethical issues, datasets and their accessibility, resources offered, the host team, a mission and a
profile for each seat, and three attestations (off-site work, open data and open source, data access).
It comes with a short pitch deck and a salary simulation.

## The calendar

1. call for challenges;
2. shortlisting by the programme team, which may ask you questions;
3. presentation of your challenge to the jury;
4. publication of the selected challenges and the profiles they seek;
5. recruitment of the entrepreneurs, with your operational mentor on the jury;
6. ten months of programme.

## Your commitments

- **openness**: share the data, source code and methods produced;
- **transformation**: team autonomy and involvement of business and IT staff;
- **lasting presence**: take part in mentoring sessions and collective events;
- **sustainability**: public servants take the results over after the programme.
""",
)

# The rules page of the current call: {placeholders} are filled with the promotion's
# dates and challenges when the demo is built (see builder.rules_page).
RULES_PAGE_SLUG = f"reglement-appel-candidatures-eig-{CURRENT_PROMOTION_NUMBER}"
RULES_PAGE_TITLE = "Règlement de l'appel à candidatures EIG {number}"
RULES_PAGE_TITLE_EN = "Rules of the EIG {number} call for applications"
RULES_PAGE_SUMMARY = "Les conditions de l'appel à candidatures de la promotion EIG {number}, ouvert jusqu'au {closes}."
RULES_PAGE_SUMMARY_EN = "The terms of the EIG {number} call for applications, open until {closes}."
RULES_PAGE_BODY = """Règlement de démonstration, inspiré des règlements publiés par le programme.

## Article 1 — Objet

Le présent appel à candidatures vise à recruter des spécialistes du numérique qui souhaitent faire
avancer, au sein de l'administration et pendant dix mois, les défis d'intérêt général de la promotion
EIG {number}. Il s'adresse à des personnes extérieures à l'administration.

## Article 2 — Défis

Les défis suivants ont été retenus par le jury de sélection des défis :

{challenges}

Le jury se réserve le droit de retirer un défi si le nombre de candidatures est insuffisant.

## Article 3 — Conditions d'éligibilité

La candidature est faite par une personne physique ; elle ne peut pas l'être au nom d'une personne
morale. Ne peuvent concourir ni les agents en fonction dans l'administration, ni les membres du jury
et les experts sollicités dans le cadre du programme, ni les personnes en cours de scolarité,
y compris dans un cycle universitaire (étudiant, apprenti).

## Article 4 — Dossier de candidature

Le dossier est déposé sur la présente plateforme entre le {opens} et le {closes}. Il précise, dans
la limite de trois vœux classés, les défis et profils visés. Le CV au format PDF est obligatoire.
Tout dossier incomplet ou déposé par un autre canal est écarté. L'horodatage de la plateforme fait foi.

## Article 5 — Sélection

Les dossiers sont présélectionnés par l'équipe du programme avec les mentors opérationnels. Les
candidats présélectionnés sont auditionnés du {auditions_start} au {auditions_end}. Chaque étape est
notée avec la grille de l'appel, dont les critères et le barème sont publiés avec le présent règlement
(« Critères d'évaluation »). Les résultats sont notifiés au plus tard le {notification}.

## Article 6 — Démarrage

Les lauréats rejoignent leur administration d'accueil à partir du {programme_start}, pour dix mois à
temps plein, sur un contrat d'agent contractuel.

## Article 7 — Engagements des lauréats

Les lauréats s'intègrent dans l'administration et respectent les valeurs du service public ; ils
publient le fruit de leurs travaux en logiciel libre ; ils participent aux temps collectifs de la
promotion et partagent leur expérience.

## Article 8 — Données personnelles

Les données des candidats sont traitées pour la seule gestion de l'appel, dans les conditions
décrites sur la page « Données personnelles ».
"""
RULES_PAGE_BODY_EN = """Demo rules, modelled on the rules the programme published.

## Article 1 — Purpose

This call recruits digital specialists who wish to move forward, inside the administration and for
ten months, the public-interest challenges of the EIG {number} cohort. It is open to people outside
the administration.

## Article 2 — Challenges

The challenge jury selected the following challenges:

{challenges}

The jury may withdraw a challenge that receives too few applications.

## Article 3 — Eligibility

Applications are made by a natural person, never on behalf of a legal entity. Civil servants in post,
jury members and experts consulted by the programme, and people in education (students, apprentices)
may not apply.

## Article 4 — Application

Applications are submitted on this platform between {opens} and {closes}, with up to three ranked
wishes. A CV as a PDF is mandatory. Incomplete applications, or applications sent by any other
channel, are set aside. The platform's timestamp is authoritative.

## Article 5 — Selection

The programme team shortlists applications with the operational mentors. Shortlisted candidates are
auditioned from {auditions_start} to {auditions_end}. Each stage is scored with the call's grid, whose
criteria and scale are published with these rules (« Evaluation criteria »). Results are notified by
{notification}.

## Article 6 — Start

Laureates join their host administration from {programme_start}, full time for ten months, on a
fixed-term public contract.

## Article 7 — Laureates' commitments

Laureates respect the values of public service, publish their work as free software and take part in
the cohort's collective events.

## Article 8 — Personal data

Candidates' data is processed only to run the call, as described on the "Personal data" page.
"""


@dataclass(frozen=True)
class NewsData:
    slug: str
    title: str
    title_en: str
    description: str
    description_en: str
    body: str
    body_en: str
    tags: tuple[str, ...]
    # A fixed date, or None for a date relative to the current promotion's calendar.
    published_on: str | None = None
    relative_to: str = ""  # "application_call" or "challenge_jury" when published_on is None


TAGS = {
    "appel-a-candidatures": "appel à candidatures",
    "defis": "défis",
    "promotion-2": "promotion 2",
    "eig-9": "EIG 9",
    "bilan": "bilan",
    "communaute": "communauté",
}

NEWS = [
    NewsData(
        slug="promotion-2-appel-a-candidatures-ouvert",
        title="Promotion 2 : l'appel à candidatures est ouvert",
        title_en="Cohort 2: the call for applications is open",
        description="Treize défis attendent leurs entrepreneur·es d'intérêt général ; candidatures jusqu'au 27 octobre à 17 h.",
        description_en="Thirteen challenges are waiting for their entrepreneurs; apply by 27 October, 5 pm.",
        body=(
            "Les treize défis de la deuxième promotion sont en ligne. Développeuses, data scientists, "
            "designers : choisissez jusqu'à trois défis et déposez votre dossier avant le **27 octobre "
            "2017 à 17 heures**.\n\nLes auditions auront lieu les 14 et 15 novembre."
        ),
        body_en=(
            "The thirteen challenges of the second cohort are online. Developers, data scientists, designers: "
            "pick up to three challenges and apply before **27 October 2017, 5 pm**.\n\nAuditions take place "
            "on 14 and 15 November."
        ),
        tags=("appel-a-candidatures", "promotion-2"),
        published_on="2017-09-27",
    ),
    NewsData(
        slug="bienvenue-promotion-2",
        title="Bienvenue à la promotion 2",
        title_en="Welcome to cohort 2",
        description="Vingt-huit entrepreneur·es d'intérêt général rejoignent treize administrations.",
        description_en="Twenty-eight public interest entrepreneurs join thirteen administrations.",
        body=(
            "La semaine d'intégration commence : les équipes découvrent leurs administrations d'accueil, "
            "leurs mentors et les autres défis de la promotion.\n\nRendez-vous dans dix mois pour les "
            "premiers résultats."
        ),
        body_en=(
            "Induction week begins: teams meet their host administrations, their mentors and the other "
            "challenges of the cohort.\n\nSee you in ten months for the first results."
        ),
        tags=("promotion-2", "communaute"),
        published_on="2018-01-15",
    ),
    NewsData(
        slug="promotion-2-dix-mois-apres",
        title="Promotion 2 : dix mois après",
        title_en="Cohort 2: ten months on",
        description="Collections ouvertes, outils de prévision, données publiées : le bilan des treize défis.",
        description_en="Open collections, forecasting tools, published data: the results of thirteen challenges.",
        body=(
            "Les équipes de la deuxième promotion ont présenté leurs réalisations. Plusieurs outils sont "
            "déjà repris par les agents de leur administration, et tous les codes sources sont publiés.\n\n"
            "Retrouvez les chiffres clés et les réalisations sur la page de chaque défi."
        ),
        body_en=(
            "The second cohort's teams presented their results. Several tools are already run by their "
            "administration's staff, and all source code is published.\n\nKey figures and achievements "
            "are on each challenge's page."
        ),
        tags=("promotion-2", "bilan"),
        published_on="2018-10-31",
    ),
    NewsData(
        slug="eig-9-les-defis-retenus",
        title="EIG 9 : les défis retenus",
        title_en="EIG 9: the selected challenges",
        description="Le jury a retenu six défis pour la nouvelle promotion.",
        description_en="The jury selected six challenges for the new cohort.",
        body=(
            "Après deux journées d'auditions, le jury de sélection des défis a retenu six défis, de la "
            "prévention des effets de la chaleur au suivi du trait de côte.\n\nLes profils recherchés "
            "seront publiés à l'ouverture de l'appel à candidatures."
        ),
        body_en=(
            "After two days of presentations, the challenge jury selected six challenges, from heat-related "
            "health risks to shoreline monitoring.\n\nThe profiles sought will be published when the call "
            "for applications opens."
        ),
        tags=("eig-9", "defis"),
        relative_to="challenge_jury",
    ),
    NewsData(
        slug="eig-9-appel-a-candidatures-ouvert",
        title="EIG 9 : l'appel à candidatures est ouvert",
        title_en="EIG 9: the call for applications is open",
        description="Six défis, quatorze postes : candidatez jusqu'à la date de clôture, 23 heures (heure de Paris).",
        description_en="Six challenges, fourteen seats: apply before the closing date, 11 pm Paris time.",
        body=(
            "L'appel à candidatures de la promotion EIG 9 est ouvert. Choisissez jusqu'à trois vœux parmi "
            "les postes des six défis et déposez votre dossier en ligne.\n\nLes conditions sont détaillées "
            "dans le règlement de l'appel."
        ),
        body_en=(
            "The EIG 9 call for applications is open. Choose up to three wishes among the seats of the six "
            "challenges and apply online.\n\nThe terms are set out in the rules of the call."
        ),
        tags=("eig-9", "appel-a-candidatures"),
        relative_to="application_call",
    ),
]


@dataclass(frozen=True)
class FAQData:
    audience: str  # a value of FAQEntry.Audience
    section: str
    question: str
    question_en: str
    answer: str
    answer_en: str


FAQ = [
    FAQData(
        "candidates",
        "eligibilite",
        "Je suis fonctionnaire : puis-je candidater ?",
        "I am a civil servant: may I apply?",
        "Non, les agents en fonction dans l'administration ne peuvent pas concourir. Le programme "
        "s'adresse à des personnes extérieures à l'administration.",
        "No: civil servants in post may not apply. The programme is meant for people from outside the administration.",
    ),
    FAQData(
        "candidates",
        "eligibilite",
        "Je termine mes études : puis-je candidater ?",
        "I am finishing my studies: may I apply?",
        "Les personnes en cours de scolarité, y compris les étudiants et apprentis, ne peuvent pas "
        "concourir. Vous pouvez candidater si vos études sont terminées à la date de dépôt.",
        "People in education, including students and apprentices, may not apply. You may apply once your studies are over.",
    ),
    FAQData(
        "candidates",
        "candidature",
        "À combien de défis puis-je candidater ?",
        "How many challenges may I apply to?",
        "Vous pouvez formuler jusqu'à **trois vœux classés**, chacun associant un défi et un profil. "
        "Si vous êtes retenu·e, vous travaillerez sur un seul défi.",
        "Up to **three ranked wishes**, each a challenge and a profile. If selected, you work on one challenge only.",
    ),
    FAQData(
        "candidates",
        "candidature",
        "Peut-on candidater à deux ?",
        "May we apply as a pair?",
        "Chaque candidature est individuelle, mais vous pouvez indiquer le nom d'une personne avec qui "
        "vous aimeriez faire équipe. Le jury en tient compte pour constituer les équipes.",
        "Each application is individual, but you may name a person you would like to team with; the jury takes it into account.",
    ),
    FAQData(
        "candidates",
        "candidature",
        "Jusqu'à quand puis-je déposer mon dossier ?",
        "Until when may I submit?",
        "Jusqu'à l'heure de clôture indiquée sur la page de l'appel (heure de Paris). L'horodatage de "
        "la plateforme fait foi : n'attendez pas la dernière minute.",
        "Until the closing time shown on the call page (Paris time). The platform's timestamp is authoritative.",
    ),
    FAQData(
        "candidates",
        "programme",
        "Faut-il habiter près de l'administration d'accueil ?",
        "Must I live near the host administration?",
        "Le programme est à temps plein dans l'administration d'accueil pendant dix mois. Le lieu de "
        "chaque défi est indiqué sur sa page.",
        "The programme is full time in the host administration for ten months. Each challenge's page gives its location.",
    ),
    FAQData(
        "administrations",
        "depot",
        "Qui peut proposer un défi ?",
        "Who may propose a challenge?",
        "Les administrations centrales, services déconcentrés, opérateurs et autres organismes publics "
        "éligibles selon le cahier des charges de l'appel à défis.",
        "Central administrations, local State services, public operators and other public bodies eligible under the call's terms.",
    ),
    FAQData(
        "administrations",
        "depot",
        "Combien d'entrepreneur·es accueillir ?",
        "How many entrepreneurs may we host?",
        "Deux ou trois par défi, aux profils complémentaires. Le dossier décrit une mission et un profil pour chaque poste.",
        "Two or three per challenge, with complementary profiles. The proposal describes a mission and a profile for each seat.",
    ),
    FAQData(
        "administrations",
        "engagements",
        "Quel rôle pour les mentors ?",
        "What do mentors do?",
        "Le mentor opérationnel accompagne l'équipe au quotidien et siège au jury de recrutement de son "
        "défi ; le mentor de haut niveau fait un point mensuel et lève les obstacles.",
        "The operational mentor supports the team daily and sits on its recruitment jury; the senior mentor meets the team monthly and clears obstacles.",
    ),
    FAQData(
        "administrations",
        "engagements",
        "Devons-nous publier le code source ?",
        "Must we publish the source code?",
        "Oui : les codes sources produits sont publiés en logiciel libre et les données ouvertes dès que "
        "la loi le permet. Le dossier comporte une attestation à ce sujet.",
        "Yes: source code is published as free software and data opened whenever the law allows; the proposal includes an attestation.",
    ),
]


# How people are introduced in their fictional profile.
BIO_FELLOW = "{profile}, entrepreneur·e d'intérêt général de la promotion {promotion}, défi {challenge}."
BIO_OPERATIONAL_MENTOR = "Mentor opérationnel·le du défi {challenge} ({administration})."
BIO_HIGH_LEVEL_MENTOR = "Mentor de haut niveau du défi {challenge} ({administration})."
BIO_NOTICE = "Personne fictive : profil de démonstration."
