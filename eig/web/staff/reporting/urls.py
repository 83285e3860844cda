"""The programme team's reporting pages (/equipe/rapports/…): funnel and fairness dashboards, annual reports."""

urlpatterns = []
