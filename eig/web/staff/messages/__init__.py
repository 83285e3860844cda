"""Writing to people (issue 18): messages to a filtered group, previewed and sent once through the outbox; requests for complement on one dossier."""
