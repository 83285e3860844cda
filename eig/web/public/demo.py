"""The demo accounts shown on the home page when DEMO=1 (never in production)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from eig.accounts.models import Role
from eig.demo.accounts import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_USERS, demo_email
from eig.demo.data import CURRENT_PROMOTION_NUMBER
from eig.demo.reviews import DEMO_TOTP_SECRET

__all__ = ["DEMO_EMAIL_DOMAIN", "DEMO_PASSWORD", "DEMO_TOTP_SECRET", "demo_accounts"]

# Accounts are listed in the order of the roles (candidate first), unknown roles last.
_ROLE_ORDER = {role.value: i for i, role in enumerate(Role)}

# What each account finds to do in the demo world (eig/demo: the open call of the current
# promotion, its evaluation and jury; the previous promotion's proposal of teams; the running
# promotion's ten months, eig/demo/programme.py; the finished promotion and its alumni,
# eig/demo/finished.py).
_TASKS = {
    Role.CANDIDATE: _(
        "Reprendre son brouillon de dossier de l'appel ouvert (EIG %(current)s). Dans la promotion EIG "
        "%(previous)s, une fois la proposition d'équipes approuvée et les propositions envoyées : répondre à sa "
        "proposition de poste et lire l'explication de sa situation."
    ),
    Role.ADMINISTRATION_AGENT: _(
        "Répondre à la question de l'équipe du programme sur la proposition de défi de son administration. "
        "Dans « Mon programme », terminer la liste d'accueil de l'équipe « Eau claire » (EIG %(running)s) que "
        "son administration accueille, et répondre à son questionnaire à mi-parcours."
    ),
    Role.REVIEWER: _(
        "Terminer l'évaluation en cours et demander le dossier suivant (double authentification). Ancienne de la "
        "promotion EIG %(finished)s : consulter l'annuaire des anciens, mettre à jour son profil et répondre à "
        "l'invitation à siéger dans le jury."
    ),
    Role.JURY_MEMBER: _(
        "Préparer les auditions de son jury : dossiers, notes et grille collective (double authentification)."
    ),
    Role.MENTOR: _(
        "Mentor de l'équipe « Eau claire » (EIG %(running)s) : lire le bilan qui demande de l'aide, écrire une "
        "note de mentorat, signaler une difficulté à l'équipe du programme, répondre au questionnaire à "
        "mi-parcours."
    ),
    Role.FELLOW: _(
        "Membre de l'équipe « Eau claire » (EIG %(running)s) : écrire le bilan de la semaine, s'inscrire à la "
        "prochaine session collective, suivre les objectifs de l'équipe et son agenda, répondre au questionnaire à "
        "mi-parcours, corriger la réalisation que l'équipe du programme a renvoyée."
    ),
    Role.STAFF: _(
        "Suivre les appels, les évaluations et les jurys ; pour la promotion EIG %(previous)s, comparer les "
        "propositions d'équipes, puis, après l'approbation, envoyer les propositions de poste et gérer la liste "
        "d'attente ; pour la promotion EIG %(running)s, en programme, suivre les signaux, les arrivées et les "
        "présences, relire les réalisations déclarées par les équipes ; pour la promotion EIG %(finished)s, close : "
        "sa page des résultats, ses anciens à inviter, le récit proposé par une ancienne à relire ; administrer le "
        "site (double authentification)."
    ),
    Role.APPROVER: _(
        "Approuver, ou renvoyer avec un commentaire, la proposition d'équipes de la promotion EIG %(previous)s "
        "que l'équipe du programme a soumise (son empreinte SHA-256 à l'appui ; double authentification)."
    ),
}


def _sort_key(user):
    ranks = [_ROLE_ORDER.get(r, len(_ROLE_ORDER)) for r in user.roles or []]
    return (min(ranks, default=len(_ROLE_ORDER)), user.email)


def _role_label(user):
    """The French (or current language) labels of the user's roles, e.g. « Membre du jury »."""
    labels = [str(Role(r).label) for r in user.roles or [] if r in _ROLE_ORDER]
    return ", ".join(labels) or str(user)


def _tasks(user) -> str:
    numbers = {
        "current": CURRENT_PROMOTION_NUMBER,
        "previous": CURRENT_PROMOTION_NUMBER - 1,
        "running": CURRENT_PROMOTION_NUMBER - 2,
        "finished": CURRENT_PROMOTION_NUMBER - 3,
    }
    return " ".join(str(_TASKS[r]) % numbers for r in user.roles or [] if r in _TASKS)


def demo_accounts():
    # The demo's fictional people share the domain but cannot sign in: only the role accounts.
    emails = [demo_email(role) for role, _first, _last in DEMO_USERS]
    users = sorted(get_user_model().objects.filter(email__in=emails), key=_sort_key)
    return [
        {
            "email": u.email,
            "name": str(u),
            "roles": u.roles,
            "role_label": _role_label(u),
            "tasks": _tasks(u),
            "password": DEMO_PASSWORD,
        }
        for u in users
    ]
