#include "mail/mailer.h"

#include <chrono>

#include "mail/outbox.h"
#include "mail/fulfilment_email.h"
#include "mail/purchase_email.h"
#include "util/money.h"
#include "util/log.h"

namespace reserva::mail {
namespace {

constexpr int lease_seconds = 300;  // a sender that dies mid-send frees its rows after this
constexpr auto pass_interval = std::chrono::seconds(2);

// The message of one queued row; "" in problem when it could be made.
message compose(const queued_mail& queued, const store::order_view& order, const config& settings, std::string& problem) {
    if (queued.kind == "shipped") return shipped_email(order, settings.mail_from, queued.recipient, settings.base_url);
    if (queued.kind == "refund") {
        for (auto& refund : order.refunds)
            if (refund.id == queued.ref_id) return refund_email(order, refund, settings.mail_from, queued.recipient, settings.base_url);
        problem = "refund " + std::to_string(queued.ref_id) + " is not on the order";
        return {};
    }
    auto m = purchase_email(order, settings.mail_from, queued.recipient, settings.base_url);
    if (queued.kind == "store_copy") m.subject = "Reserva: new order #" + std::to_string(order.id) + " (" + format_brl(order.total) + ")";
    return m;
}

}  // namespace

delivery_result deliver_due_mail(db::pool& pool, const config& settings) {
    delivery_result result;
    for (auto& queued : claim_due_mail(pool, 20, lease_seconds)) {
        std::string problem;
        bool account_mail = queued.order_id == 0;
        std::string what = queued.kind + " e-mail " + (account_mail ? std::to_string(queued.id)
                                                                   : "for order " + std::to_string(queued.order_id));
        if (queued.recipient.empty()) {  // erased on request (personal data): nobody to send it to
            mark_sent(pool, queued.id);
            log_line("mail: " + what + " dropped: its recipient was erased");
            continue;
        }
        try {
            if (account_mail) {
                problem = send_smtp(settings.mail_smtp_url,
                                    {settings.mail_from, queued.recipient, queued.subject, queued.text, queued.html});
            } else if (auto order = store::load_order(pool, queued.order_id); !order || !order->finished) {
                problem = "order is not finished";
            } else {
                auto m = compose(queued, *order, settings, problem);
                if (problem.empty()) problem = send_smtp(settings.mail_smtp_url, m);
            }
            // The store's own copy of each new order follows its purchase e-mail into the queue.
            if (queued.kind == "purchase" && !settings.mail_notify.empty())
                queue_mail(pool, queued.order_id, "store_copy", 0, settings.mail_notify);
        } catch (const std::runtime_error& e) {
            problem = e.what();  // e.g. a template missing: this message waits, the others go on
        }
        if (problem.empty()) {
            mark_sent(pool, queued.id);
            ++result.sent;
            log_line("mail: " + what + " sent");
        } else {
            mark_failed(pool, queued.id, queued.attempts, problem);
            ++result.failed;
            log_line("mail: " + what + " not sent (attempt " + std::to_string(queued.attempts) + "): " + problem);
        }
    }
    return result;
}

background_mailer::background_mailer(db::pool& pool, const config& settings)
    : pool_(pool), settings_(settings), thread_([this] { run(); }) {}

background_mailer::~background_mailer() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void background_mailer::run() {
    db::pool::thread_init();
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            deliver_due_mail(pool_, settings_);
        } catch (const std::exception& e) {
            log_line(std::string("mail: pass failed, trying again shortly: ") + e.what());
        }
        lock.lock();
        wake_.wait_for(lock, pass_interval, [this] { return stopping_; });
    }
    db::pool::thread_end();
}

}  // namespace reserva::mail
