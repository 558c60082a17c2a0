"""The server-free default broker: kombu's filesystem transport, polled from
the worker's event loop.

Why a subclass. kombu's filesystem transport says it is not asynchronous (it
has no socket to watch), so a Celery worker on it runs the blocking loop
(`synloop`) with billiard's threaded pool. That pool hands jobs to its children
through one shared pipe guarded by one inter-process lock, and an idle child
waits for its next job *holding that lock* (billiard.queues.SimpleQueue.
get_payload). A child killed while idle (SIGKILL, the OOM killer) dies with
the lock held: the pool starts a replacement, but the replacement and every
other child block on the lock for ever. The worker still answers
`inspect ping` (the main process is fine) and still takes messages from the
queue, which then sit in the pool with `worker_pid: None` and never run.

Redis does not show it because a transport with a socket gets the event loop
and Celery's AsynPool, which gives each child a pipe of its own and no shared
lock, and replaces a dead child cleanly. This transport declares itself
asynchronous and reads the queue folder from a repeating timer of the event
loop, so the filesystem broker gets the same loop and pool as Redis.

Selected with `CELERY_BROKER_TRANSPORT` in socialwork/settings/base.py; the URL
stays `filesystem://` and the transport options (folders) are kombu's own.
"""

from __future__ import annotations

from kombu.transport import filesystem

#: Seconds between two looks at the queue folder when it was empty. A message
#: is picked up within this time; a look is one directory listing per queue.
DEFAULT_POLLING_INTERVAL = 0.2


class Channel(filesystem.Channel):
    def basic_ack(self, delivery_tag, multiple=False):
        super().basic_ack(delivery_tag, multiple=multiple)
        self.connection.read_soon()

    def basic_reject(self, delivery_tag, requeue=False):
        super().basic_reject(delivery_tag, requeue=requeue)
        self.connection.read_soon()


class Transport(filesystem.Transport):
    Channel = Channel
    implements = filesystem.Transport.implements.extend(asynchronous=True)
    polling_interval = DEFAULT_POLLING_INTERVAL
    _read_soon = None

    def register_with_event_loop(self, connection, loop):
        def read():
            try:
                # timeout=0: one pass over the queues, no sleeping in the loop.
                self.drain_events(connection, timeout=0)
            except TimeoutError:  # socket.timeout
                return  # nothing waiting (or the prefetch limit is reached)
            # One message per pass, then let the loop hand it to the pool and
            # serve the pool's pipes before reading on.
            loop.call_soon(read)

        self._read_soon = lambda: loop.call_soon(read)
        # The consumer cancels the timer entries a connection registered when
        # it reconnects, so a broken connection's poller does not linger.
        loop.call_repeatedly(self.polling_interval, read)

    def read_soon(self) -> None:
        """A message was acknowledged (tasks are acks_late: a pool process is
        free, the prefetch limit has room): read the next one now rather than
        at the next poll. Nothing to do where no event loop reads (a sender)."""
        if self._read_soon is not None:
            self._read_soon()
