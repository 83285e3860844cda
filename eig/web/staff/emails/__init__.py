"""Email texts owned by the programme team (issue 18): every notification's subject and body in French and English, previewed on sample data, checked, restorable."""
