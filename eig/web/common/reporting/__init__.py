"""The reporting figures as pages and documents show them, shared by the programme team's dashboards
(eig/web/staff/reporting/) and the public annual report (eig/web/public/results.py): inline SVG
charts (charts.py), tables of formatted cells and CSV rows (tables.py), the annual report's context
and PDF (annual_report.py)."""
