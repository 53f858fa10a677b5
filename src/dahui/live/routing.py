from django.urls import path

from dahui.live.consumers import CongressConsumer

websocket_urlpatterns = [
    path("ws/live/<id:congress_id>/", CongressConsumer.as_asgi()),
]
