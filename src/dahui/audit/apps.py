from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dahui.audit"
    label = "audit"
