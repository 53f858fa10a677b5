from django.apps import AppConfig


class SpeakersConfig(AppConfig):
    name = "dahui.speakers"
    label = "speakers"
