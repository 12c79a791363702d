#include "jobs/expire_pass.h"

#include "mail/mailer.h"
#include "payments/http_client.h"
#include "payments/payment_flow.h"
#include "store/account_links.h"
#include "store/accounts.h"
#include "store/checkout.h"
#include "store/expiry.h"
#include "store/holds.h"
#include "store/throttle.h"
#include "store/low_stock.h"
#include "store/staff_sessions.h"
#include "util/command_line.h"
#include "util/log.h"
#include "view/page.h"

namespace reserva::jobs {

void run_expire_pass(db::pool& pool, const config& settings) {
    auto result = store::expire_stale_payments(pool);
    store::delete_abandoned_carts(pool, result);
    for (auto& fix : store::holds::correct_counts(pool))
        log_line("expire pass: the hold counts of variant " + std::to_string(fix.stock_id) + " disagreed with its holds (" +
                 (fix.held_was == fix.held_now ? "their earliest expiry"
                                               : std::to_string(fix.held_was) + " units held, now " +
                                                     std::to_string(fix.held_now)) +
                 "); corrected. Was stock_hold edited by hand, or by a reserva-fcgi older than sql/004?");
    log_line("expire pass: " + std::to_string(result.payments_expired) + " payment links expired, " +
             std::to_string(result.holds_released) + " stock holds released, " + std::to_string(result.carts_deleted) +
             " abandoned carts deleted");
    int sessions = store::purge_ended_sessions(pool);
    int counters = store::throttle::purge_quiet(pool);
    int links = store::purge_dead_links(pool);
    int guards = store::purge_quiet_address_guards(pool);
    log_line("expire pass: " + std::to_string(sessions) + " ended sign-in sessions, " + std::to_string(counters) +
             " quiet attempt counters, " + std::to_string(links) + " dead e-mail links and " + std::to_string(guards) +
             " quiet client address guards deleted");
    auto staff = store::forget_idle_staff_sessions(pool, settings.admin_session_idle_minutes);
    if (staff) log_line("expire pass: " + std::to_string(staff) + " idle staff sessions removed");
    payments::init_http();
    payments::payment_flow(settings, pool).catch_up_with_gateway();
    view::set_template_root(template_dir());
    if (int low = store::queue_low_stock_mail(pool, settings))
        log_line("expire pass: today's low-stock e-mail to " + settings.mail_notify + " lists " + std::to_string(low) +
                 " variants");
    auto mail = mail::deliver_due_mail(pool, settings);
    log_line("expire pass: " + std::to_string(mail.sent) + " e-mails sent, " + std::to_string(mail.failed) +
             " to retry later");
}

}  // namespace reserva::jobs
