// reserva-fcgi: the store's FastCGI server (SPEC section 1).
#include <cstdio>
#include <iostream>

#include "admin/application.h"
#include "db/pool.h"
#include "http/server.h"
#include "mail/mailer.h"
#include "media/photo_image.h"
#include "payments/http_client.h"
#include "payments/payment_flow.h"
#include "util/command_line.h"
#include "util/config.h"
#include "util/local_time.h"
#include "util/log.h"
#include "view/page.h"
#include "web/application.h"

namespace {

const char* const usage =
    "Usage: reserva-fcgi [--config FILE]\n"
    "\n"
    "Serves the Reserva store over FastCGI with a pool of threads ([server] threads).\n"
    "The socket is the one systemd passes (socket activation), else a listening socket on\n"
    "standard input (spawn-fcgi, mod_fcgid), else [server] listen (host:port or unix:/path).\n"
    "Logs one line per request to stderr. SIGTERM: finishes requests in flight, then exits 0.\n"
    "\n"
    "  --config FILE   configuration file (default /etc/reserva/reserva.conf)\n"
    "  --help          this text\n"
    "\n"
    "Environment: RESERVA_TEMPLATE_DIR overrides the installed templates folder.\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace reserva;
    command_line args;
    config settings;
    try {
        args = parse_command_line(argc, argv);
        if (args.help) {
            std::cout << usage;
            return 0;
        }
        if (!args.words.empty() || !args.options.empty()) throw usage_error("unexpected argument; see --help");
        settings = load_config(args.config_path);
        check_ready_to_serve(settings, args.config_path);
    } catch (const usage_error& e) {
        std::cerr << "reserva-fcgi: " << e.what() << "\n";
        return 2;
    } catch (const config_error& e) {
        std::cerr << "reserva-fcgi: " << e.what() << "\n";
        return 2;
    }

    if (!set_display_time_zone(settings.site_timezone))
        log_line("[site] timezone " + settings.site_timezone + " is not known to this system: times are shown in UTC");
    view::set_template_root(template_dir());
    if (auto failed = view::check_templates(); !failed.empty()) {
        log_line("fatal: templates could not be loaded from " + template_dir() + ": " + failed);
        return 1;
    }
    // One idle connection per thread is all the pool ever needs to keep.
    db::pool database(settings.database, static_cast<std::size_t>(settings.threads));
    payments::init_http();
    media::init_image_library();  // libvips from the main thread, before the pool's threads use it
    payments::payment_flow payments(settings, database);
    store::shop_caches caches;  // the catalog copy, loaded by the first page that needs it
    web::application store(web::context{settings, database, payments, caches});
    admin::application back_office(admin::context{settings, database, payments});
    mail::background_mailer mailer(database, settings);  // purchase e-mails, seconds after the order
    http::server_options options;
    options.listen = settings.listen;
    options.threads = settings.threads;
    options.on_thread_start = db::pool::thread_init;
    options.on_thread_end = db::pool::thread_end;
    // One process, two faces: the back office answers /admin/ with its own sessions and checks.
    return http::serve(options, [&store, &back_office](http::request& req) {
        return admin::application::owns(req.path()) ? back_office.handle(req) : store.handle(req);
    });
}
