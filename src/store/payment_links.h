// Every payment link (the payment row) is created here, and every change of its status and of
// its gateway bookkeeping goes through here, so the states of SPEC section 5 and the guards that
// keep them honest can be read in one place. Each function runs inside the caller's transaction;
// the changes return how many rows they changed: a guarded change (WHERE ... AND status = ...)
// that changes none found the link moved on.
#pragma once
#include <cstdint>
#include <string>

#include "db/pool.h"
#include "store/checkout.h"

namespace reserva::store::payment_links {

// A new link (status creating) for payment.order_id, with what the shopper pays for
// (payment.lines, the snapshot finalize ships), live for expiry_minutes; an empty client_address
// is recorded as NULL. Returns the payment's id.
std::int64_t create(db::connection& conn, const pending_payment& payment, std::int64_t client_id, int expiry_minutes,
                    const std::string& client_address);

// creating → open: the gateway made the link (its preference and where the shopper pays).
int mark_open(db::connection& conn, std::int64_t payment_id, const std::string& preference_id,
              const std::string& init_point);
// creating → failed: the gateway never made the link, or made one the store refused
// (preference_id: then kept, so that the link is expired at the gateway).
int mark_failed(db::connection& conn, std::int64_t payment_id, const std::string& preference_id = "");
// → deleted: replaced by the shopper's newer links (the caller picked it among the unfinished).
int mark_deleted(db::connection& conn, std::int64_t payment_id);
// → expired, unguarded: the caller has just read it as creating or open under a lock.
int mark_expired(db::connection& conn, std::int64_t payment_id);
// creating or open → expired: its time ran out (reserva-expire).
int expire_if_unfinished(db::connection& conn, std::int64_t payment_id);
// from_status → approved with the gateway payment that paid it.
int mark_approved(db::connection& conn, std::int64_t payment_id, const std::string& gateway_payment_id,
                  const std::string& from_status);
// from_status → refunded: the gateway payment was sent back (a refund row records why).
int mark_refunded(db::connection& conn, std::int64_t payment_id, const std::string& gateway_payment_id,
                  const std::string& from_status);

// The gateway work of an ended link (expiring it at the gateway): claimed for five minutes by
// one expire pass, released when the call fails, marked done when it succeeds.
int claim_gateway_work(db::connection& conn, std::int64_t payment_id);
int release_gateway_claim(db::connection& conn, std::int64_t payment_id);
int mark_expired_at_gateway(db::connection& conn, std::int64_t payment_id);

}  // namespace reserva::store::payment_links
