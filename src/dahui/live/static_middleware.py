"""WhiteNoise that lets an async request stay async.

WhiteNoise's middleware is sync-only. Under ASGI, Django then runs every request's whole
middleware chain and view inside the process's one thread for sync code (an async view is
re-entered from that thread and blocks it), so a worker serves one request at a time. This
subclass answers static files as WhiteNoise does and otherwise hands the request on without
leaving the event loop; the lean cast endpoint and the WebSocket fan-out depend on it.
"""

from __future__ import annotations

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from whitenoise.middleware import WhiteNoiseMiddleware


class AsyncWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    sync_capable = True
    async_capable = True

    def __init__(self, get_response=None, *args, **kwargs) -> None:
        super().__init__(get_response, *args, **kwargs)
        self._is_async = iscoroutinefunction(get_response)
        if self._is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self._is_async:
            return self._acall(request)
        return super().__call__(request)

    def _static_file(self, request):
        if self.autorefresh:
            return self.find_file(request.path_info)
        return self.files.get(request.path_info)

    async def _acall(self, request):
        static_file = (await sync_to_async(self._static_file, thread_sensitive=False)(request)
                       if self.autorefresh else self._static_file(request))
        if static_file is not None:
            return self.serve(static_file, request)
        return await self.get_response(request)
