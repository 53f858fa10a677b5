"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSockets pass the Origin check against ALLOWED_HOSTS (a page of another site must not
open a socket with the delegate's cookie), then the session middleware finds the user.
"""

import os
import warnings

# Static files are served by WhiteNoise as ordinary file responses, which Django's ASGI
# handler reads in a thread and warns about on every one. They are small files on local
# disk, so the warning is noise in the demo's terminal, not a problem to fix.
warnings.filterwarnings(
    "ignore",
    message="StreamingHttpResponse must consume synchronous iterators",
    module="django.core.handlers.asgi",
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dahui.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

# Load every URL pattern (and the views' imports: PDF and spreadsheet libraries) now, not
# in the first request: when the hall votes, that request is the first of thousands of casts.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018

from dahui.ops.probes import start_heartbeat  # noqa: E402

start_heartbeat()  # the operator's status page lists this worker while it serves

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from dahui.live.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
