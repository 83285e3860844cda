"""Calls from the staff pages (issue 18): create or duplicate a call, open, extend or close it, its calendar, the two-stage wish window."""
