from .models import WorkerHeartbeat


def heartbeat_record(*, token, hostname):
    # Idempotent: a redelivered task finds its row and changes nothing.
    heartbeat, _created = WorkerHeartbeat.objects.get_or_create(token=token, defaults={"hostname": hostname})
    return heartbeat
