"""The current promotion's call for challenges, with proposals at several stages.

So that the administration agent has something to do (a question from the
programme to answer) and staff have proposals to decide on. Everything goes
through the services at moments inside the call's window. Idempotent: an
administration that already has proposals in the call is left as it is.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from eig.calls.models import Call, Question
from eig.calls.services import attach_file, save_step
from eig.challenges.models import Administration
from eig.proposals.defaults import install_challenge_form
from eig.proposals.models import Proposal
from eig.proposals.services import (
    ask_question,
    confirm_agent,
    decide,
    join_administration,
    start_proposal,
    submit_proposal,
)

from .dossiers import cv_pdf

# (project name, summary, profiles, how far it went)
PROPOSALS = [
    (
        "Dites-le-nous une fois",
        "Ne plus demander aux usagers les pièces que l'administration détient déjà.",
        ["dev", "datascience"],
        "question",
    ),
    (
        "Carte des îlots de chaleur",
        "Repérer les quartiers les plus exposés aux canicules pour y planter en priorité.",
        ["geomatique", "datascience", "design"],
        "submitted",
    ),
    (
        "Tableau de bord des délais",
        "Suivre en temps réel les délais de traitement des demandes des usagers.",
        ["dev", "design"],
        "not_preselected",
    ),
]


def _answers(name, summary, profiles, administration):
    long = f"Pour le projet « {name} » : "
    return {
        "projet": {
            "nom_projet": name,
            "resume": summary,
            "porteur_operationnel": administration.name,
            "porteur_administratif": administration.name,
            "adresse": f"{administration.name}, {administration.town or 'Paris'}",
        },
        "description": {
            "contexte": long + "les usagers attendent trop longtemps une réponse, faute de données partagées.",
            "solution": long + "un service numérique construit avec les agents et les usagers, cas d'usage à l'appui.",
            "benefices": long + "des démarches plus rapides et une administration qui décide sur des faits.",
            "existant": long + "les outils du marché ne lisent pas nos données.",
            "obstacles": long + "l'accès aux données, levé par une convention signée avant l'arrivée des EIG.",
            "juridique": long + "une analyse d'impact sur la protection des données est prévue.",
            "avancement": long + "une preuve de concept existe.",
            "ouverture": long + "le code sera publié sous licence libre, les données ouvertes.",
            "acteurs": long + "les agents des services déconcentrés, rencontrés sur le terrain.",
            "pourquoi": long + "pour faire entrer des talents du numérique dans l'équipe.",
            "besoins": long + "des compétences en données et en design.",
            "transformation": long + "une acculturation des équipes au travail en mode produit.",
        },
        "equipe": {
            "nombre_eig": str(len(profiles)),
            **{f"profil_{n}": code for n, code in enumerate(profiles, start=1)},
            **{f"mission_{n}": f"Mission n° {n} du projet « {name} »." for n in range(1, len(profiles) + 1)},
            "ressources": "Des postes de travail, un accès aux serveurs de l'administration.",
            "donnees": "Les données de gestion des demandes.",
            "donnees_accessibles": "oui",
            "equipe_projet": [
                {
                    "nom": "Karim Benali",
                    "fonction": "Chef de projet",
                    "statut": "Titulaire",
                    "implication": "50",
                    "apport": "Pilotage",
                },
                {
                    "nom": "Inès Moreau",
                    "fonction": "Architecte",
                    "statut": "Contractuelle",
                    "implication": "20",
                    "apport": "Infrastructure",
                },
            ],
        },
        "financement": {"cofinancement": "oui", "cout_junior": "70000", "programme_budgetaire": "129"},
        "contacts": {
            **{
                f"{prefix}_{field}": value
                for prefix, who in [
                    ("mentor1", "Karim Benali"),
                    ("mentor_haut_niveau", "Hélène Roux"),
                    ("rh", "Paul Girard"),
                    ("gestion", "Lina Faure"),
                ]
                for field, value in [
                    ("nom", who),
                    ("fonction", "Fonction de démonstration"),
                    ("courriel", f"{slugify(who)}@demo.eig.example"),
                    ("telephone", "01 00 00 00 00"),
                ]
            }
        },
        "pieces": {"hors_les_murs": True, "open_source": True, "donnees_fournies": True},
    }


class ChallengeCallBuilder:
    def __init__(self, *, promotion, opens_at, closes_at, now):
        self.promotion, self.opens_at, self.closes_at, self.now = promotion, opens_at, closes_at, now

    def build(self, agent, staff, administration: Administration) -> Call:
        label = self.promotion.label
        call, _ = Call.objects.update_or_create(
            slug=f"appel-defis-{slugify(label)}",
            defaults={
                "promotion": self.promotion,
                "kind": Call.Kind.CHALLENGES,
                "title": f"Appel à défis {label}",
                "opens_at": self.opens_at,
                "closes_at": self.closes_at,
                "dossier_prefix": f"DEFI-{label.replace(' ', '')}",
            },
        )
        install_challenge_form(call)
        agency = join_administration(agent, administration, function="Chef de projet")
        if not agency.confirmed:
            # Joining never confirms by itself: the demo's programme team confirms its agent.
            confirm_agent(agency, by=staff)
        if Proposal.objects.filter(dossier__call=call, administration=administration).exists():
            return call
        steps = {s.slug: s for s in call.steps.all()}
        files = {q.key: q for q in Question.objects.filter(step__call=call, kind=Question.Kind.FILE)}
        for index, (name, summary, profiles, stage) in enumerate(PROPOSALS):
            moment = min(
                self.opens_at + datetime.timedelta(days=3 + index, hours=10),
                self.closes_at - datetime.timedelta(hours=1),
            )
            proposal = start_proposal(call, by=agent, administration=administration, now=moment)
            for slug, answers in _answers(name, summary, profiles, administration).items():
                save_step(proposal.dossier, steps[slug], answers, by=agent, now=moment)
            for key, question in files.items():
                pdf = cv_pdf([name, question.label, administration.name])
                attach_file(proposal.dossier, question, SimpleUploadedFile(f"{key}.pdf", pdf), by=agent, now=moment)
            submit_proposal(proposal, by=agent, now=moment)
            if stage == "question":
                decide(proposal, "preselected", by=staff)
                ask_question(proposal, "Quelles données pourrez-vous fournir aux EIG dès leur arrivée ?", by=staff)
            elif stage == "not_preselected":
                decide(proposal, "not_preselected", by=staff, comment="Le projet n'est pas encore assez mûr.")
        return call
