from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "dahui.live"
    label = "live"
