from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "dahui.congress"
    label = "congress"
