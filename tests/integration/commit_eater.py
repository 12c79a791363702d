"""A TCP proxy between reserva-fcgi and MariaDB that loses the answer to one COMMIT.

It reads just enough of the MySQL protocol to know, per client connection, which prepared
statements ran in the current transaction. Once armed with a statement prefix, the next COMMIT
of a transaction that executed such a statement reaches MariaDB (which commits), and then the
client's connection is cut before the answer arrives: the one case where the client cannot
know whether its transaction happened."""
import socket
import struct
import threading

COM_QUERY, COM_STMT_PREPARE, COM_STMT_EXECUTE = 0x03, 0x16, 0x17


def _packets(buffer):
    """Splits complete MySQL packets off the front of buffer: ([(seq, payload, raw)], rest)."""
    found = []
    while len(buffer) >= 4:
        length = buffer[0] | buffer[1] << 8 | buffer[2] << 16
        if len(buffer) < 4 + length:
            break
        found.append((buffer[3], buffer[4:4 + length], buffer[:4 + length]))
        buffer = buffer[4 + length:]
    return found, buffer


class CommitEater:
    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.armed_prefix = None
        self.commits_eaten = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, statement_prefix):
        """The next COMMIT after a statement starting with statement_prefix loses its answer."""
        with self.lock:
            self.armed_prefix = statement_prefix

    def close(self):
        self.listener.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream_port))
            for s in (client, server):  # packets pass one by one: no Nagle delay on each
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            _Connection(self, client, server)


class _Connection:
    def __init__(self, eater, client, server):
        self.eater, self.client, self.server = eater, client, server
        self.statements = {}        # statement id -> SQL text
        self.last_prepare = None    # SQL of the COM_STMT_PREPARE waiting for its answer
        self.marked = False         # this transaction ran the armed statement
        self.eat_next_answer = False
        threading.Thread(target=self._client_to_server, daemon=True).start()
        threading.Thread(target=self._server_to_client, daemon=True).start()

    def _cut(self):
        for s in (self.client, self.server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def _client_to_server(self):
        buffer = b""
        try:
            while True:
                data = self.client.recv(65536)
                if not data:
                    break
                packets, buffer = _packets(buffer + data)
                for seq, payload, raw in packets:
                    if seq == 0 and payload:
                        self._look_at_command(payload)
                    self.server.sendall(raw)
        except OSError:
            pass
        self._cut()

    def _look_at_command(self, payload):
        command, sql = payload[0], None
        if command == COM_STMT_PREPARE:
            self.last_prepare = payload[1:].decode("utf-8", "replace")
        elif command == COM_STMT_EXECUTE and len(payload) >= 5:
            sql = self.statements.get(struct.unpack("<I", payload[1:5])[0], "")
        elif command == COM_QUERY:
            sql = payload[1:].decode("utf-8", "replace")
        if sql is None:
            return
        word = sql.strip().upper()
        with self.eater.lock:
            if self.eater.armed_prefix and sql.startswith(self.eater.armed_prefix):
                self.marked = True
            if word == "COMMIT" and self.marked and self.eater.armed_prefix:
                self.eater.armed_prefix = None
                self.eat_next_answer = True
        if word in ("COMMIT", "ROLLBACK"):
            self.marked = False

    def _server_to_client(self):
        buffer = b""
        try:
            while True:
                data = self.server.recv(65536)
                if not data:
                    break
                packets, buffer = _packets(buffer + data)
                for seq, payload, raw in packets:
                    if self.eat_next_answer:
                        # MariaDB has committed; the client never hears of it.
                        with self.eater.lock:
                            self.eater.commits_eaten += 1
                        self._cut()
                        return
                    if self.last_prepare is not None and seq == 1 and payload[:1] == b"\x00" and len(payload) >= 5:
                        self.statements[struct.unpack("<I", payload[1:5])[0]] = self.last_prepare
                        self.last_prepare = None
                    self.client.sendall(raw)
        except OSError:
            pass
        self._cut()
