"""Roster import and export: school Excel files in, every registry out, nothing half-written.

Modules: `safety` (the file is checked before any parsing), `columns` (the five kinds' columns and
header matching), `parsing` (names, dates, classes, categories), `reading` (rows out of .xlsx/.csv),
`importer` (the import service, one transaction), `exporting` (resources and the .xlsx writer),
`services` (the journal and the admin's background imports), `models` (RosterJob), `purge` (its part in a
student's purge), `tasks` (Celery). The URLs stay inside the `mentorship` namespace (mentorship/urls.py).
"""
