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
    return fastcgi_request(address, "GET", path, timeout=timeout)


def fastcgi_request(address, method, path, variables=None, body=b"", timeout=10):
    """One request with the CGI variables a web server would pass (REMOTE_ADDR, HTTP_COOKIE ...)
    added to the basic ones; returns the raw CGI response bytes."""
    path, _, query = path.partition("?")
    params = {"REQUEST_METHOD": method, "REQUEST_URI": path + ("?" + query if query else ""), "QUERY_STRING": query,
              "SERVER_PROTOCOL": "HTTP/1.1", "GATEWAY_INTERFACE": "CGI/1.1"}
    if body:
        params["CONTENT_LENGTH"] = str(len(body))
    params.update(variables or {})
    with socket.create_connection(address, timeout=timeout) as s:
        stdin = b"".join(_record(STDIN, body[i:i + 65535]) for i in range(0, len(body), 65535))
        s.sendall(_record(BEGIN_REQUEST, struct.pack(">HB5x", 1, 0))
                  + _record(PARAMS, _params(params)) + _record(PARAMS, b"") + stdin + _record(STDIN, b""))
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
