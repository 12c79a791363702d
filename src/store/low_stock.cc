#include "store/low_stock.h"

#include <ctemplate/template.h>

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "view/page.h"

namespace reserva::store {
namespace {

variant_filter low_of_published() {
    variant_filter filter;
    filter.low_only = true;
    filter.published_only = true;
    return filter;
}

void fill_mail(ctemplate::TemplateDictionary& values, const std::vector<low_variant>& low, const std::string& base_url) {
    values.SetIntValue("COUNT", static_cast<long>(low.size()));
    values.SetValue("STOCK_URL", base_url + "/admin/stock/?low=1");
    for (auto& v : low) {
        auto* row = values.AddSectionDictionary("VARIANT");
        row->SetValue("SKU", v.sku);
        row->SetValue("PRODUCT", v.product);
        row->SetValue("COLOR", v.color);
        row->SetValue("SIZE", v.size);
        row->SetIntValue("ON_HAND", v.on_hand);
        row->SetIntValue("THRESHOLD", v.threshold);
        if (v.held > 0) row->SetValueAndShowSection("HELD", std::to_string(v.held), "HAS_HELD");
    }
}

}  // namespace

std::vector<low_variant> low_stock(db::pool& pool, int default_threshold) {
    return db::with_connection(pool, [&](db::connection& conn) {
        return variants_with_product(conn, low_of_published(), default_threshold, variant_order::lowest_first);
    });
}

int queue_low_stock_mail(db::pool& pool, const config& settings) {
    if (settings.mail_notify.empty()) return 0;
    int threshold = settings.stock_low_threshold;
    return db::in_transaction(pool, [&](db::connection& conn) {
        // Back above the threshold: the next fall is news again.
        db::execute(conn,
            "UPDATE item_stock SET low_notified = 0 WHERE low_notified = 1 AND quantity > COALESCE(low_threshold, ?)",
            threshold);
        auto sent = db::query(conn, "SELECT 1 FROM mail_outbox WHERE dedupe_key = CONCAT('low_stock:', UTC_DATE())");
        if (sent.next()) return 0;
        auto filter = low_of_published();
        filter.not_yet_notified = true;
        filter.lock = true;
        auto low = variants_with_product(conn, filter, threshold, variant_order::lowest_first);
        if (low.empty()) return 0;
        ctemplate::TemplateDictionary values("low_stock_email");
        fill_mail(values, low, settings.base_url);
        // INSERT IGNORE: another host's pass that queued today's mail first wins; this one rolls
        // back its marks by writing none.
        if (db::execute(conn,
            "INSERT IGNORE INTO mail_outbox (order_id, recipient, kind, dedupe_key, subject, body_text, body_html)"
            " VALUES (NULL, ?, 'low_stock', CONCAT('low_stock:', UTC_DATE()), ?, ?, ?)",
            settings.mail_notify, "Reserva: " + std::to_string(low.size()) + (low.size() == 1 ? " variant is" : " variants are") + " low on stock", view::render_template("low_stock_email.txt.tpl", values), view::render_template("low_stock_email.html.tpl", values)) == 0) return 0;
        for (auto& v : low) {
            db::execute(conn, "UPDATE item_stock SET low_notified = 1 WHERE id = ?", v.stock_id);
        }
        return static_cast<int>(low.size());
    });
}

}  // namespace reserva::store
