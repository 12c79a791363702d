// Who is shopping: a client row per anonymous visitor (id_session cookie) or account, and the
// client's open order, which is the cart.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/pool.h"

namespace reserva::store {

struct shopper_state {
    std::int64_t client_id = 0;
    std::int64_t open_order_id = 0;  // 0: no cart yet
    int cart_units = 0;
};

// One query: the client with this anonymous session key, its cart and how many units it holds.
std::optional<shopper_state> find_anonymous_shopper(db::pool& pool, const std::string& session_key);
// A new anonymous client for a freshly drawn session key.
std::int64_t create_anonymous_client(db::pool& pool, const std::string& session_key);

}  // namespace reserva::store
