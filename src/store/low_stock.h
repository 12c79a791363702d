// Low stock: a variant of a published product is low when its on-hand quantity is at or below
// its threshold (item_stock.low_threshold, or [stock] low_threshold when it has none). The
// back office's view lists them; the timer pass mails [mail] notify once a day at most, listing
// the variants that fell to their threshold since they were last listed (a variant that went
// back above it is listed again the next time it falls).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/stocked_variants.h"
#include "util/config.h"

namespace reserva::store {

using low_variant = stocked_variant;

// Lowest on-hand first, then by product and SKU.
std::vector<low_variant> low_stock(db::pool& pool, int default_threshold);

// The timer pass: queues today's low-stock e-mail (UTC day; one per day across every host, by
// mail_outbox.dedupe_key) when [mail] notify is set and some variant crossed its threshold.
// Templates must be reachable (view::set_template_root). Returns how many variants it lists.
int queue_low_stock_mail(db::pool& pool, const config& settings);

}  // namespace reserva::store
