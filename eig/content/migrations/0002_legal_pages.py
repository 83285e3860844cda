from django.db import migrations

LEGAL_NOTICE_FR = """## Éditeur

Ce site est édité par la direction interministérielle du numérique (DINUM),
20 avenue de Ségur, 75007 Paris.

Directeur ou directrice de la publication : la directrice ou le directeur
interministériel du numérique.

## Hébergement

Le nom et l'adresse de l'hébergeur sont indiqués dans le dossier de déploiement
de la plateforme (voir la documentation `docs/deployment.md`).

## Licence des contenus

Sauf mention contraire, les contenus de ce site sont proposés sous
[licence Etalab 2.0](https://github.com/etalab/licence-ouverte/blob/master/LO.md).
Le code source de la plateforme est publié sous licence libre.

## Accessibilité

La conformité du site au référentiel général d'amélioration de l'accessibilité
(RGAA) est décrite dans la [déclaration d'accessibilité](/accessibilite/).
"""

LEGAL_NOTICE_EN = """## Publisher

This site is published by the French interministerial digital directorate (DINUM),
20 avenue de Ségur, 75007 Paris.

## Hosting

The host's name and address are given in the platform's deployment file.

## Licence

Unless stated otherwise, the content of this site is published under the
[Etalab 2.0 open licence](https://github.com/etalab/licence-ouverte/blob/master/LO.md).
"""

PERSONAL_DATA_FR = """## Responsable du traitement

La direction interministérielle du numérique (DINUM) est responsable des
traitements de données personnelles réalisés sur cette plateforme.

## Données traitées et finalités

| Traitement | Données | Base légale | Durée de conservation |
|---|---|---|---|
| Annuaire de la communauté | nom, profil, défis, liens publics | consentement | jusqu'au retrait du consentement |
| Comptes des utilisateurs | adresse électronique, nom, rôles | mission d'intérêt public | 3 ans après la dernière connexion |
| Journal d'activité | auteur, action, date | obligation de traçabilité | 1 an |

Le détail de chaque donnée et de sa durée de conservation figure dans la
documentation de la plateforme (`docs/personal-data.md`).

## Cookies

Ce site ne dépose aucun cookie de mesure d'audience ni de publicité. Seuls des
cookies strictement nécessaires (session et protection contre la falsification
de requêtes) sont déposés après connexion ; ils ne demandent pas de consentement.

## Vos droits

Vous disposez d'un droit d'accès, de rectification, d'effacement et
d'opposition sur vos données. Pour l'exercer, écrivez à
eig@modernisation.gouv.fr. Vous pouvez aussi saisir la CNIL.
"""

PERSONAL_DATA_EN = """## Controller

The French interministerial digital directorate (DINUM) is the controller of
the personal data processed on this platform.

## Cookies

This site sets no analytics or advertising cookie. Only strictly necessary
cookies (session and cross-site request forgery protection) are set once you
sign in.

## Your rights

You may access, correct, erase or object to the processing of your data by
writing to eig@modernisation.gouv.fr. You may also refer to the CNIL.
"""

ACCESSIBILITY_FR = """La DINUM s'engage à rendre ses sites internet accessibles conformément à
l'article 47 de la loi n° 2005-102 du 11 février 2005.

## État de conformité

Ce site est **partiellement conforme** avec le référentiel général
d'amélioration de l'accessibilité (RGAA), version 4.1.2 : aucun audit complet
n'a encore été réalisé. Chaque page publique est vérifiée automatiquement
(axe-core) à chaque modification du code ; ce contrôle ne remplace pas un audit.

## Retour d'information et contact

Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez à
eig@modernisation.gouv.fr pour être orienté vers une alternative accessible
ou obtenir le contenu sous une autre forme.

## Voies de recours

Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un
contenu et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez
écrire au Défenseur des droits ou le contacter par son formulaire en ligne.
"""

ACCESSIBILITY_EN = """This site is **partially compliant** with the French accessibility framework
(RGAA 4.1.2): no full audit has been carried out yet. Every public page is
checked automatically (axe-core) on each code change; this does not replace an
audit. If you cannot access some content, write to eig@modernisation.gouv.fr.
"""

PAGES = [
    ("mentions-legales", "Mentions légales", "Legal notice", LEGAL_NOTICE_FR, LEGAL_NOTICE_EN),
    ("donnees-personnelles", "Données personnelles et cookies", "Personal data and cookies", PERSONAL_DATA_FR, PERSONAL_DATA_EN),
    ("accessibilite", "Déclaration d'accessibilité", "Accessibility statement", ACCESSIBILITY_FR, ACCESSIBILITY_EN),
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("content", "Page")
    for slug, title_fr, title_en, body_fr, body_en in PAGES:
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": "legal", "title": title_fr, "title_fr": title_fr, "title_en": title_en,
                "body": body_fr, "body_fr": body_fr, "body_en": body_en,
            },
        )
    DsfrConfig = apps.get_model("dsfr", "DsfrConfig")
    for language, title, tagline in [
        ("fr", "Entrepreneurs d'intérêt général", "Des talents du numérique au service de l'intérêt général"),
        ("en", "Public Interest Entrepreneurs", "Digital talents serving the public interest"),
    ]:
        DsfrConfig.objects.get_or_create(language=language, defaults={"site_title": title, "site_tagline": tagline})


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial"), ("dsfr", "0012_dsfrconfig_notice_description_and_more")]
    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
