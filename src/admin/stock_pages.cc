#include "admin/stock_pages.h"

#include <cgicc/CgiUtils.h>

#include <map>

#include "admin/admin_page.h"
#include "store/catalog_admin.h"
#include "store/catalog_export.h"
#include "store/catalog_stock.h"
#include "store/stock_import.h"
#include "store/stock_ledger.h"
#include "util/local_time.h"
#include "util/text.h"

namespace reserva::admin {
namespace {

constexpr int max_change = 1000000;

void fill_cell(ctemplate::TemplateDictionary& cell, const store::stock_cell& c, const std::string& token) {
    cell.SetIntValue("VARIANT_ID", c.stock_id);
    cell.SetValue("SKU", c.sku);
    cell.SetIntValue("PRODUCT_ID", c.product_id);
    cell.SetIntValue("COLOR_ID", c.color_id);
    cell.SetValue("COLOR", c.color);
    cell.SetValue("SIZE", c.size);
    cell.SetIntValue("ON_HAND", c.on_hand);
    cell.SetIntValue("HELD", c.held);
    cell.SetValue("VERSION", std::to_string(c.version));
    cell.SetValue("CSRF_TOKEN", token);
    if (c.on_hand <= c.threshold) cell.ShowSection("LOW");
}

// One table per product: a row per color, a column per size (in the sizes' shop order).
http::response stock_page(context& ctx, const http::request& req, staff_identity& who, const std::string& notice,
                          const std::string& error, int status) {
    std::string q(trim(req.param("q")));
    bool low = req.param("low") == "1";
    auto cells = store::stock_grid(ctx.database, q.substr(0, 100), low, ctx.settings.stock_low_threshold);
    view::page page("admin_stock.tpl", "Stock", layout_template);
    fill_layout(page, who);
    auto& body = page.body();
    body.SetValue("Q", q);
    if (low) body.ShowSection("LOW_ONLY");
    if (who.is_owner()) body.AddSectionDictionary("CAN_IMPORT")->SetValue("CSRF_TOKEN", who.csrf_token());
    if (!notice.empty()) body.AddSectionDictionary("NOTICE")->SetValue("MESSAGE", notice);
    if (!error.empty()) body.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
    if (cells.empty()) body.ShowSection("NONE");
    std::string token = who.csrf_token();
    for (std::size_t i = 0; i < cells.size();) {
        std::size_t end = i;
        while (end < cells.size() && cells[end].product_id == cells[i].product_id) ++end;
        auto* product = body.AddSectionDictionary("PRODUCT");
        product->SetIntValue("PRODUCT_ID", cells[i].product_id);
        product->SetValue("PRODUCT", cells[i].product);
        std::vector<std::string> sizes;
        std::vector<std::string> colors;
        std::map<std::pair<std::string, std::string>, const store::stock_cell*> at;
        for (std::size_t k = i; k < end; ++k) {
            if (std::find(sizes.begin(), sizes.end(), cells[k].size) == sizes.end()) sizes.push_back(cells[k].size);
            if (std::find(colors.begin(), colors.end(), cells[k].color) == colors.end()) colors.push_back(cells[k].color);
            at[{cells[k].color, cells[k].size}] = &cells[k];
        }
        for (auto& s : sizes) product->AddSectionDictionary("SIZE_HEAD")->SetValue("SIZE", s);
        for (auto& color : colors) {
            auto* row = product->AddSectionDictionary("COLOR_ROW");
            row->SetValue("COLOR", color);
            for (auto& s : sizes) {
                auto* slot = row->AddSectionDictionary("SLOT");
                slot->SetValue("SLOT_SIZE", s);
                auto found = at.find({color, s});
                if (found == at.end()) slot->ShowSection("EMPTY_SLOT");
                else fill_cell(*slot->AddSectionDictionary("CELL"), *found->second, token);
            }
        }
        i = end;
    }
    return render(page, who, status);
}

std::string held_text(int units, int orders) {
    return std::to_string(units) + (units == 1 ? " unit is" : " units are") + " held by " + std::to_string(orders) +
           (orders == 1 ? " order" : " orders") + " being paid";
}

// Asked before an adjustment or a count takes on-hand below what live links hold.
http::response confirm_page(context& ctx, staff_identity& who, const store::stock_cell& c, const std::string& action,
                            int new_on_hand, const std::vector<std::pair<std::string, std::string>>& fields) {
    auto held = store::held_now(ctx.database, c.stock_id);
    view::page page("admin_stock_confirm.tpl", "Confirm stock change", layout_template);
    fill_layout(page, who);
    auto& body = page.body();
    fill_cell(body, c, who.csrf_token());
    body.SetValue("PRODUCT", c.product);
    body.SetValue("ACTION", action);
    body.SetIntValue("NEW_ON_HAND", new_on_hand);
    body.SetValue("HELD_TEXT", held_text(held.held_units, held.held_orders));
    for (auto& [name, value] : fields) {
        auto* f = body.AddSectionDictionary("FIELD");
        f->SetValue("NAME", name);
        f->SetValue("VALUE", value);
    }
    return render(page, who);
}

std::optional<store::stock_cell> variant_of(context& ctx, http::request& req) {
    auto id = parse_id(req.path_params["variant"]);
    if (!id) return std::nullopt;
    return store::stock_cell_of(ctx.database, *id, ctx.settings.stock_low_threshold);
}

std::string reason_of(const http::request& req) {
    std::string reason(trim(req.param("reason")));
    return valid_utf8(reason) ? reason.substr(0, 500) : std::string();
}

http::response after_change(context& ctx, const http::request& req, staff_identity& who, const store::stock_outcome& done,
                            const store::stock_cell& c) {
    std::string notice = c.sku + ": " + std::to_string(done.on_hand) + " on hand.";
    if (done.on_hand < done.held_units) notice += " " + held_text(done.held_units, done.held_orders) + ".";
    return stock_page(ctx, req, who, notice, "", 200);
}

http::response adjust(context& ctx, http::request& req, staff_identity& who) {
    auto c = variant_of(ctx, req);
    if (!c) return admin_error(404, "There is no such variant.", &who);
    auto delta = parse_int64(trim(req.param("delta")));
    auto reason = reason_of(req);
    if (!delta || *delta == 0 || *delta < -max_change || *delta > max_change)
        return stock_page(ctx, req, who, "", "Write the change as a whole number such as 12 or -1.", 400);
    if (reason.empty()) return stock_page(ctx, req, who, "", "Say why the stock changes (\"received 12\", \"damaged 1\").", 400);
    int after = c->on_hand + static_cast<int>(*delta);
    if (after >= 0 && after < c->held && req.param("confirm") != "1")
        return confirm_page(ctx, who, *c, "/admin/stock/" + std::to_string(c->stock_id) + "/adjust", after,
                            {{"delta", std::to_string(*delta)}, {"reason", reason}, {"q", req.param("q")}});
    try {
        auto done = store::adjust_variant(ctx.database, c->stock_id, static_cast<int>(*delta), reason, who.actor());
        return after_change(ctx, req, who, done, *c);
    } catch (const store::ledger::below_zero& e) {
        return stock_page(ctx, req, who, "", c->sku + ": " + std::to_string(e.on_hand) + " on hand; a change of " +
                                                 std::to_string(*delta) + " would go below 0. Nothing changed.", 400);
    }
}

http::response count(context& ctx, http::request& req, staff_identity& who) {
    auto c = variant_of(ctx, req);
    if (!c) return admin_error(404, "There is no such variant.", &who);
    auto quantity = parse_int64(trim(req.param("quantity")));
    auto version = parse_int64(trim(req.param("version")));
    auto reason = reason_of(req);
    if (!quantity || *quantity < 0 || *quantity > max_change)
        return stock_page(ctx, req, who, "", "Write the count as a whole number from 0.", 400);
    if (!version || *version < 0) return stock_page(ctx, req, who, "", "The form is missing its version; reload the page.", 400);
    if (reason.empty()) reason = "count";
    if (*quantity < c->held && req.param("confirm") != "1" && static_cast<std::uint64_t>(*version) == c->version)
        return confirm_page(ctx, who, *c, "/admin/stock/" + std::to_string(c->stock_id) + "/count", static_cast<int>(*quantity),
                            {{"quantity", std::to_string(*quantity)}, {"version", std::to_string(*version)},
                             {"reason", reason}, {"q", req.param("q")}});
    try {
        auto done = store::count_variant(ctx.database, c->stock_id, static_cast<int>(*quantity),
                                         static_cast<std::uint64_t>(*version), reason, who.actor());
        return after_change(ctx, req, who, done, *c);
    } catch (const store::ledger::stale_count& e) {
        return stock_page(ctx, req, who, "",
                          c->sku + " changed since this page was drawn: it has " + std::to_string(e.on_hand) +
                              " on hand now. Nothing was changed; count again with the new number.",
                          409);
    }
}

// One ledger row's cells, as the variant's and the store's ledger pages show them.
void fill_ledger_row(ctemplate::TemplateDictionary& row, const store::ledger::entry& e) {
    row.SetValue("AT", format_local_time(e.at_epoch));
    row.SetIntValue("DELTA", e.delta);
    row.SetValue("DELTA_TEXT", (e.delta > 0 ? "+" : "") + std::to_string(e.delta));
    row.SetIntValue("AFTER", e.on_hand_after);
    row.SetValue("REASON", e.reason);
    row.SetValue("WHO", e.who);
    row.SetValue("NOTE", e.note);
    if (e.order_id) row.SetValueAndShowSection("ORDER_ID", std::to_string(e.order_id), "HAS_ORDER");
}

http::response ledger_page(context& ctx, http::request& req, staff_identity& who) {
    auto c = variant_of(ctx, req);
    if (!c) return admin_error(404, "There is no such variant.", &who);
    view::page page("admin_ledger.tpl", "Ledger of " + c->sku, layout_template);
    fill_layout(page, who);
    auto& body = page.body();
    fill_cell(body, *c, who.csrf_token());
    body.SetValue("PRODUCT", c->product);
    auto rows = store::ledger::history(ctx.database, c->product_id, c->stock_id);
    if (rows.empty()) body.ShowSection("NONE");
    for (auto& e : rows) {
        fill_ledger_row(*body.AddSectionDictionary("ENTRY"), e);
    }
    return render(page, who);
}

// The whole store's ledger, 100 rows a page, filtered by reason, who and product or SKU.
http::response store_ledger_page(context& ctx, http::request& req, staff_identity& who) {
    static const char* const reasons[] = {"sale", "refund", "adjust", "count", "import", "demo"};
    store::ledger::filter wanted;
    wanted.text = std::string(trim(req.param("q"))).substr(0, 100);
    wanted.who = std::string(trim(req.param("who"))).substr(0, 254);
    for (auto* r : reasons)
        if (req.param("reason") == r) wanted.reason = r;
    auto page_number = parse_int64(req.param("page"));
    int page_index = page_number && *page_number > 1 && *page_number < 100000 ? static_cast<int>(*page_number) : 1;
    wanted.limit = 101;  // one more tells whether there is an older page
    wanted.offset = (page_index - 1) * 100;
    auto rows = store::ledger::store_history(ctx.database, wanted);
    view::page page("admin_store_ledger.tpl", "Stock ledger", layout_template);
    fill_layout(page, who);
    auto& body = page.body();
    body.SetValue("Q", wanted.text);
    body.SetValue("WHO_FILTER", wanted.who);
    for (auto* r : reasons) {
        auto* option = body.AddSectionDictionary("REASON_OPTION");
        option->SetValue("CODE", r);
        if (wanted.reason == r) option->ShowSection("SELECTED");
    }
    if (rows.empty()) body.ShowSection("NONE");
    for (std::size_t i = 0; i < rows.size() && i < 100; ++i) {
        auto& e = rows[i];
        auto* row = body.AddSectionDictionary("ENTRY");
        fill_ledger_row(*row, e.row);
        row->SetIntValue("VARIANT_ID", static_cast<long>(e.row.stock_id));
        row->SetValue("SKU", e.sku);
        row->SetValue("PRODUCT", e.product);
        row->SetValue("COLOR", e.color);
        row->SetValue("SIZE", e.size);
    }
    if (rows.size() > 100)
        body.SetValueAndShowSection("OLDER_HREF", "/admin/stock/ledger?q=" + cgicc::form_urlencode(wanted.text) + "&reason=" +
                                    wanted.reason + "&who=" + cgicc::form_urlencode(wanted.who) + "&page=" +
                                    std::to_string(page_index + 1), "OLDER");
    return render(page, who);
}

http::response csv_download(staff_identity& who, std::string body, const std::string& name) {
    http::response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = std::move(body);
    r.add_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    r.add_header("Cache-Control", "no-store");
    return who.finish(std::move(r));
}

http::response import_stock(context& ctx, http::request& req, staff_identity& who) {
    const auto* file = req.file("file");
    if (!file || file->data.empty()) return stock_page(ctx, req, who, "", "Choose a CSV file to import.", 400);
    bool dry_run = req.param("dry_run") == "1";
    auto by = who.actor();
    std::string name = "import of " + std::string(trim(file->filename)).substr(0, 100);
    auto plan = dry_run ? store::preview_stock_import(ctx.database, file->data)
                        : store::apply_stock_import(ctx.database, file->data, by.who, valid_utf8(name) ? name : "import", &by);
    if (plan.applied) return who.finish(http::redirect(303, "/admin/stock/?imported=" + std::to_string(plan.changes.size())));
    view::page page("admin_import.tpl", "Stock import", layout_template);
    fill_layout(page, who);
    auto& body = page.body();
    body.SetValue("MODE", plan.mode == store::import_mode::counts ? "counts (on hand := quantity)" : "adjustments (on hand += delta)");
    body.SetIntValue("CHANGES", static_cast<long>(plan.changes.size()));
    body.SetIntValue("UNCHANGED", plan.unchanged);
    body.SetIntValue("BAD", static_cast<long>(plan.bad.size()));
    body.ShowSection(dry_run ? "DRY_RUN" : "REFUSED");
    for (auto& c : plan.changes) {
        auto* row = body.AddSectionDictionary("CHANGE");
        row->SetIntValue("LINE", c.line);
        row->SetValue("SKU", c.sku);
        row->SetValue("VARIANT", c.product + ", " + c.color + ", " + c.size);
        row->SetIntValue("BEFORE", c.on_hand_before);
        row->SetIntValue("AFTER", c.on_hand_after);
        if (c.on_hand_after < c.held) row->SetValueAndShowSection("HELD", std::to_string(c.held), "BELOW_HELD");
    }
    for (auto& b : plan.bad) {
        auto* row = body.AddSectionDictionary("BAD_LINE");
        row->SetValue("LINE", b.line ? std::to_string(b.line) : std::string("file"));
        row->SetValue("REASON", b.reason);
    }
    return render(page, who, plan.bad.empty() ? 200 : dry_run ? 200 : 400);
}

}  // namespace

void add_stock_routes(application& app, context& ctx) {
    app.add("GET", "/admin/stock/", access::staff, [&ctx](http::request& req, staff_identity& who) {
        auto imported = parse_int64(req.param("imported"));
        return stock_page(ctx, req, who, imported ? "Imported: " + std::to_string(*imported) + " variants changed." : "", "", 200);
    });
    app.add("POST", "/admin/stock/{variant}/adjust", access::staff,
            [&ctx](http::request& req, staff_identity& who) { return adjust(ctx, req, who); });
    app.add("POST", "/admin/stock/{variant}/count", access::staff,
            [&ctx](http::request& req, staff_identity& who) { return count(ctx, req, who); });
    app.add("GET", "/admin/stock/ledger", access::staff,
            [&ctx](http::request& req, staff_identity& who) { return store_ledger_page(ctx, req, who); });
    app.add("GET", "/admin/stock/{variant}/ledger", access::staff,
            [&ctx](http::request& req, staff_identity& who) { return ledger_page(ctx, req, who); });
    app.add("GET", "/admin/export/products.csv", access::staff, [&ctx](http::request&, staff_identity& who) {
        return csv_download(who, store::export_products_csv(ctx.database), "products.csv");
    });
    app.add("GET", "/admin/export/stock.csv", access::staff, [&ctx](http::request&, staff_identity& who) {
        return csv_download(who, store::export_stock_csv(ctx.database), "stock.csv");
    });
    app.add("POST", "/admin/import/stock", access::owner,
            [&ctx](http::request& req, staff_identity& who) { return import_stock(ctx, req, who); });
}

}  // namespace reserva::admin
