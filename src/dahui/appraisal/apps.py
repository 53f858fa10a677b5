from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "dahui.appraisal"
    label = "appraisal"
