from django.urls import path

from . import agents, challenge_selection, evaluation, juries, proposals, selection, views
from .builder import urls as builder_urls
from .calls import urls as calls_urls
from .emails import urls as emails_urls
from .messages import urls as messages_urls
from .programme import urls as programme_urls
from .reporting import urls as reporting_urls
from .translations import urls as translations_urls

app_name = "staff"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("appels/<slug:slug>/dossiers/", views.dossier_list, name="dossier_list"),
    path("appels/<slug:slug>/dossiers/<str:number>/", views.dossier_detail, name="dossier_detail"),
    path("appels/<slug:slug>/export.csv", views.export, {"kind": "csv"}, name="export_csv"),
    path("appels/<slug:slug>/export.xlsx", views.export, {"kind": "xlsx"}, name="export_xlsx"),
]

# The proposals of a call for challenges (proposals.py).
urlpatterns += [
    path("appels/<slug:slug>/propositions/", proposals.proposal_list, name="proposal_list"),
    path(
        "appels/<slug:slug>/propositions/export.csv",
        proposals.proposal_export,
        {"kind": "csv"},
        name="proposal_export_csv",
    ),
    path(
        "appels/<slug:slug>/propositions/export.xlsx",
        proposals.proposal_export,
        {"kind": "xlsx"},
        name="proposal_export_xlsx",
    ),
    path("appels/<slug:slug>/propositions/<str:number>/", proposals.proposal_detail, name="proposal_detail"),
    path("appels/<slug:slug>/propositions/<str:number>/decider/", proposals.proposal_decide, name="proposal_decide"),
    path("appels/<slug:slug>/propositions/<str:number>/question/", proposals.proposal_ask, name="proposal_ask"),
    path("appels/<slug:slug>/propositions/<str:number>/pdf/", proposals.proposal_pdf, name="proposal_pdf"),
]

# The selected challenges of a call for challenges, submitted to the approvers then published
# (challenge_selection.py).
urlpatterns += [
    path("appels/<slug:slug>/defis-retenus/", challenge_selection.challenge_selection, name="challenge_selection"),
    path(
        "appels/<slug:slug>/defis-retenus/soumettre/",
        challenge_selection.challenge_selection_submit,
        name="challenge_selection_submit",
    ),
    path(
        "appels/<slug:slug>/defis-retenus/publier/",
        challenge_selection.challenge_selection_publish,
        name="challenge_selection_publish",
    ),
]

# Who acts for an administration: the queue of agents to confirm, and per administration
# the allow-list of email domains and the SIRET that confirm at once (agents.py).
_rules = "agents/administrations/<slug:slug>/"
urlpatterns += [
    path("agents/", agents.agent_queue, name="agent_queue"),
    path("agents/<int:agent>/confirmer/", agents.agent_confirm, name="agent_confirm"),
    path("agents/<int:agent>/refuser/", agents.agent_refuse, name="agent_refuse"),
    path(_rules, agents.agent_rules, name="agent_rules"),
    path(_rules + "domaines/", agents.agent_domain_add, name="agent_domain_add"),
    path(_rules + "domaines/<int:domain>/retirer/", agents.agent_domain_remove, name="agent_domain_remove"),
    path(_rules + "siret/", agents.agent_siret, name="agent_siret"),
]

# The evaluation of a call: grids, reviewers, assignment, ranking, decisions (evaluation.py).
_grid = "appels/<slug:slug>/evaluation/<int:grid>/"
urlpatterns += [
    path("appels/<slug:slug>/evaluation/", evaluation.overview, name="evaluation_overview"),
    path("appels/<slug:slug>/evaluation/installer/", evaluation.install_grid, name="evaluation_install"),
    path(_grid, evaluation.grid_detail, name="evaluation_grid"),
    path(_grid + "inviter/", evaluation.invite, name="evaluation_invite"),
    path(_grid + "evaluateurs/<int:reviewer>/retirer/", evaluation.drop, name="evaluation_drop"),
    path(_grid + "repartition/", evaluation.run_assignment, name="evaluation_assign"),
    path(_grid + "regles/", evaluation.pair_rule, name="evaluation_pair_rule"),
    path(_grid + "conflits/", evaluation.staff_conflict, name="evaluation_conflict"),
    path(_grid + "classement/", evaluation.ranking, name="evaluation_ranking"),
    path(_grid + "decisions/", evaluation.decisions, name="evaluation_decisions"),
    path("appels/<slug:slug>/dossiers/<str:number>/remarque/", evaluation.remark, name="dossier_remark"),
]

# The jury of a call: setup, panels, timetable, the day's run sheets, results (juries.py).
_jury = "appels/<slug:slug>/jury/"
urlpatterns += [
    path(_jury, juries.overview, name="jury_overview"),
    path(_jury + "creer/", juries.create, name="jury_create"),
    path(_jury + "demi-journees/", juries.add_half_day, name="jury_half_day"),
    path(_jury + "salles/", juries.add_room, name="jury_room"),
    path(_jury + "jures/", juries.invite, name="jury_invite"),
    path(_jury + "auditions/", juries.add_auditions, name="jury_auditions"),
    path(_jury + "reglages/", juries.update_settings, name="jury_settings"),
    path(_jury + "groupes/", juries.panels, name="jury_panels"),
    path(_jury + "groupes/former/", juries.form_panels, name="jury_form_panels"),
    path(_jury + "groupes/epingler/", juries.pin, name="jury_pin"),
    path(_jury + "groupes/<int:panel>/maitre-du-temps/", juries.set_timekeeper, name="jury_timekeeper"),
    path(_jury + "horaires/", juries.timetable, name="jury_timetable"),
    path(_jury + "horaires/calculer/", juries.schedule, name="jury_schedule"),
    path(_jury + "horaires/horaires.pdf", juries.schedule_pdf, name="jury_pdf"),
    path(_jury + "auditions/<int:audition>/deplacer/", juries.move, name="jury_move"),
    path(_jury + "auditions/<int:audition>/presence/", juries.attendance, name="jury_attendance"),
    path(_jury + "convocations/", juries.convocations, name="jury_convocations"),
    path(_jury + "salle/<int:room>/", juries.run_sheet, name="jury_run_sheet"),
    path(_jury + "salle/<int:room>/retard/", juries.running_late, name="jury_late"),
    path(_jury + "resultats/", juries.results, name="jury_results"),
    path(_jury + "resultats/publier/", juries.publish, name="jury_publish"),
]

# The selection of a call for applications: runs, what-ifs, comparison, submission, offers,
# replacements and publication (selection.py).
_selection = "appels/<slug:slug>/selection/"
_run = _selection + "<int:run>/"
_offer = _selection + "offres/<int:offer>/"
urlpatterns += [
    path(_selection, selection.overview, name="selection_overview"),
    path(_selection + "calculer/", selection.run, name="selection_run"),
    path(_selection + "comparer/", selection.compare, name="selection_compare"),
    path(_run, selection.detail, name="selection_detail"),
    path(_run + "verrouiller/", selection.pin, name="selection_pin"),
    path(_run + "ecarter/", selection.exclude, name="selection_exclude"),
    path(_run + "retirer-un-defi/", selection.remove, name="selection_remove"),
    path(_run + "poids/", selection.weights, name="selection_weights"),
    path(_run + "autre-methode/", selection.rerun, name="selection_rerun"),
    path(_run + "soumettre/", selection.freeze, name="selection_freeze"),
    path(_run + "supprimer/", selection.delete, name="selection_delete"),
    path(_selection + "offres/", selection.offers, name="selection_offers"),
    path(_selection + "offres/envoyer/", selection.send_offers, name="selection_send_offers"),
    path(_offer + "retirer/", selection.withdraw, name="selection_withdraw"),
    path(_offer + "remplacement/", selection.replacement, name="selection_replacement"),
    path(_offer + "remplacement/confirmer/", selection.confirm_replacement, name="selection_confirm_replacement"),
    path(_selection + "publier/", selection.publish, name="selection_publish"),
]

# The ten months (eig/web/staff/programme/: onboarding, team, retrospectives and signals, events).
urlpatterns += programme_urls.urlpatterns
# Reporting (eig/web/staff/reporting/: funnel and fairness dashboards, annual reports).
urlpatterns += reporting_urls.urlpatterns
# Next year without a developer (issue 18): calls set up from the staff pages, the form builder, the
# email texts, writing to people, the English versions of the public texts.
urlpatterns += calls_urls.urlpatterns
urlpatterns += builder_urls.urlpatterns
urlpatterns += emails_urls.urlpatterns
urlpatterns += messages_urls.urlpatterns
urlpatterns += translations_urls.urlpatterns
