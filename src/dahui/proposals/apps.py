from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "dahui.proposals"
    label = "proposals"
