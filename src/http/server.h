// The FastCGI server: a pool of threads, each accepting and answering requests until SIGTERM.
#pragma once
#include <functional>
#include <string>

#include "http/request.h"
#include "http/response.h"

namespace reserva::http {

struct server_options {
    std::string listen;  // "host:port" or "unix:/path"; unused when systemd or a spawner passes a socket
    int threads = 16;
    std::function<void()> on_thread_start;  // e.g. per-thread database client set-up
    std::function<void()> on_thread_end;
};

using application = std::function<response(request&)>;

// Picks the socket (systemd's LISTEN_FDS first, then a listening fd 0 as spawn-fcgi and mod_fcgid
// pass it, then options.listen), serves until SIGTERM or SIGINT, lets in-flight requests finish
// and returns 0; returns 1 if there is no socket to serve on.
int serve(const server_options& options, const application& app);

}  // namespace reserva::http
