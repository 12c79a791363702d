#include "http/server.h"

#include <fcgiapp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "http/fcgx_input.h"
#include "util/log.h"

namespace reserva::http {
namespace {

constexpr int systemd_first_fd = 3;
constexpr int listen_backlog = 1024;

bool is_listening_socket(int fd) {
    int accepting = 0;
    socklen_t size = sizeof accepting;
    return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size) == 0 && accepting;
}

int systemd_socket() {
    const char* pid = std::getenv("LISTEN_PID");
    const char* fds = std::getenv("LISTEN_FDS");
    if (!pid || !fds || std::atol(pid) != static_cast<long>(getpid()) || std::atoi(fds) < 1) return -1;
    return systemd_first_fd;
}

int open_configured_socket(const std::string& listen) {
    if (listen.empty()) return -1;
    std::string address = listen;
    bool is_unix = address.rfind("unix:", 0) == 0;
    if (is_unix) {
        address = address.substr(5);
        ::unlink(address.c_str());  // a stale socket from a previous run would make bind fail
    }
    int fd = FCGX_OpenSocket(address.c_str(), listen_backlog);
    // The web server runs as another user; the socket's group (see README) decides who may connect.
    if (fd >= 0 && is_unix) ::chmod(address.c_str(), 0660);
    return fd;
}

int choose_socket(const server_options& options) {
    if (int fd = systemd_socket(); fd >= 0) return fd;
    if (is_listening_socket(STDIN_FILENO)) return STDIN_FILENO;
    return open_configured_socket(options.listen);
}

std::string param_of(FCGX_Request& raw, const char* name) {
    const char* value = FCGX_GetParam(name, raw.envp);
    return value ? value : "";
}

void answer(FCGX_Request& raw, const application& app) {
    auto started = std::chrono::steady_clock::now();
    fcgx_input input(raw);
    response result;
    std::string method = param_of(raw, "REQUEST_METHOD");
    std::string uri = param_of(raw, "REQUEST_URI");
    try {
        request req(input);
        result = app(req);
    } catch (const bad_request& e) {
        result = plain_error(e.status, e.what());
    } catch (const std::exception& e) {
        log_line(std::string("error: ") + method + " " + uri + ": " + e.what());
        result = plain_error(500, "Something went wrong on our side. Please try again.");
    }
    std::string bytes = serialize(result);
    if (method == "HEAD") bytes.resize(bytes.find("\r\n\r\n") + 4);
    FCGX_PutStr(bytes.data(), static_cast<int>(bytes.size()), raw.out);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    log_line(method + " " + uri.substr(0, uri.find('?')) + " " + std::to_string(result.status) + " " +
             std::to_string(micros.count()) + "us");
}

// libfcgi's own close (FCGX_Finish_r -> OS_Close) shuts the socket down for writing and then
// select()s and reads until the web server closes its end, so that unread input cannot make the
// kernel reset the connection under the answer. That costs a parked thread and several syscalls
// per request. nginx sends nothing after the empty FCGI_STDIN record, so once the input has been
// read to that end (it is normally in libfcgi's buffer already), a plain close() loses nothing,
// and FCGX_Detach asks libfcgi for exactly that. Input that does not end within 2 s or 64 KiB
// keeps libfcgi's careful close.
void finish(FCGX_Request& raw) {
    timeval limit{2, 0};
    ::setsockopt(raw.ipcFd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    char rest[4096];
    int drained = 0, n = 0;
    while (drained < 64 * 1024 && (n = FCGX_GetStr(rest, sizeof rest, raw.in)) > 0) drained += n;
    if (n == 0 && FCGX_HasSeenEOF(raw.in) && FCGX_GetError(raw.in) == 0) FCGX_Detach(&raw);
    FCGX_Finish_r(&raw);
}

void worker(int socket_fd, const server_options& options, const application& app) {
    if (options.on_thread_start) options.on_thread_start();
    FCGX_Request raw;
    FCGX_InitRequest(&raw, socket_fd, 0);
    // Accept fails once the main thread shuts the socket down: that is the signal to stop.
    while (FCGX_Accept_r(&raw) >= 0) {
        answer(raw, app);
        finish(raw);
    }
    FCGX_Free(&raw, 1);
    if (options.on_thread_end) options.on_thread_end();
}

}  // namespace

int serve(const server_options& options, const application& app) {
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    // Blocked here so every worker inherits the mask and only sigwait below sees them.
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a browser that hangs up must not kill the process

    if (FCGX_Init() != 0) {
        log_line("fatal: FastCGI library failed to initialise");
        return 1;
    }
    int socket_fd = choose_socket(options);
    if (socket_fd < 0) {
        log_line("fatal: no socket to serve on: set [server] listen, or start under systemd or spawn-fcgi");
        return 1;
    }
    std::vector<std::thread> workers;
    for (int i = 0; i < options.threads; ++i) workers.emplace_back(worker, socket_fd, std::cref(options), std::cref(app));
    log_line("reserva-fcgi: serving with " + std::to_string(options.threads) + " threads");

    int received = 0;
    sigwait(&stop_signals, &received);
    log_line(std::string("reserva-fcgi: ") + (received == SIGTERM ? "SIGTERM" : "SIGINT") +
             ": finishing requests in flight");
    FCGX_ShutdownPending();
    ::shutdown(socket_fd, SHUT_RDWR);
    for (auto& t : workers) t.join();
    log_line("reserva-fcgi: stopped");
    return 0;
}

}  // namespace reserva::http
