from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "dahui.scans"
    label = "scans"

    def ready(self) -> None:
        # The count of a paper poll reads the scans once the poll has any (see
        # elections.paper_sources): registered here so that elections never imports scans.
        from dahui.elections.paper_sources import register
        from dahui.scans.selectors import SCANS

        register(SCANS)
