"""django-csp's middleware, without leaving the event loop for async requests.

django-csp builds on Django's MiddlewareMixin, which runs `process_request` and
`process_response` of an async request through `sync_to_async(thread_sensitive=True)`: two
hops per request into the process's one thread for sync code, which the cast endpoint and
the live screens must not queue behind (see live/static_middleware.py). Both methods only
read settings and set a header, so here they run inline.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    async def __acall__(self, request):
        self.process_request(request)
        response = await self.get_response(request)
        return self.process_response(request, response)
