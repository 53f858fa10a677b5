from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "dahui.ops"
    label = "ops"
    verbose_name = "Operations"
