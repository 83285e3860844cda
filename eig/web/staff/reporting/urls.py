"""The programme team's reporting pages (/equipe/rapports/…): funnel and fairness dashboards, annual reports."""

from django.urls import path

from . import annual_report, views

urlpatterns = [
    # The candidate funnel and its breakdowns, the challenges per ministry (views.py).
    path("rapports/entonnoir/", views.funnel, name="reporting_funnel"),
    path("rapports/entonnoir/export.csv", views.funnel_csv, name="reporting_funnel_csv"),
    path("rapports/defis/", views.challenges, name="reporting_challenges"),
    path("rapports/defis/export.csv", views.challenges_csv, name="reporting_challenges_csv"),
    # A promotion's annual report and its PDF (annual_report.py).
    path("rapports/rapport-annuel/<slug:slug>/", annual_report.annual_report, name="reporting_annual_report"),
    path(
        "rapports/rapport-annuel/<slug:slug>/rapport.pdf",
        annual_report.annual_report_pdf,
        name="reporting_annual_report_pdf",
    ),
]
