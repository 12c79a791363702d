// Stock from a CSV file (SPEC section 8, POST /admin/import/stock; reservactl stock import):
// a header row with a "sku" column and either "quantity" (or "on_hand", as stock.csv has it:
// counts, on-hand := the number) or "delta" (adjustments, on-hand += the number); other columns
// are ignored, so an exported stock.csv can be edited and imported back. A dry run lists every
// change and every bad line (its spreadsheet row number and why); applying changes nothing
// while any line is bad, and otherwise writes every change in one transaction through the
// ledger (reason import), the variants locked in ascending id order.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/pool.h"
#include "store/audit.h"
#include "store/stock_import_csv.h"

namespace reserva::store {

struct planned_change {
    int line = 0;
    std::string sku, product, color, size;
    std::int64_t stock_id = 0;
    int on_hand_before = 0, on_hand_after = 0;
    int held = 0;  // units live payment links hold: on_hand_after below it is allowed, and shown
};

struct import_plan {
    import_mode mode = import_mode::counts;
    std::vector<planned_change> changes;  // in the file's order; a line that changes nothing is left out
    std::vector<bad_line> bad;            // in line order
    int unchanged = 0;                    // good lines whose number is what is on hand already
    bool applied = false;
};

// The dry run: reads, locks nothing, writes nothing.
import_plan preview_stock_import(db::pool& pool, std::string_view file);
// Applies the whole file or nothing: with any bad line, the plan comes back with applied false
// (also when a line turned bad since the preview, e.g. a sale made a delta go below 0).
// who: a staff e-mail or "cli"; note: the ledger's text for every row (e.g. the file's name).
// by: the back office's staff member, for the audit row (none from reservactl).
import_plan apply_stock_import(db::pool& pool, std::string_view file, const std::string& who, const std::string& note,
                               const actor* by = nullptr);

}  // namespace reserva::store
