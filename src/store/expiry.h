// Payment links die after expiry_minutes; so do the stock holds they kept.
#pragma once
#include "db/pool.h"

namespace reserva::store {

struct expiry_result {
    int payments_expired = 0;
    int holds_released = 0;
};

// Marks open payments past expires_at as expired and deletes holds past their expiry, in one
// transaction. Rows another host is processing are skipped (SKIP LOCKED), never done twice.
expiry_result expire_stale_payments(db::pool& pool);

}  // namespace reserva::store
