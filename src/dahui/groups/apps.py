from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "dahui.groups"
    label = "groups"
