// reserva-expire: one cleanup pass, run by the systemd timer (SPEC section 1).
#include <cppconn/exception.h>

#include <iostream>

#include "db/pool.h"
#include "jobs/expire_pass.h"
#include "util/command_line.h"
#include "util/config.h"
#include "util/local_time.h"
#include "util/log.h"
#include "view/page.h"

namespace {

const char* const usage =
    "Usage: reserva-expire [--config FILE]\n"
    "\n"
    "One cleanup pass, then exit: payment links past their expiry are marked expired and the\n"
    "stock they held is released; links expired or deleted here are expired at the gateway and\n"
    "refunds not yet made are retried (a gateway that is down is logged and tried next pass);\n"
    "anonymous carts untouched for 40 days are deleted; queued purchase e-mails are sent.\n"
    "Run every 5 minutes by reserva-expire.timer.\n"
    "\n"
    "  --config FILE   configuration file (default /etc/reserva/reserva.conf)\n"
    "  --help          this text\n"
    "\n"
    "Exit status: 0 done (also when there was nothing to do), 1 the database or the e-mail\n"
    "templates could not be used, 2 bad arguments or configuration.\n"
    "Environment: RESERVA_TEMPLATE_DIR overrides the installed templates folder.\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace reserva;
    try {
        auto args = parse_command_line(argc, argv);
        if (args.help) {
            std::cout << usage;
            return 0;
        }
        if (!args.words.empty() || !args.options.empty()) throw usage_error("unexpected argument; see --help");
        auto settings = load_config(args.config_path);
        set_display_time_zone(settings.site_timezone);  // the times in the e-mails it sends
        // The e-mails it sends are rendered from templates: a missing one is a clear exit 1
        // before any work, not an abort halfway through the pass.
        view::set_template_root(template_dir());
        if (auto failed = view::check_templates(); !failed.empty()) {
            log_line("reserva-expire: templates could not be loaded from " + template_dir() + ": " + failed);
            return 1;
        }
        db::pool pool(settings.database, 1);
        jobs::run_expire_pass(pool, settings);
        return 0;
    } catch (const usage_error& e) {
        std::cerr << "reserva-expire: " << e.what() << "\n";
        return 2;
    } catch (const config_error& e) {
        std::cerr << "reserva-expire: " << e.what() << "\n";
        return 2;
    } catch (const db::unavailable& e) {
        log_line(std::string("reserva-expire: ") + e.what());
        return 1;
    } catch (const sql::SQLException& e) {
        log_line(std::string("reserva-expire: database error: ") + e.what());
        return 1;
    } catch (const std::exception& e) {
        // Anything else (a template that failed to expand, a full disk): logged, never an abort.
        log_line(std::string("reserva-expire: ") + e.what());
        return 1;
    }
}
