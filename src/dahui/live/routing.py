from django.urls import path

from dahui.live.consumers import CongressConsumer

websocket_urlpatterns = [
    path("ws/live/<int:congress_id>/", CongressConsumer.as_asgi()),
]
