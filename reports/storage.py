"""The generated PDFs live in the project's private storage (config/storage.py); the name is kept for
the migrations that refer to reports.storage.report_storage."""

from config.storage import private_storage as report_storage

__all__ = ["report_storage"]
