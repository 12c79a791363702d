#include "store/low_stock.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <ctemplate/template.h>

#include <memory>

#include "db/transaction.h"
#include "view/page.h"

namespace reserva::store {
namespace {

const char* const low_columns =
    "SELECT s.id, p.id, s.sku, p.name, c.name, s.size, s.quantity, s.held, COALESCE(s.low_threshold, ?)"
    "  FROM item_stock s JOIN product p ON p.id = s.product_id AND p.active = 1 JOIN color c ON c.id = s.color_id"
    " WHERE s.quantity <= COALESCE(s.low_threshold, ?)";

std::vector<low_variant> read_low(sql::ResultSet& rows) {
    std::vector<low_variant> low;
    while (rows.next())
        low.push_back({rows.getInt64(1), rows.getInt64(2), rows.getString(3), rows.getString(4), rows.getString(5),
                       rows.getString(6), rows.getInt(7), rows.getInt(8), rows.getInt(9)});
    return low;
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
        auto& query = conn.prepare(std::string(low_columns) + " ORDER BY s.quantity, p.name, s.sku");
        query.setInt(1, default_threshold);
        query.setInt(2, default_threshold);
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        return read_low(*rows);
    });
}

int queue_low_stock_mail(db::pool& pool, const config& settings) {
    if (settings.mail_notify.empty()) return 0;
    int threshold = settings.stock_low_threshold;
    return db::in_transaction(pool, [&](db::connection& conn) {
        // Back above the threshold: the next fall is news again.
        auto& recovered = conn.prepare(
            "UPDATE item_stock SET low_notified = 0 WHERE low_notified = 1 AND quantity > COALESCE(low_threshold, ?)");
        recovered.setInt(1, threshold);
        recovered.executeUpdate();
        auto& today = conn.prepare("SELECT 1 FROM mail_outbox WHERE dedupe_key = CONCAT('low_stock:', UTC_DATE())");
        std::unique_ptr<sql::ResultSet> sent(today.executeQuery());
        if (sent->next()) return 0;
        auto& crossed = conn.prepare(std::string(low_columns) + " AND s.low_notified = 0 ORDER BY s.quantity, p.name, s.sku FOR UPDATE");
        crossed.setInt(1, threshold);
        crossed.setInt(2, threshold);
        std::unique_ptr<sql::ResultSet> rows(crossed.executeQuery());
        auto low = read_low(*rows);
        if (low.empty()) return 0;
        ctemplate::TemplateDictionary values("low_stock_email");
        fill_mail(values, low, settings.base_url);
        // INSERT IGNORE: another host's pass that queued today's mail first wins; this one rolls
        // back its marks by writing none.
        auto& queue = conn.prepare(
            "INSERT IGNORE INTO mail_outbox (order_id, recipient, kind, dedupe_key, subject, body_text, body_html)"
            " VALUES (NULL, ?, 'low_stock', CONCAT('low_stock:', UTC_DATE()), ?, ?, ?)");
        queue.setString(1, settings.mail_notify);
        queue.setString(2, "Reserva: " + std::to_string(low.size()) + (low.size() == 1 ? " variant is" : " variants are") +
                               " low on stock");
        queue.setString(3, view::render_template("low_stock_email.txt.tpl", values));
        queue.setString(4, view::render_template("low_stock_email.html.tpl", values));
        if (queue.executeUpdate() == 0) return 0;
        for (auto& v : low) {
            auto& mark = conn.prepare("UPDATE item_stock SET low_notified = 1 WHERE id = ?");
            mark.setInt64(1, v.stock_id);
            mark.executeUpdate();
        }
        return static_cast<int>(low.size());
    });
}

}  // namespace reserva::store
