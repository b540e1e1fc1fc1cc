"""TCP proxies for outage tests: a real server (PostgreSQL, Redis) behind a port the test controls.

``TcpProxy`` forwards a local port to the server. ``stop()`` refuses new connections and drops open
ones, as a server shutdown does; ``black_hole()`` keeps accepting connections and reading what
clients send, but forwards and answers nothing, and freezes the connections already open, as a hung
server or a network that drops packets does; ``start()`` (after ``stop()``) or ``restore()`` (after
``black_hole()``) brings the server back.
"""

import socket
import threading


class TcpProxy:
    def __init__(self, target):
        self.target = target
        self.port = None
        self.listener = None
        self.sockets = set()
        self.lock = threading.Lock()
        self.silent = threading.Event()
        self.frozen = set()

    def start(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self):
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            sockets, self.sockets = self.sockets, set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def black_hole(self):
        """Accept and read, answer nothing: new and open connections alike hang."""
        self.silent.set()

    def restore(self):
        """End the black hole: the connections it froze are dropped, new ones are forwarded."""
        self.silent.clear()
        with self.lock:
            frozen, self.frozen = self.frozen, set()
        for sock in frozen:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            if self.silent.is_set():
                with self.lock:
                    self.sockets.add(client)
                threading.Thread(target=self._swallow, args=(client,), daemon=True).start()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _swallow(self, client):
        """Read and drop everything a client sends while the black hole lasts, then close."""
        client.settimeout(0.2)
        while self.silent.is_set():
            try:
                if not client.recv(65536):
                    break
            except TimeoutError:
                continue
            except OSError:
                break
        client.close()

    def _pipe(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if self.silent.is_set():
                    with self.lock:  # swallowed: this connection now waits for ever
                        self.frozen.update((source, sink))
                    continue
                if source in self.frozen:
                    break  # the black hole ended: this connection died in it
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
