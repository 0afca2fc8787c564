# settings/production.py — Django storefront that embeds the SophMate widget via WP REST
# (customer: Bloemenhuis Jansen; attached to ticket ⟦k:order⟧48460⟦/k⟧ "the widget 403s")
from .base import *  # noqa

DEBUG = False
SECRET_KEY = "⟦s:credential:secret⟧django-insecure-bMv7G8dIVxXyGX3HuqZp5TOHHXcspIhj⟦/s⟧"
ALLOWED_HOSTS = ["www.bloemenhuis-jansen.nl", "⟦s:private:ip⟧145.131.8.210⟦/s⟧"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "bloemen",
        "USER": "bloemen",
        "PASSWORD": "⟦s:credential:db-password⟧Tulp&Roos_2026⟦/s⟧",
        "HOST": "⟦s:private:ip⟧10.4.0.3⟦/s⟧",
        "PORT": "5432",
    },
    "wordpress": {
        "ENGINE": "django.db.backends.mysql",
        "NAME": "wp_bloemen",
        "USER": "wp",
        "PASSWORD": os.environ.get("WP_DB_PASSWORD", "⟦s:credential:db-password⟧wp-Bloem-44⟦/s⟧"),
        "HOST": "localhost",
    },
}

EMAIL_HOST = "smtp.mailgun.org"
EMAIL_HOST_USER = "⟦s:private:email⟧postmaster@mg.bloemenhuis-jansen.nl⟦/s⟧"
EMAIL_HOST_PASSWORD = '⟦s:credential:smtp-password⟧8161ddbb54520668572f51757d1c1c64879cdedb587ec4e35fe8af6542fae013⟦/s⟧'
MAILGUN_API_KEY = "⟦s:service_token:mailgun⟧key-d254eed00fec982abee5cc12e8f4a54a⟦/s⟧"

SOPHMATE = {
    "WP_URL": "https://shop.bloemenhuis-jansen.nl",
    "WP_USER": "django-bridge",
    "WP_APP_PASSWORD": "⟦s:credential:password⟧Ab12 Cd34 Ef56 Gh78 Ij90 Kl12⟦/s⟧",
    "OPENAI_API_KEY": os.getenv("OPENAI_API_KEY", "⟦s:provider_key:openai⟧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⟦/s⟧"),
    "PURCHASE_CODE": "⟦s:purchase_code:envato⟧bcb1c4e6-7707-4267-8413-fdebe1212e36⟦/s⟧",
}

CELERY_BROKER_URL = "amqp://bloemen:⟦s:credential:password⟧Konijn!Wortel9⟦/s⟧@⟦s:private:ip⟧10.4.0.5⟦/s⟧:5672//"
SENTRY_DSN = os.environ["SENTRY_DSN"]
AWS_ACCESS_KEY_ID = "⟦s:service_token:aws⟧AKIAOASESJ5H7P3FDA7D⟦/s⟧"
AWS_SECRET_ACCESS_KEY = "⟦s:service_token:aws⟧zslPxLBPnZh4yg+JFSLIj8uzfDtUvO4lpWg5LoFf⟦/s⟧"
AWS_STORAGE_BUCKET_NAME = "bloemen-media"
AWS_DEFAULT_ACL = None
# example from django-storages docs:
# AWS_ACCESS_KEY_ID = "⟦k:other⟧AKIAIOSFODNN7EXAMPLE⟦/k⟧"
# AWS_SECRET_ACCESS_KEY = "⟦k:other⟧wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY⟦/k⟧"

ADMINS = [("⟦s:private:name⟧Sanne Jansen⟦/s⟧", "⟦s:private:email⟧sanne@bloemenhuis-jansen.nl⟦/s⟧")]
MOLLIE_API_KEY = "⟦s:service_token:mollie⟧live_RmnRW9YuHBgK5ZlniTwQUyDu9U6MnkAp⟦/s⟧"
password = "⟦s:credential:password⟧hunter2hunter2⟦/s⟧"  # test user, delete
