from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "dahui.voting"
    label = "voting"
