from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "dahui.elections"
    label = "elections"
