from celery import shared_task

from .passwords import password_reset_send


@shared_task(acks_late=True, ignore_result=True)
def send_password_reset(user_id, domain, use_https):
    """The password reset letter of one staff account (portal/passwords.py); the token is made here."""
    return password_reset_send(user_id=user_id, domain=domain, use_https=use_https)
