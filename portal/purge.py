"""The portal's part in a purge (mentorship/purge.py): its models hold no personal data."""

from config.purge import register_participant

DECISIONS = {
    "portal.WorkerHeartbeat": "a worker's host name and a token: no personal data",
}


def register():
    register_participant(app_label="portal", handler=lambda ctx: None, decisions=DECISIONS)
