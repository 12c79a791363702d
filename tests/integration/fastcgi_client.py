"""Just enough of the FastCGI protocol to send one request straight to reserva-fcgi, without
nginx: for the tests of the sockets it serves on (systemd activation, a spawner's fd 0)."""
import socket
import struct

BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6


def _record(kind, content, request_id=1):
    return struct.pack(">BBHHBx", 1, kind, request_id, len(content), 0) + content


def _length(n):
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)


def _params(values):
    body = b""
    for name, value in values.items():
        name, value = name.encode(), value.encode()
        body += _length(len(name)) + _length(len(value)) + name + value
    return body


def _exchange(address, records, timeout):
    """Sends the records, returns the STDOUT bytes up to END_REQUEST."""
    with socket.create_connection(address, timeout=timeout) as s:
        s.sendall(records)
        data, output = b"", b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return output
            data += chunk
            while len(data) >= 8:
                _, kind, _, length, padding = struct.unpack(">BBHHBx", data[:8])
                if len(data) < 8 + length + padding:
                    break
                if kind == STDOUT:
                    output += data[8:8 + length]
                elif kind == END_REQUEST:
                    return output
                data = data[8 + length + padding:]


def fastcgi_get(address, path, timeout=10):
    """GET path from a FastCGI server at (host, port); returns the raw CGI response bytes."""
    return _exchange(address, _record(BEGIN_REQUEST, struct.pack(">HB5x", 1, 0))
                     + _record(PARAMS, _params({"REQUEST_METHOD": "GET", "REQUEST_URI": path, "QUERY_STRING": "",
                                                "SERVER_PROTOCOL": "HTTP/1.1", "GATEWAY_INTERFACE": "CGI/1.1"}))
                     + _record(PARAMS, b"") + _record(STDIN, b""), timeout)


def fastcgi_request(address, method, path, body=b"", params=None, timeout=30):
    """Any request straight to reserva-fcgi, with CGI variables nginx would set (REMOTE_ADDR,
    HTTP_COOKIE, CONTENT_TYPE ...) given in params; returns the raw CGI response bytes."""
    path_only, _, query = path.partition("?")
    values = {"REQUEST_METHOD": method, "REQUEST_URI": path, "QUERY_STRING": query, "SCRIPT_NAME": path_only,
              "SERVER_PROTOCOL": "HTTP/1.1", "GATEWAY_INTERFACE": "CGI/1.1", "CONTENT_LENGTH": str(len(body))}
    values.update(params or {})
    return _exchange(address, _record(BEGIN_REQUEST, struct.pack(">HB5x", 1, 0)) + _record(PARAMS, _params(values))
                     + _record(PARAMS, b"") + (_record(STDIN, body) if body else b"") + _record(STDIN, b""), timeout)
