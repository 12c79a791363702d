#include "admin/order_pages.h"

#include <ctime>

#include "admin/admin_page.h"
#include "payments/payment_flow.h"
#include "store/fulfilment.h"
#include "store/low_stock.h"
#include "store/order_admin.h"
#include "store/order_state.h"
#include "util/local_time.h"
#include "util/money.h"
#include "util/random.h"
#include "util/text.h"
#include "view/address_values.h"
#include "view/order_lines.h"

namespace reserva::admin {
namespace {

constexpr std::size_t low_stock_shown = 20;
const char* const inbox_states[] = {"awaiting_payment", "paid", "shipped", "delivered", "refunded", "cancelled"};

std::string order_path(std::int64_t id) { return "/admin/orders/" + std::to_string(id) + "/"; }

void fill_row(ctemplate::TemplateDictionary& row, const store::inbox_row& order) {
    row.SetIntValue("ORDER_ID", order.id);
    row.SetValue("ORDER_STATE", order.state);
    row.SetValue("STATE_LABEL", store::order_state_label(order.state));
    row.SetValue("CREATED_AT", format_local_time(order.created_at));
    row.SetValue("FINISHED_AT", format_local_time(order.finished_at));
    row.SetValue("EMAIL", order.email);
    row.SetValue("NAME", order.name.empty() ? "guest" : order.name);
    row.SetIntValue("UNITS", order.units);
    row.SetValue("TOTAL", format_brl(order.total));
    row.SetIntValue("TOTAL_CENTS", order.total);
    if (order.refunded > 0) row.AddSectionDictionary("REFUNDED")->SetValue("AMOUNT", format_brl(order.refunded));
    if (!order.alert.empty()) row.AddSectionDictionary("ALERT")->SetValue("WHAT", order.alert == "charged_back" ? "chargeback" : order.alert + " at Mercado Pago");
}

http::response dashboard(context& ctx, staff_identity& who) {
    auto now = static_cast<std::int64_t>(std::time(nullptr));
    auto day = store::figures_of_the_day(ctx.database, start_of_local_day(now));
    auto low = store::low_stock(ctx.database, ctx.settings.stock_low_threshold);
    view::page page("admin_dashboard.tpl", "Today", layout_template);
    fill_layout(page, who);
    auto& body = page.body();
    body.SetValue("STAFF_NAME", who.member().name);
    body.SetValue("TODAY", format_local_date(now));
    body.SetIntValue("TO_SHIP", day.to_ship);
    body.SetIntValue("AWAITING", day.awaiting_payment);
    body.SetIntValue("FLAGGED", day.flagged);
    body.SetIntValue("ORDERS_TODAY", day.orders_today);
    body.SetValue("SALES_TODAY", format_brl(day.sales_today));
    body.SetIntValue("SALES_TODAY_CENTS", day.sales_today);
    for (auto& order : day.to_ship_rows) fill_row(*body.AddSectionDictionary("SHIP_ROW"), order);
    if (day.to_ship_rows.empty()) body.ShowSection("NOTHING_TO_SHIP");
    for (std::size_t i = 0; i < low.size() && i < low_stock_shown; ++i) {
        auto* row = body.AddSectionDictionary("LOW");
        row->SetValue("PRODUCT", low[i].product);
        row->SetValue("COLOR", low[i].color);
        row->SetValue("SIZE", low[i].size);
        row->SetIntValue("ON_HAND", low[i].on_hand);
        if (low[i].held > 0) row->AddSectionDictionary("HELD")->SetIntValue("UNITS", low[i].held);
    }
    if (low.empty()) body.ShowSection("NO_LOW_STOCK");
    return render(page, who);
}

http::response inbox(context& ctx, http::request& req, staff_identity& who) {
    store::inbox_query query;
    query.state = req.param("state");
    bool known_state = query.state.empty();
    for (auto* state : inbox_states) known_state = known_state || query.state == state;
    if (!known_state) return admin_error(400, "There is no order state called that.", &who);
    query.search = req.param("q").substr(0, 200);
    if (!valid_utf8(query.search)) query.search.clear();
    auto page_number = parse_int64(req.param("page")).value_or(1);
    query.page = page_number < 1 || page_number > 100000 ? 1 : static_cast<int>(page_number);
    auto found = store::list_orders(ctx.database, query);

    view::page page("admin_orders.tpl", "Orders", layout_template);
    fill_layout(page, who);
    auto& body = page.body();
    body.SetValue("Q", query.search);
    body.SetValue("STATE", query.state);
    int all = 0;
    for (auto& [state, count] : found.counts) all += count;
    auto* every = body.AddSectionDictionary("FILTER");
    every->SetValue("LABEL", "All");
    every->SetValue("STATE", "");
    every->SetIntValue("COUNT", all);
    every->SetValue("CURRENT", query.state.empty() ? "true" : "false");
    for (auto* state : inbox_states) {
        auto* filter = body.AddSectionDictionary("FILTER");
        filter->SetValue("LABEL", store::order_state_label(state));
        filter->SetValue("STATE", state);
        filter->SetIntValue("COUNT", found.counts.count(state) ? found.counts[state] : 0);
        filter->SetValue("CURRENT", query.state == state ? "true" : "false");
    }
    if (found.flagged) body.AddSectionDictionary("FLAGGED")->SetIntValue("COUNT", found.flagged);
    for (auto& order : found.rows) fill_row(*body.AddSectionDictionary("ROW"), order);
    if (found.rows.empty()) body.ShowSection("NONE");
    std::string keep = "state=" + url_encode(query.state) + "&q=" + url_encode(query.search);
    if (query.page > 1) body.AddSectionDictionary("NEWER")->SetValue("HREF", "/admin/orders/?" + keep + "&page=" + std::to_string(query.page - 1));
    if (found.more) body.AddSectionDictionary("OLDER")->SetValue("HREF", "/admin/orders/?" + keep + "&page=" + std::to_string(query.page + 1));
    if (who.is_owner()) body.ShowSection("CAN_EXPORT");
    return render(page, who);
}

void fill_order(ctemplate::TemplateDictionary& body, const store::admin_order& order, staff_identity& who) {
    fill_row(body, order.head);
    view::fill_address_values(body, order.ship_to);
    if (order.ship_to.street.empty()) body.ShowSection("NO_ADDRESS");
    else body.ShowSection("HAS_ADDRESS");
    for (auto& line : order.lines) {
        auto& row = view::add_order_line(body, line);
        row.SetIntValue("LINE_ID", line.line_id);
        row.SetIntValue("PRODUCT_ID", line.product_id);
        row.SetIntValue("COLOR_ID", line.color_id);
        row.SetIntValue("RESTOCKED", line.restocked);
        row.SetIntValue("RESTOCKABLE", line.quantity - line.restocked);
    }
    for (auto& p : order.payments) {
        auto* row = body.AddSectionDictionary("PAYMENT");
        row->SetIntValue("ID", p.id);
        row->SetValue("GATEWAY_ID", p.gateway_payment_id.empty() ? "-" : p.gateway_payment_id);
        row->SetValue("STATUS", p.status);
        row->SetValue("AMOUNT", format_brl(p.total));
        row->SetValue("CREATED_AT", format_local_time(p.created_at));
    }
    for (auto& r : order.refunds) {
        auto* row = body.AddSectionDictionary("REFUND");
        row->SetIntValue("ID", r.id);
        row->SetIntValue("CENTS", r.amount);
        row->SetValue("AMOUNT", format_brl(r.amount));
        row->SetValue("REASON", r.reason);
        row->SetValue("STATUS", r.status);
        row->SetValue("KIND", r.kind == "staff" ? "from the back office" : r.kind == "gateway" ? "at Mercado Pago" : "automatic");
        row->SetValue("WHO", r.requested_by);
        row->SetValue("CREATED_AT", format_local_time(r.created_at));
    }
    if (order.refunds.empty()) body.ShowSection("NO_REFUNDS");
    for (auto& e : order.timeline) {
        auto* row = body.AddSectionDictionary("EVENT");
        row->SetValue("AT", format_local_time(e.at));
        row->SetValue("WHO", e.who);
        row->SetValue("KIND", e.kind);
        row->SetValue("TEXT", e.text);
    }
    if (!order.carrier.empty()) {
        auto* shipped = body.AddSectionDictionary("SHIPPED");
        shipped->SetValue("CARRIER", order.carrier);
        shipped->SetValue("TRACKING", order.tracking);
        shipped->SetValue("SHIPPED_AT", format_local_time(order.shipped_at));
    }
    if (order.delivered_at) body.AddSectionDictionary("DELIVERED")->SetValue("DELIVERED_AT", format_local_time(order.delivered_at));
    const auto& state = order.head.state;
    if (state == "paid" && order.head.alert.empty()) body.ShowSection("CAN_SHIP");
    if (state == "shipped") body.ShowSection("CAN_DELIVER");
    cents left = order.head.total - order.head.refunded;
    bool refundable = order.head.finished_at && left > 0 && state != "refunded";
    if (refundable && who.is_owner()) {
        auto* form = body.AddSectionDictionary("CAN_REFUND");
        form->SetValue("LEFT", format_brl(left));
        form->SetValue("KEY", random_hex(16));  // one key per drawn form: a second submit refunds nothing
        form->SetValue("CSRF_TOKEN", who.csrf_token());
        for (auto& line : order.lines) {
            auto* row = form->AddSectionDictionary("RESTOCK_LINE");
            row->SetIntValue("LINE_ID", line.line_id);
            row->SetValue("NAME", line.product_name + " · " + line.color_name + " · " + line.size);
            row->SetIntValue("MAX", line.quantity - line.restocked);
        }
    } else if (refundable) {
        body.ShowSection("REFUND_OWNER_ONLY");
    }
}

http::response order_page(context& ctx, http::request& req, staff_identity& who, int status = 200,
                          const std::string& error = "") {
    auto id = parse_id(req.path_params["id"]);
    auto order = id ? store::load_admin_order(ctx.database, *id) : std::nullopt;
    if (!order) return admin_error(404, "There is no order with that number.", &who);
    view::page page("admin_order.tpl", "Order #" + std::to_string(order->head.id), layout_template);
    fill_layout(page, who);
    fill_order(page.body(), *order, who);
    if (!error.empty()) page.body().AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
    return render(page, who, status);
}

std::string field(const http::request& req, const char* name, std::size_t max) {
    std::string value(trim(req.param(name)));
    return value.size() > max || !valid_utf8(value) ? std::string() : value;
}

http::response after_fulfilment(context& ctx, http::request& req, staff_identity& who, store::fulfilment_result result,
                                const std::string& wrong_state) {
    switch (result) {
        case store::fulfilment_result::done:
            return who.finish(http::redirect(303, order_path(*parse_id(req.path_params["id"]))));
        case store::fulfilment_result::unknown_order:
            return admin_error(404, "There is no order with that number.", &who);
        case store::fulfilment_result::flagged:
            return order_page(ctx, req, who, 409, "Mercado Pago reported a chargeback or refund for this order: it must not ship.");
        case store::fulfilment_result::wrong_state:
            break;
    }
    return order_page(ctx, req, who, 409, wrong_state);
}

http::response ship(context& ctx, http::request& req, staff_identity& who) {
    auto carrier = field(req, "carrier", 100), tracking = field(req, "tracking", 100);
    if (carrier.empty() || tracking.empty())
        return order_page(ctx, req, who, 400, "Give the carrier and the tracking code.");
    auto result = store::ship_order(ctx.database, who.actor(), *parse_id(req.path_params["id"]), carrier, tracking);
    return after_fulfilment(ctx, req, who, result, "Only a paid order that has not shipped yet can be marked shipped.");
}

http::response deliver(context& ctx, http::request& req, staff_identity& who) {
    auto result = store::deliver_order(ctx.database, who.actor(), *parse_id(req.path_params["id"]));
    return after_fulfilment(ctx, req, who, result, "Only a shipped order can be marked delivered.");
}

http::response note(context& ctx, http::request& req, staff_identity& who) {
    auto text = field(req, "text", 2000);
    if (text.empty()) return order_page(ctx, req, who, 400, "Write the note (up to 2000 characters).");
    auto result = store::add_order_note(ctx.database, who.actor(), *parse_id(req.path_params["id"]), text);
    return after_fulfilment(ctx, req, who, result, "");
}

// "12,34", "1.234,56", "12.34" or "R$ 12,34" -> cents; "" -> 0 (all that is left); nullopt: not an amount.
std::optional<cents> parse_brl_amount(const std::string& typed) {
    std::string text(trim(typed));
    if (starts_with(text, "R$")) text = std::string(trim(text.substr(2)));
    if (text.empty()) return 0;
    if (text.find(',') != std::string::npos) {
        std::string plain;
        for (char c : text)
            if (c != '.') plain += c == ',' ? '.' : c;
        text = plain;
    }
    auto amount = parse_decimal_amount(text);
    if (!amount || *amount == 0) return std::nullopt;
    return amount;
}

bool is_form_key(const std::string& key) {
    if (key.size() != 32) return false;
    for (char c : key)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

http::response refund(context& ctx, http::request& req, staff_identity& who) {
    store::staff_refund_request request;
    request.order_id = *parse_id(req.path_params["id"]);
    auto amount = parse_brl_amount(req.param("amount"));
    request.reason = field(req, "reason", 200);
    request.form_key = req.param("key");
    if (!amount) return order_page(ctx, req, who, 400, "Write the amount like 12,34, or leave it empty to refund all that is left.");
    if (request.reason.empty()) return order_page(ctx, req, who, 400, "Say why (the shopper sees it in the e-mail).");
    if (!is_form_key(request.form_key)) return order_page(ctx, req, who, 400, "This form is incomplete: reload the page.");
    request.amount = *amount;
    auto order = store::load_admin_order(ctx.database, request.order_id);
    if (!order) return admin_error(404, "There is no order with that number.", &who);
    for (auto& line : order->lines) {
        std::string typed = req.param("restock_" + std::to_string(line.line_id));
        if (typed.empty()) continue;
        auto units = parse_int64(typed);
        if (!units || *units < 0 || *units > 100000) return order_page(ctx, req, who, 400, "Units to restock are whole numbers.");
        request.restock[line.line_id] = static_cast<int>(*units);
    }
    auto result = ctx.payments.refund_after_sale(who.actor(), request);
    using store::refund_decision;
    switch (result.decided.result) {
        case refund_decision::created:
        case refund_decision::duplicate:
            return who.finish(http::redirect(303, order_path(request.order_id)));
        case refund_decision::too_much:
            return order_page(ctx, req, who, 400, "That is more than is left to refund (" + format_brl(result.decided.left) + ").");
        case refund_decision::bad_restock:
            return order_page(ctx, req, who, 400, "More units to restock than the line has left.");
        case refund_decision::not_refundable:
            return order_page(ctx, req, who, 409, "Only a paid order can be refunded.");
        case refund_decision::unknown_order:
            break;
    }
    return admin_error(404, "There is no order with that number.", &who);
}

// One CSV field: quoted when needed, and a leading = + - @ defused so a spreadsheet shows text.
std::string csv_field(const std::string& value) {
    std::string text = value;
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) text = "'" + text;
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// "2026-12-01" as the start of that day in the store's zone; nullopt when malformed.
std::optional<std::int64_t> local_day(const std::string& text) {
    std::tm day{};
    if (text.size() != 10 || !strptime(text.c_str(), "%Y-%m-%d", &day)) return std::nullopt;
    day.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&day));
}

http::response export_orders(context& ctx, http::request& req, staff_identity& who) {
    auto now = static_cast<std::int64_t>(std::time(nullptr));
    std::optional<std::int64_t> from = req.param("from").empty() ? std::optional<std::int64_t>(0) : local_day(req.param("from"));
    std::optional<std::int64_t> to = req.param("to").empty() ? std::optional<std::int64_t>(now + 1) : local_day(req.param("to"));
    if (!from || !to) return admin_error(400, "Dates are written 2026-12-31.", &who);
    if (!req.param("to").empty()) *to += 24 * 3600;  // "to" is the last day included
    std::string csv = "order,paid_at,state,email,name,units,total,refunded,net\r\n";
    for (auto& o : store::orders_for_export(ctx.database, *from, *to))
        csv += std::to_string(o.id) + "," + format_local_iso(o.finished_at) + "," + o.state + "," + csv_field(o.email) + "," +
               csv_field(o.name) + "," + std::to_string(o.units) + "," + format_decimal(o.total) + "," +
               format_decimal(o.refunded) + "," + format_decimal(o.total - o.refunded) + "\r\n";
    http::response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = std::move(csv);
    r.add_header("Content-Disposition", "attachment; filename=\"orders.csv\"");
    r.add_header("Cache-Control", "no-store");
    return who.finish(std::move(r));
}

}  // namespace

void add_order_routes(application& app, context& ctx) {
    app.add("GET", "/admin/", access::staff, [&ctx](http::request&, staff_identity& who) { return dashboard(ctx, who); });
    app.add("GET", "/admin/orders/", access::staff,
            [&ctx](http::request& req, staff_identity& who) { return inbox(ctx, req, who); });
    app.add("GET", "/admin/orders/{id}/", access::staff,
            [&ctx](http::request& req, staff_identity& who) { return order_page(ctx, req, who); });
    app.add("POST", "/admin/orders/{id}/ship", access::staff,
            [&ctx](http::request& req, staff_identity& who) { return ship(ctx, req, who); });
    app.add("POST", "/admin/orders/{id}/deliver", access::staff,
            [&ctx](http::request& req, staff_identity& who) { return deliver(ctx, req, who); });
    app.add("POST", "/admin/orders/{id}/note", access::staff,
            [&ctx](http::request& req, staff_identity& who) { return note(ctx, req, who); });
    app.add("POST", "/admin/orders/{id}/refund", access::owner,
            [&ctx](http::request& req, staff_identity& who) { return refund(ctx, req, who); });
    app.add("GET", "/admin/export/orders.csv", access::owner,
            [&ctx](http::request& req, staff_identity& who) { return export_orders(ctx, req, who); });
}

}  // namespace reserva::admin
