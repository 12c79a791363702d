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


def fastcgi_get(address, path, timeout=10):
    """GET path from a FastCGI server at (host, port); returns the raw CGI response bytes."""
    with socket.create_connection(address, timeout=timeout) as s:
        s.sendall(_record(BEGIN_REQUEST, struct.pack(">HB5x", 1, 0))
                  + _record(PARAMS, _params({"REQUEST_METHOD": "GET", "REQUEST_URI": path, "QUERY_STRING": "",
                                             "SERVER_PROTOCOL": "HTTP/1.1", "GATEWAY_INTERFACE": "CGI/1.1"}))
                  + _record(PARAMS, b"") + _record(STDIN, b""))
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
