from django.apps import AppConfig


class UnionsConfig(AppConfig):
    name = "dahui.unions"
    label = "unions"
