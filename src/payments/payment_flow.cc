#include "payments/payment_flow.h"

#include <chrono>

#include "payments/init_point.h"
#include "store/finalize.h"
#include "store/orders.h"
#include "store/refunds.h"
#include "util/log.h"

namespace reserva::payments {

payment_flow::payment_flow(const config& settings, db::pool& database)
    : settings_(settings), database_(database), gateway_(settings.payments_api_base, settings.payments_access_token) {}

checkout_result payment_flow::confirm(store::confirm_request request) {
    request.expiry_minutes = settings_.payments_expiry_minutes;
    request.limits = {settings_.limits_units_per_item, settings_.limits_orders_per_address,
                      settings_.limits_address_window_minutes};
    checkout_result result;
    auto outcome = store::confirm_order(database_, request);
    switch (outcome.refused) {
        case store::confirm_refusal::none: break;
        case store::confirm_refusal::cart_short: return result;  // nothing was written
        case store::confirm_refusal::too_many_units: result.result = checkout_result::kind::too_many_units; return result;
        case store::confirm_refusal::address_busy: result.result = checkout_result::kind::address_busy; return result;
    }
    auto& pending = outcome.payment;

    preference_request link;
    link.external_reference = pending->reference;
    for (auto& line : pending->lines)
        link.items.push_back({std::to_string(line.stock_id), line.title, line.quantity, line.unit_price});
    link.success_url = link.failure_url = link.pending_url = settings_.base_url + "/finalize_payment/";
    link.notification_url = settings_.base_url + "/payments/webhook";
    link.expires_from = wall_clock::now();
    link.expires_to = link.expires_from + std::chrono::minutes(settings_.payments_expiry_minutes);
    std::string made_id;  // the gateway's preference, once it made one
    try {
        // The reference doubles as the idempotency key: a retried call cannot make a second link.
        auto made = gateway_.create_preference(link, pending->reference);
        made_id = made.id;
        if (!trusted_init_point(settings_.payments_api_base, made.init_point))
            throw gateway_error("its init_point '" + made.init_point.substr(0, 200) + "' is not the gateway's https page");
        store::attach_link(database_, pending->payment_id, made.id, made.init_point);
        result.init_point = made.init_point;
    } catch (const gateway_error& e) {
        log_line("payment link for order " + std::to_string(pending->order_id) + " not created: " + e.what());
        store::abandon_payment(database_, pending->payment_id, made_id);
        // A link the gateway made but the shopper was never sent to must not stay payable there.
        if (!made_id.empty()) expire_links({{pending->payment_id, made_id}});
        result.result = checkout_result::kind::gateway_down;
        return result;
    }
    expire_links(store::trim_unfinished_payments(database_, request.client_id, settings_.payments_max_unfinished));
    result.result = checkout_result::kind::pay_at_gateway;
    return result;
}

void payment_flow::expire_links(const std::vector<store::link_to_expire>& links) {
    for (auto& link : links) {
        if (link.preference_id.empty()) {
            store::mark_link_expired_at_gateway(database_, link.payment_id);  // never reached the gateway
            continue;
        }
        try {
            gateway_.expire_preference(link.preference_id, "expire-" + link.preference_id);
            store::mark_link_expired_at_gateway(database_, link.payment_id);
        } catch (const gateway_error& e) {
            store::release_gateway_claim(database_, link.payment_id);
            log_line("link " + link.preference_id + " not yet expired at the gateway (retried by reserva-expire): " + e.what());
        }
    }
}

refund_outcome payment_flow::carry_out(const store::refund_to_make& refund) {
    std::string refused;
    try {
        auto id = gateway_.refund_payment(refund.gateway_payment_id, refund.idempotency_key, refund.amount);
        store::mark_refund_done(database_, refund.refund_id, id);
        log_line("refunded " + (refund.amount ? format_decimal(refund.amount) + " of " : std::string()) +
                 "gateway payment " + refund.gateway_payment_id);
        return refund_outcome::done;
    } catch (const gateway_refusal& e) {
        refused = e.what();
    } catch (const gateway_error& e) {
        log_line("refund of " + refund.gateway_payment_id + " not yet made (retried by reserva-expire): " + e.what());
        return refund_outcome::pending;
    }
    if (refund.amount) {  // a refund someone asked for: the owner sees the gateway's no
        log_line("refund " + std::to_string(refund.refund_id) + " of " + refund.gateway_payment_id + " refused: " + refused);
        store::mark_refund_failed(database_, refund.refund_id, refused);
        return refund_outcome::refused;
    }
    // An automatic refund refused: perhaps made already by an attempt whose answer was lost.
    try {
        if (gateway_.get_payment(refund.gateway_payment_id).status == "refunded") {
            store::mark_refund_done(database_, refund.refund_id, "");
            return refund_outcome::done;
        }
    } catch (const gateway_error& e) {
        refused += std::string("; and the payment could not be read: ") + e.what();
    }
    log_line("refund of " + refund.gateway_payment_id + " refused: " + refused);
    return refund_outcome::pending;
}

void payment_flow::carry_out_refunds(const std::string& gateway_payment_id) {
    for (auto& refund : store::pending_refunds(database_, gateway_payment_id)) carry_out(refund);
}

staff_refund_result payment_flow::refund_after_sale(const store::actor& by, const store::staff_refund_request& request) {
    staff_refund_result result;
    result.decided = store::decide_staff_refund(database_, by, request);
    if (result.decided.result == store::refund_decision::created) result.outcome = carry_out(result.decided.refund);
    return result;
}

settle_result payment_flow::settle(const std::string& gateway_payment_id) {
    settle_result result;
    gateway_payment payment;
    try {
        payment = gateway_.get_payment(gateway_payment_id);
    } catch (const gateway_refusal&) {
        return result;  // no such payment at the gateway: forged or mistaken
    } catch (const gateway_error& e) {
        log_line("payment " + gateway_payment_id + " could not be checked: " + e.what());
        result.result = settle_result::kind::unavailable;
        return result;
    }
    auto order = store::order_of_payment(database_, payment.external_reference);
    if (!order) {
        log_line("payment " + gateway_payment_id + " names no payment of this store");
        return result;
    }
    result.order_id = *order;
    if (payment.status == "pending" || payment.status == "in_process" || payment.status == "authorized") {
        result.result = settle_result::kind::pending;
        return result;
    }
    // A sale settled here that the gateway now reports refunded (in part or all, at the seller's
    // dashboard), charged back or cancelled: recorded on the order and flagged.
    if (payment.status == "refunded" || payment.status == "charged_back" || payment.status == "cancelled" ||
        payment.amount_refunded > 0) {
        if (store::record_gateway_reversal(database_, payment.id, payment.status, payment.amount_refunded))
            log_line("gateway payment " + payment.id + " of order " + std::to_string(*order) + " is " + payment.status +
                     " at the gateway (" + format_decimal(payment.amount_refunded) + " refunded): order flagged");
    }
    if (payment.status == "refunded" || payment.status == "charged_back" || payment.status == "cancelled") {
        result.result = settle_result::kind::refunded;
        return result;
    }
    if (payment.status != "approved") return result;

    auto outcome = store::finalize_payment(
        database_, {payment.external_reference, payment.id, payment.amount, payment.currency});
    switch (outcome.status) {
        case store::finalize_status::finished:
            log_line("order " + std::to_string(outcome.order_id) + " paid by gateway payment " + payment.id);
            expire_links(outcome.other_links);
            [[fallthrough]];
        case store::finalize_status::already_finished:
            result.result = settle_result::kind::approved;
            return result;
        case store::finalize_status::refund_needed:
            log_line("gateway payment " + payment.id + " cannot be honoured (" + outcome.refund_reason + "): refunding");
            [[fallthrough]];
        case store::finalize_status::already_refunded:
            carry_out_refunds(payment.id);
            result.result = settle_result::kind::refunded;
            return result;
        case store::finalize_status::mismatch:
            log_line("gateway payment " + payment.id + " does not match its order's amount or currency: ignored");
            [[fallthrough]];
        case store::finalize_status::unknown_payment:
            break;
    }
    result.result = settle_result::kind::failed;
    return result;
}

void payment_flow::catch_up_with_gateway() {
    auto links = store::claim_links_awaiting_gateway_expiry(database_, 200);
    expire_links(links);
    auto refunds = store::pending_refunds(database_);
    for (auto& refund : refunds) carry_out_refunds(refund.gateway_payment_id);
    log_line("gateway catch-up: " + std::to_string(links.size()) + " links to expire, " + std::to_string(refunds.size()) +
             " refunds to make (failures are logged above and retried next pass)");
}

}  // namespace reserva::payments
