#include "store/checkout.h"

#include <algorithm>
#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/cart_rows.h"
#include "store/holds.h"
#include "store/payment_links.h"
#include "util/random.h"

namespace reserva::store {
namespace {

void save_shipping(db::connection& conn, std::int64_t order_id, const address& a, const std::string& email) {
    db::execute(conn,
        "UPDATE shop_order SET ship_street = ?, ship_number = ?, ship_complement = ?, ship_neighborhood = ?,"
        " ship_city = ?, ship_state = ?, ship_zip = ?, email = ?, updated_at = NOW(3) WHERE id = ?",
        a.street, a.number, a.complement, a.neighborhood, a.city, a.state, a.zip, email, order_id);
}

void hold_stock_for_order(db::connection& conn, std::int64_t order_id, const cart& lines, int minutes) {
    holds::release_order(conn, order_id);
    for (auto& line : lines.lines) holds::hold(conn, order_id, line.stock_id, line.quantity, minutes);
}

// The payment an earlier run of this confirm recorded (its COMMIT's answer was lost).
std::optional<pending_payment> recorded_payment(db::connection& conn, const std::string& reference) {
    auto found = db::query(conn, "SELECT id, order_id, total_cents FROM payment WHERE reference = ?", reference);
    if (!found.next()) return std::nullopt;
    pending_payment payment;
    payment.payment_id = found.int64(1);
    payment.order_id = found.int64(2);
    payment.total = found.int64(3);
    payment.reference = reference;
    auto lines = db::query(conn,
        "SELECT item_stock_id, title, quantity, unit_price_cents FROM payment_item WHERE payment_id = ? ORDER BY item_stock_id",
        payment.payment_id);
    while (lines.next())
        payment.lines.push_back({lines.int64(1), lines.text(2), lines.int32(3), lines.int64(4)});
    return payment;
}

// Other orders this address holds stock for, confirmed within the window. The address's guard
// row is written first: its lock makes the confirms of one address run one after another (and
// on Galera conflict at certification), so many sent at once cannot all count the same few.
int orders_held_by_address(db::connection& conn, const confirm_request& request, std::int64_t order_id) {
    db::execute(conn,
        "INSERT INTO client_address_guard (address, last_confirm_at) VALUES (?, NOW(3))"
        " ON DUPLICATE KEY UPDATE last_confirm_at = NOW(3)", request.client_address);
    auto found = db::query(conn,
        "SELECT COUNT(DISTINCT order_id) FROM payment WHERE client_address = ?"
        " AND created_at > NOW(3) - INTERVAL ? MINUTE AND status IN ('creating', 'open')"
        " AND expires_at > NOW(3) AND order_id <> ?",
        request.client_address, request.limits.address_window_minutes, order_id);
    return found.next() ? found.int32(1) : 0;
}

}  // namespace

confirm_outcome confirm_order(db::pool& pool, const confirm_request& request) {
    // Chosen once, before the transaction: it is the unique key a rerun looks up.
    const std::string reference = random_hex(16);
    return db::in_transaction(pool, [&](db::connection& conn) -> confirm_outcome {
        rows::lock_client(conn, request.client_id);
        if (auto earlier = recorded_payment(conn, reference)) return {earlier, confirm_refusal::none};
        auto order_id = rows::open_order(conn, request.client_id, false);
        if (!order_id) return {std::nullopt, confirm_refusal::cart_short};
        auto lines = rows::read_cart(conn, request.client_id);
        if (lines.lines.empty()) return {std::nullopt, confirm_refusal::cart_short};
        for (auto& line : lines.lines)
            if (line.quantity > request.limits.units_per_item) return {std::nullopt, confirm_refusal::too_many_units};
        if (request.limits.orders_per_address > 0 && !request.client_address.empty() &&
            orders_held_by_address(conn, request, order_id) >= request.limits.orders_per_address)
            return {std::nullopt, confirm_refusal::address_busy};
        std::vector<std::int64_t> ids;
        for (auto& line : lines.lines) ids.push_back(line.stock_id);
        auto available = rows::lock_stock_and_measure(conn, ids, order_id);
        for (auto& line : lines.lines)
            if (!line.on_sale || line.quantity > available[line.stock_id]) return {std::nullopt, confirm_refusal::cart_short};

        hold_stock_for_order(conn, order_id, lines, request.expiry_minutes);
        save_shipping(conn, order_id, request.ship_to, request.email);

        pending_payment payment;
        payment.order_id = order_id;
        payment.reference = reference;
        payment.total = lines.total();
        for (auto& line : lines.lines)
            payment.lines.push_back({line.stock_id, line.product_name + " — " + line.color_name + ", size " + line.size,
                                     line.quantity, line.unit_price});
        payment.payment_id =
            payment_links::create(conn, payment, request.client_id, request.expiry_minutes, request.client_address);
        return {payment, confirm_refusal::none};
    }, db::lost_commit::look_up_and_rerun);
}

int purge_quiet_address_guards(db::pool& pool) {
    return db::in_transaction(pool, [](db::connection& conn) {
        return db::execute(conn, "DELETE FROM client_address_guard WHERE last_confirm_at < NOW(3) - INTERVAL 1 DAY");
    });
}

bool names_a_link_of_this_store(db::pool& pool, const std::string& reference, const std::string& preference_id) {
    if (reference.empty() || preference_id.empty()) return false;
    return db::with_connection(pool, [&](db::connection& conn) {
        auto found = db::query(conn,
            "SELECT 1 FROM payment WHERE reference = ? AND preference_id = ?", reference, preference_id);
        return found.next();
    });
}

void attach_link(db::pool& pool, std::int64_t payment_id, const std::string& preference_id, const std::string& init_point) {
    db::in_transaction(pool, [&](db::connection& conn) {
        payment_links::mark_open(conn, payment_id, preference_id, init_point);
    }, db::lost_commit::look_up_and_rerun);
}

void abandon_payment(db::pool& pool, std::int64_t payment_id, const std::string& made_preference) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto found = db::query(conn, "SELECT client_id, order_id FROM payment WHERE id = ?", payment_id);
        if (!found.next()) return;
        std::int64_t order_id = found.int64(2);
        // The lock every confirm takes first: a confirm of the same order (a second press of the
        // button) runs wholly before or after this.
        rows::lock_client(conn, found.int64(1));
        payment_links::mark_failed(conn, payment_id, made_preference);
        // The order's hold is its newest confirm's: when a later confirm has already replaced it,
        // it is that confirm's to keep.
        auto newer = db::query(conn,
            "SELECT 1 FROM payment p JOIN payment this ON this.id = ?"
            " WHERE p.order_id = this.order_id AND p.status IN ('creating', 'open')"
            "   AND (p.created_at, p.id) > (this.created_at, this.id) LIMIT 1", payment_id);
        if (!newer.next()) holds::release_order(conn, order_id);
    });
}

std::vector<link_to_expire> trim_unfinished_payments(db::pool& pool, std::int64_t client_id, int keep) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        rows::lock_client(conn, client_id);
        auto found = db::query(conn,
            "SELECT id, COALESCE(preference_id, '') FROM payment"
            " WHERE client_id = ? AND status IN ('creating', 'open') ORDER BY created_at DESC, id DESC", client_id);
        std::vector<link_to_expire> doomed;
        for (int position = 0; found.next(); ++position)
            if (position >= keep) doomed.push_back({found.int64(1), found.text(2)});
        for (auto& link : doomed) payment_links::mark_deleted(conn, link.payment_id);
        return doomed;
    });
}

void mark_link_expired_at_gateway(db::pool& pool, std::int64_t payment_id) {
    db::in_transaction(pool, [&](db::connection& conn) {
        payment_links::mark_expired_at_gateway(conn, payment_id);
    }, db::lost_commit::look_up_and_rerun);
}

void release_gateway_claim(db::pool& pool, std::int64_t payment_id) {
    db::in_transaction(pool, [&](db::connection& conn) {
        payment_links::release_gateway_claim(conn, payment_id);
    }, db::lost_commit::look_up_and_rerun);
}

std::vector<link_to_expire> claim_links_awaiting_gateway_expiry(db::pool& pool, int limit) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto found = db::query(conn,
            "SELECT id, preference_id FROM payment WHERE status IN ('deleted', 'expired', 'failed')"
            " AND link_expired_at_gateway = 0 AND preference_id IS NOT NULL"
            " AND (gateway_claim_until IS NULL OR gateway_claim_until < NOW(3))"
            " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED", limit);
        std::vector<link_to_expire> links;
        while (found.next()) links.push_back({found.int64(1), found.text(2)});
        for (auto& link : links) payment_links::claim_gateway_work(conn, link.payment_id);
        return links;
    });
}

}  // namespace reserva::store
