// A signed-in shopper's saved delivery addresses. Every call names the owner: an address id of
// another client is treated as absent.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "db/pool.h"
#include "store/address.h"

namespace reserva::store {

struct saved_address {
    std::int64_t id = 0;
    address fields;
};

std::vector<saved_address> list_addresses(db::pool& pool, std::int64_t client_id);
std::optional<address> find_address(db::pool& pool, std::int64_t client_id, std::int64_t address_id);
// The new entry's id, or the id of the same address already in the book.
std::int64_t add_address(db::pool& pool, std::int64_t client_id, const address& a);
bool update_address(db::pool& pool, std::int64_t client_id, std::int64_t address_id, const address& a);
bool delete_address(db::pool& pool, std::int64_t client_id, std::int64_t address_id);

}  // namespace reserva::store
