"""Just enough of the FastCGI protocol to send one request straight to reserva-fcgi, without
nginx: for the tests of the sockets it serves on (systemd activation, a spawner's fd 0) and of
requests no web server in front would let through (a long body without CONTENT_LENGTH)."""
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
    return fastcgi_request(address, {"REQUEST_METHOD": "GET", "REQUEST_URI": path, "QUERY_STRING": ""},
                           timeout=timeout)


def fastcgi_request(address, params, body=b"", timeout=10):
    """One request to a FastCGI server at (host, port) or at a unix socket path, with these CGI
    variables and body (CONTENT_LENGTH only if params has it); returns the raw CGI response."""
    family = socket.AF_UNIX if isinstance(address, str) else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(address)
        params = dict({"SERVER_PROTOCOL": "HTTP/1.1", "GATEWAY_INTERFACE": "CGI/1.1"}, **params)
        stdin = b"".join(_record(STDIN, body[i:i + 65535]) for i in range(0, len(body), 65535))
        try:
            s.sendall(_record(BEGIN_REQUEST, struct.pack(">HB5x", 1, 0)) + _record(PARAMS, _params(params))
                      + _record(PARAMS, b"") + stdin + _record(STDIN, b""))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered before it read it all: its answer is still there to read
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


def fastcgi_call(address, method, path, variables=None, body=b"", timeout=10):
    """One request with the CGI variables a web server would pass (REMOTE_ADDR, HTTP_COOKIE ...)
    added to the basic ones; returns the raw CGI response bytes."""
    path, _, query = path.partition("?")
    params = {"REQUEST_METHOD": method, "REQUEST_URI": path + ("?" + query if query else ""), "QUERY_STRING": query}
    if body:
        params["CONTENT_LENGTH"] = str(len(body))
    params.update(variables or {})
    return fastcgi_request(address, params, body, timeout)
