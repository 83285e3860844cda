"""English versions of the public texts (issue 18): challenges, profiles and rules pages, edited by the programme team, French as the fallback."""
