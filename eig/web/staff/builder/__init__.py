"""The form builder (issue 18): a call's steps and questions edited, reordered and previewed in French and English; after opening, wording fixes only, each kept."""
