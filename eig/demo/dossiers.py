"""The current promotion's call for applications, with dossiers at every stage.

So that each role has something to do in the demo: the demo candidate finds a
draft to continue, staff find submitted dossiers (with their CVs), drafts and
a withdrawn dossier to look at. Everything goes through the services, as a
person would, at moments inside the call's window.

Idempotent: a candidate who already has a dossier for the call is left as it
is (the demo candidate may have continued theirs), so a second run writes no
new dossier, answer, file, version, email or log entry.
"""

import datetime
import zlib

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from eig.accounts.models import Role
from eig.applications.queries import offered_positions
from eig.applications.services import set_wishes
from eig.calls.defaults import install_application_form
from eig.calls.models import Call, Dossier, Question
from eig.calls.services import attach_file, save_step, start_dossier, submit_dossier, withdraw_dossier
from eig.content.models import Page

from . import data
from .accounts import DEMO_EMAIL_DOMAIN

PRIVACY_NOTICE = """\
## Traitement de vos données personnelles

**Responsable du traitement** : la direction interministérielle du numérique (DINUM), \
qui porte le programme Entrepreneurs d'intérêt général.

**Finalité** : examiner les candidatures et sélectionner les personnes de la promotion \
{promotion} (instruction des dossiers, évaluation, auditions, constitution des équipes). \
Vos données ne servent à aucune autre fin et ne sont jamais cédées.

**Base légale** : l'exécution d'une mission d'intérêt public (article 6.1.e du RGPD).

**Données traitées** : les réponses de votre dossier, vos pièces jointes (CV, portfolio) \
et les vœux que vous formulez.

**Destinataires** : l'équipe du programme, les évaluatrices et évaluateurs, les membres \
du jury et, pour les défis que vous choisissez, les administrations qui les portent.

**Durée de conservation** : deux ans après la clôture de l'appel, puis suppression ou \
anonymisation.

**Vos droits** : vous pouvez accéder à vos données, les faire rectifier ou effacer, \
limiter leur traitement ou vous y opposer. Écrivez à donnees-personnelles@demo.eig.example \
(adresse fictive de la démonstration). Si vous estimez, après nous avoir contactés, que \
vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (www.cnil.fr).
"""

# Profession (an answer of the form) -> the Profile code of the positions it fits.
PROFILE_OF = {
    "data_scientist": "datascience",
    "developer": "dev",
    "designer": "design",
    "data_engineer": "dataengineering",
    "geomatics": "geomatique",
    "digital_law": "droit",
}

# Fictional candidates: (first name, last name, civility, town, profession, years of experience).
CANDIDATES = [
    ("Inès", "Moreau", "madame", "Lyon", "data_scientist", 6),
    ("Thomas", "Nguyen", "monsieur", "Paris", "developer", 9),
    ("Amina", "Diallo", "madame", "Marseille", "designer", 5),
    ("Julien", "Lefèvre", "monsieur", "Nantes", "data_engineer", 8),
    ("Chloé", "Garnier", "madame", "Toulouse", "geomatics", 4),
    ("Yanis", "Haddad", "monsieur", "Lille", "developer", 12),
    ("Margaux", "Perrin", "madame", "Bordeaux", "digital_law", 7),
    ("Samuel", "Roux", "non_precise", "Rennes", "data_scientist", 3),
    ("Nadia", "Benkirane", "madame", "Strasbourg", "data_engineer", 10),
    ("Lucas", "Girard", "monsieur", "Grenoble", "developer", 5),
    ("Aurélie", "Chevalier", "madame", "Montpellier", "designer", 11),
    ("Hugo", "Lambert", "monsieur", "Dijon", "data_scientist", 7),
    ("Fatou", "Sow", "madame", "Paris", "developer", 4),
    ("Antoine", "Mercier", "monsieur", "Clermont-Ferrand", "geomatics", 9),
    ("Clara", "Dubois", "madame", "Nancy", "data_scientist", 6),  # submitted, then withdrawn
    ("Mehdi", "Bouaziz", "monsieur", "Lyon", "data_engineer", 5),
    ("Élodie", "Marchand", "madame", "Brest", "designer", 3),
    ("Pierre", "Rousseau", "monsieur", "Paris", "developer", 15),
    ("Zoé", "Lemaire", "madame", "Tours", "data_scientist", 2),
    ("Karima", "Mansouri", "madame", "Marseille", "digital_law", 8),
    ("Baptiste", "Fabre", "monsieur", "Toulouse", "developer", 6),
    ("Laura", "Renaud", "madame", "Nice", "data_scientist", 4),
    ("Omar", "Traoré", "monsieur", "Rouen", "data_engineer", 7),
    ("Juliette", "Collin", "madame", "Poitiers", "designer", 9),
    ("Victor", "Aubert", "monsieur", "Besançon", "geomatics", 5),
]
# The first 15 submit, and the 15th then withdraws: 14 submitted dossiers, 1 withdrawn.
WITHDRAWN = 14
# The drafts that follow stop at different steps: 1 = identity only … 4 = all but the declarations.
DRAFT_STAGES = [1, 2, 3, 4]

# The region of residence (eig.calls.defaults.REGIONS) of the demo's towns, read by the funnel's
# breakdown by region (eig.reporting); the question is optional and one candidate in seven leaves
# it empty (`_answers`).
REGION_OF_TOWN = {
    "Besançon": "bourgogne_franche_comte",
    "Bordeaux": "nouvelle_aquitaine",
    "Brest": "bretagne",
    "Clermont-Ferrand": "auvergne_rhone_alpes",
    "Dijon": "bourgogne_franche_comte",
    "Grenoble": "auvergne_rhone_alpes",
    "Lille": "hauts_de_france",
    "Lyon": "auvergne_rhone_alpes",
    "Marseille": "provence_alpes_cote_d_azur",
    "Montpellier": "occitanie",
    "Nancy": "grand_est",
    "Nantes": "pays_de_la_loire",
    "Nice": "provence_alpes_cote_d_azur",
    "Paris": "ile_de_france",
    "Poitiers": "nouvelle_aquitaine",
    "Rennes": "bretagne",
    "Rouen": "normandie",
    "Strasbourg": "grand_est",
    "Toulouse": "occitanie",
    "Tours": "centre_val_de_loire",
}

PROFESSION_LABELS = {
    "data_scientist": "data scientist",
    "developer": "développeur ou développeuse",
    "designer": "designer",
    "data_engineer": "data engineer",
    "geomatics": "géomaticien ou géomaticienne",
    "digital_law": "juriste du numérique",
}

DECLARATIONS = {
    "personne_physique": True,
    "pas_agent_public": True,
    "pas_jury": True,
    "pas_etudiant": True,
    "donnees_personnelles": True,
}


def candidate_email(first_name: str, last_name: str) -> str:
    return f"{slugify(first_name)}.{slugify(last_name)}@{DEMO_EMAIL_DOMAIN}"


def _pdf_text(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def cv_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with these lines of text: small, valid, made without a renderer."""
    content = b"BT /F1 12 Tf 16 TL 60 780 Td " + b" ".join(b"(" + _pdf_text(line) + b") ' " for line in lines) + b"ET"
    stream = zlib.compress(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _answers(first, last, civility, town, profession, years, index, challenge_title):
    label = PROFESSION_LABELS[profession]
    identity = {
        "civilite": civility,
        "prenom": first,
        "nom": last,
        # 01 99 00 xx xx: numbers set aside for fiction.
        "telephone": f"01 99 00 {index // 100 % 100:02d} {index % 100:02d}",
        "ville": town,
    }
    if town in REGION_OF_TOWN and index % 7 != 3:  # optional: one in seven leaves it empty
        identity["region"] = REGION_OF_TOWN[town]
    return {
        "identite": identity,
        "parcours": {
            "profession": profession,
            "experience_annees": years,
            "parcours": (
                f"{years} ans d'expérience comme {label}, d'abord dans une entreprise de services numériques, "
                f"puis dans une collectivité près de {town}.\nJ'ai conduit des projets avec leurs usagers, "
                "de la première enquête à la mise en service."
            ),
            "interet_general": "Contributions à des logiciels libres de données ouvertes et bénévolat associatif."
            if index % 3 == 0
            else "",
            "forge": f"https://forge.demo.eig.example/{slugify(first)}-{slugify(last)}" if index % 2 == 0 else "",
            "projet": "J'ai lancé et conduit un service numérique utilisé chaque jour par plusieurs milliers "
            "de personnes, avec une petite équipe pluridisciplinaire.",
        },
        "motivation": {
            "motivation": "Mettre mes compétences au service de l'intérêt général, au plus près "
            "d'une administration et de ses agents, pendant dix mois.",
            "contribution": f"Sur « {challenge_title} », je commencerais par rencontrer les agents et les usagers, "
            "puis je livrerais vite un premier outil, amélioré chaque semaine.",
            "ressources": "Un poste de travail et l'accès aux données du défi." if index % 2 else "",
            "binome": "",
        },
        "disponibilite": {"disponible": True, "mobilite": index % 4 != 1},
    }


def _wished_positions(offered, profession, index, count):
    """Positions fitting the profession first, then others, rotating with the index."""
    if not offered:
        return []
    fitting = [p for p in offered if p.profile.code == PROFILE_OF.get(profession)]
    others = [p for p in offered if p not in fitting]
    shift = index % len(offered)
    ordered = fitting[shift % len(fitting) :] + fitting[: shift % len(fitting)] if fitting else []
    ordered += others[shift % len(others) :] + others[: shift % len(others)] if others else []
    return ordered[:count]


class ApplicationCallBuilder:
    def __init__(self, *, promotion, opens_at, closes_at, now):
        self.promotion = promotion
        self.opens_at = opens_at
        self.closes_at = closes_at
        self.now = now

    def build(self, demo_candidate) -> Call:
        call = self.build_call()
        self.offered = list(offered_positions(call))
        self.steps = {s.slug: s for s in call.steps.all()}
        self.cv_question = Question.objects.get(step__call=call, key="cv")
        self.build_demo_candidate_draft(call, demo_candidate)
        for index, candidate in enumerate(CANDIDATES):
            self.build_candidate(call, index, *candidate)
        return call

    def build_call(self) -> Call:
        label = self.promotion.label
        call, _ = Call.objects.update_or_create(
            slug=f"appel-candidatures-{slugify(label)}",
            defaults={
                "promotion": self.promotion,
                "kind": Call.Kind.APPLICATIONS,
                "title": f"Appel à candidatures {label}",
                "opens_at": self.opens_at,
                "closes_at": self.closes_at,
                "rules_page": Page.objects.filter(slug=data.RULES_PAGE_SLUG).first(),
                "privacy_notice": PRIVACY_NOTICE.format(promotion=label),
                "max_wishes": 3,
                "wishes_mode": Call.WishesMode.WITH_DOSSIER,
                "dossier_prefix": label.replace(" ", ""),
            },
        )
        install_application_form(call)
        return call

    def _moment(self, index: int, minutes: int = 0) -> datetime.datetime:
        """When candidate `index` acted: spread over the days since opening, never after now."""
        moment = self.opens_at + datetime.timedelta(hours=9 * index + 2, minutes=7 * index + minutes)
        return min(moment, self.now - datetime.timedelta(minutes=90 - minutes))

    def _user(self, first, last):
        user, _ = get_user_model().objects.get_or_create(
            email=candidate_email(first, last),
            defaults={
                "first_name": first,
                "last_name": last,
                "roles": [Role.CANDIDATE.value],
                # Fictional people: nobody signs in with these accounts.
                "password": make_password(None),
            },
        )
        return user

    def build_demo_candidate_draft(self, call, user):
        """The demo candidate's own draft: identity, background and one wish filled in."""
        if Dossier.objects.filter(call=call, owner=user).exists():
            return
        when = self._moment(len(CANDIDATES) // 2)
        answers = _answers(user.first_name, user.last_name, "madame", "Nantes", "developer", 6, 0, "")
        dossier = start_dossier(call, owner=user, now=when)
        save_step(dossier, self.steps["identite"], answers["identite"], by=user, now=when)
        set_wishes(dossier, [p.pk for p in _wished_positions(self.offered, "developer", 0, 1)], by=user, now=when)
        save_step(dossier, self.steps["parcours"], answers["parcours"], by=user, now=when)

    def build_candidate(self, call, index, first, last, civility, town, profession, years):
        user = self._user(first, last)
        if Dossier.objects.filter(call=call, owner=user).exists():
            return
        stage = 5 if index <= WITHDRAWN else DRAFT_STAGES[(index - WITHDRAWN - 1) % len(DRAFT_STAGES)]
        when = self._moment(index)
        wished = _wished_positions(self.offered, profession, index, 1 + index % 3)
        title = wished[0].challenge.title if wished else ""
        answers = _answers(first, last, civility, town, profession, years, index + 1, title)
        dossier = start_dossier(call, owner=user, now=when)
        save_step(dossier, self.steps["identite"], answers["identite"], by=user, now=when)
        if stage >= 2:
            save_step(dossier, self.steps["parcours"], answers["parcours"], by=user, now=self._moment(index, 10))
            set_wishes(dossier, [p.pk for p in wished], by=user, now=self._moment(index, 12))
        if stage >= 3:
            save_step(dossier, self.steps["motivation"], answers["motivation"], by=user, now=self._moment(index, 25))
        if stage >= 4:
            save_step(
                dossier, self.steps["disponibilite"], answers["disponibilite"], by=user, now=self._moment(index, 30)
            )
            cv = cv_pdf(
                [
                    f"{first} {last}",
                    f"{PROFESSION_LABELS[profession].capitalize()} — {years} ans d'expérience",
                    town,
                    "",
                    "CV fictif de la démonstration EIG.",
                ]
            )
            name = f"cv-{slugify(first)}-{slugify(last)}.pdf"
            attach_file(dossier, self.cv_question, SimpleUploadedFile(name, cv), by=user, now=self._moment(index, 35))
        if stage >= 5:
            save_step(dossier, self.steps["declarations"], DECLARATIONS, by=user, now=self._moment(index, 40))
            submit_dossier(dossier, by=user, now=self._moment(index, 45))
        if index == WITHDRAWN:
            withdraw_dossier(dossier, by=user, now=self._moment(index, 80))
