#include "web/payment_pages.h"

#include <chrono>

#include "payments/payment_flow.h"
#include "payments/webhook_signature.h"
#include "store/checkout.h"
#include "store/orders.h"
#include "view/order_status.h"
#include "util/log.h"
#include "util/text.h"
#include "view/address_values.h"
#include "view/page.h"
#include "web/cart_view.h"
#include "web/error_pages.h"
#include "web/visitor.h"

namespace reserva::web {
namespace {

constexpr std::int64_t webhook_tolerance_seconds = 15 * 60;

bool plausible_payment_id(const std::string& id) { return parse_id(id).has_value(); }

std::string order_page_path(std::int64_t order_id) { return "/order_approved/" + std::to_string(order_id) + "/"; }

// The shopper's browser returns here. Only the payment id is taken from the query string, and
// only to ask the gateway about it; and only when the query also names a link this store made
// (external_reference and preference_id), so that nobody can make the store call the gateway
// with its token for any id they like.
http::response finalize_return(context& ctx, http::request& req) {
    visitor who(ctx, req);
    std::string id = req.param("payment_id");
    if (id.empty() || id == "null") id = req.param("collection_id");
    if (!plausible_payment_id(id)) return who.finish(http::redirect(303, "/checkout/?error=payment_failed"));
    if (!store::names_a_link_of_this_store(ctx.database, req.param("external_reference"), req.param("preference_id"))) {
        log_line("payment return for " + id.substr(0, 20) + " from " + req.remote_address() +
                 " names no payment link of this store: the gateway was not asked");
        return who.finish(http::redirect(303, "/checkout/?error=payment_failed"));
    }
    auto settled = ctx.payments.settle(id);
    using kind = payments::settle_result::kind;
    switch (settled.result) {
        case kind::approved:
            // A signed-in shopper finds the order among theirs; a guest on its own page.
            if (who.signed_in()) return who.finish(http::redirect(303, "/my_orders/"));
            [[fallthrough]];
        case kind::pending:
        case kind::refunded:
            return who.finish(http::redirect(303, order_page_path(settled.order_id)));
        case kind::unavailable:
            return who.finish(http::redirect(303, "/checkout/?error=payment_unavailable"));
        case kind::failed:
            break;
    }
    return who.finish(http::redirect(303, "/checkout/?error=payment_failed"));
}

http::response json_answer(int status, const std::string& body) {
    http::response r;
    r.status = status;
    r.content_type = "application/json";
    r.body = body + "\n";
    return r;
}

http::response webhook(context& ctx, http::request& req) {
    std::string id = req.param("data.id");
    auto now = std::chrono::duration_cast<std::chrono::seconds>(wall_clock::now().time_since_epoch()).count();
    if (!payments::verify_webhook_signature(ctx.settings.payments_webhook_secret, req.header("X-Signature"),
                                            req.header("X-Request-Id"), id, now, webhook_tolerance_seconds)) {
        log_line("webhook refused: bad or missing x-signature for data.id=" + id.substr(0, 40));
        return json_answer(401, R"({"error":"invalid signature"})");
    }
    std::string type = req.param("type");
    if (type.empty()) type = req.param("topic");
    if (type != "payment") return json_answer(200, R"({"status":"ignored"})");
    if (!plausible_payment_id(id)) return json_answer(200, R"({"status":"ignored"})");
    auto settled = ctx.payments.settle(id);
    // 503 makes the gateway try again later; everything else is final.
    if (settled.result == payments::settle_result::kind::unavailable)
        return json_answer(503, R"({"error":"try again later"})");
    return json_answer(200, R"({"status":"ok"})");
}

http::response order_page(context& ctx, http::request& req) {
    visitor who(ctx, req);
    auto id = parse_id(req.path_params["id"]);
    auto order = store::load_order(ctx.database, *id);
    // Someone else's order, or none: the same answer, so ids reveal nothing.
    if (!order || !who.client_id() || order->client_id != who.client_id()) return who.finish(not_found());
    view::page page("order.tpl", "Order #" + std::to_string(order->id));
    who.fill_layout(page);
    auto& body = page.body();
    body.SetIntValue("ORDER_ID", order->id);
    body.SetValue("STATUS", order->finished ? "finished" : "waiting");
    if (order->finished) {
        auto* done = body.AddSectionDictionary("FINISHED");
        done->SetValue("FINISHED_AT", order->finished_at);
        done->SetValue("EMAIL", order->email);
        fill_order_lines(*done, *order);
        done->SetValue("TOTAL", format_brl(order->total));
        done->SetIntValue("TOTAL_CENTS", order->total);
        view::fill_address_values(*done, order->ship_to);
    } else {
        body.ShowSection("WAITING");
    }
    view::fill_order_status(body, *order);
    return who.finish(http::html(page.render()));
}

}  // namespace

void add_payment_routes(http::router& routes, context& ctx) {
    routes.add("GET", "/finalize_payment/", [&ctx](http::request& req) { return finalize_return(ctx, req); });
    routes.add("POST", "/payments/webhook", [&ctx](http::request& req) { return webhook(ctx, req); });
    routes.add("GET", "/order_approved/{id}/", [&ctx](http::request& req) { return order_page(ctx, req); });
}

}  // namespace reserva::web
