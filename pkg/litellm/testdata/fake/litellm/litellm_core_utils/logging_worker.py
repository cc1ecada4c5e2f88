import asyncio


class LoggingWorker:
    """Runs logging coroutines later on the event loop, as LiteLLM's does."""

    def __init__(self):
        self._queue = None
        self._worker_task = None
        self._running_tasks = set()
        self.logged = 0

    def enqueue(self, coro):
        if self._queue is None:
            self._queue = asyncio.Queue()
            self._worker_task = asyncio.get_running_loop().create_task(self._worker_loop())
        self._queue.put_nowait(coro)

    async def _worker_loop(self):
        while True:
            coro = await self._queue.get()
            t = asyncio.get_running_loop().create_task(coro)
            self._running_tasks.add(t)
            t.add_done_callback(self._running_tasks.discard)
            self._queue.task_done()


GLOBAL_LOGGING_WORKER = LoggingWorker()
