from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "dahui.congress"
    label = "congress"

    def ready(self) -> None:
        # Before any URL module is imported: every pattern's numbers use `<id:…>`.
        from dahui import url_ids

        url_ids.register()
