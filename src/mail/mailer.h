// Delivers the queued purchase e-mails: once per order, retried with backoff while the mail
// server is down, never inside a request. reserva-expire runs a pass; reserva-fcgi runs passes
// on a background thread so the e-mail leaves seconds after the order.
#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "db/pool.h"
#include "util/config.h"

namespace reserva::mail {

struct delivery_result {
    int sent = 0;
    int failed = 0;
};

delivery_result deliver_due_mail(db::pool& pool, const config& settings);

// One thread, one pass every few seconds until stopped (the destructor stops and joins it).
class background_mailer {
public:
    background_mailer(db::pool& pool, const config& settings);
    ~background_mailer();
    background_mailer(const background_mailer&) = delete;
    background_mailer& operator=(const background_mailer&) = delete;

private:
    void run();
    db::pool& pool_;
    const config& settings_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace reserva::mail
