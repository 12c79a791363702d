// Payment links die after expiry_minutes; so do the stock holds they kept.
#pragma once
#include "db/pool.h"

namespace reserva::store {

struct expiry_result {
    int payments_expired = 0;
    int holds_released = 0;
    int carts_deleted = 0;
};

inline constexpr int anonymous_cart_days = 40;  // the id_session cookie's lifetime

// Marks open payments past expires_at as expired and deletes holds past their expiry, in one
// transaction. Rows another host is processing are skipped (SKIP LOCKED), never done twice.
expiry_result expire_stale_payments(db::pool& pool);
// Anonymous carts untouched for anonymous_cart_days: their lines go, and the order and client
// rows too when nothing (payments, finished orders) refers to them. Fills carts_deleted.
void delete_abandoned_carts(db::pool& pool, expiry_result& result);

}  // namespace reserva::store
