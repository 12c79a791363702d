#include "admin/product_pages.h"

#include "admin/admin_page.h"
#include "media/photo_image.h"
#include "store/catalog_admin.h"
#include "store/photos.h"
#include "store/product_admin.h"
#include "util/money.h"
#include "util/text.h"

namespace reserva::admin {
namespace {

// "129,90", "1.234,56", "R$ 129,90" or "129.90" -> cents.
std::optional<cents> parse_brl(std::string_view text) {
    std::string t(trim(text));
    if (starts_with(t, "R$")) t = std::string(trim(std::string_view(t).substr(2)));
    if (t.find(',') != std::string::npos) {
        std::string plain;
        for (char c : t)
            if (c != '.') plain += c == ',' ? '.' : c;
        t = plain;
    }
    return parse_decimal_amount(t);
}

std::string product_path(std::int64_t id) { return "/admin/products/" + std::to_string(id) + "/"; }

http::response products_list(context& ctx, staff_identity& who) {
    view::page page("admin_products.tpl", "Products", layout_template);
    fill_layout(page, who);
    auto products = store::list_product_records(ctx.database);
    if (products.empty()) page.body().ShowSection("NONE");
    for (auto& p : products) {
        auto* row = page.body().AddSectionDictionary("PRODUCT");
        row->SetIntValue("ID", p.id);
        row->SetValue("NAME", p.fields.name);
        row->SetValue("PRICE", format_brl(p.fields.price));
        row->SetValue("PUBLISHED", p.fields.published ? "1" : "0");
        row->SetValue("STATE", p.fields.published ? "published" : "hidden");
        row->SetValue("IMAGE_URL", p.image_url.empty() ? "/static/img/demo/placeholder.svg" : p.image_url);
    }
    return render(page, who);
}

void fill_fields(ctemplate::TemplateDictionary& body, const store::product_fields& f, const std::string& price_text) {
    body.SetValue("NAME", f.name);
    body.SetValue("DESCRIPTION", f.description);
    body.SetValue("PRICE", price_text);
    if (f.published) body.ShowSection("PUBLISHED");
}

std::string price_text(cents price) {
    auto brl = format_brl(price);  // "R$ 1.234,56" -> "1.234,56"
    return brl.substr(brl.find(' ') + 1);
}

http::response new_product_form(staff_identity& who, const store::product_fields& f, const std::string& price,
                                const std::string& error, int status) {
    view::page page("admin_product.tpl", "New product", layout_template);
    fill_layout(page, who);
    page.body().ShowSection("IS_NEW");
    page.body().SetValue("ACTION", "/admin/products/new");
    page.body().SetValue("CSRF_TOKEN", who.csrf_token());
    fill_fields(page.body(), f, price);
    if (!error.empty()) page.body().AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
    return render(page, who, status);
}

http::response product_form(context& ctx, staff_identity& who, std::int64_t id, const std::string& notice,
                            const std::string& error, int status, const store::product_fields* typed = nullptr,
                            const std::string& typed_price = "") {
    auto record = store::load_product_record(ctx.database, id);
    if (!record) return admin_error(404, "There is no such product.", &who);
    view::page page("admin_product.tpl", record->fields.name, layout_template);
    fill_layout(page, who);
    auto& body = page.body();
    std::string token = who.csrf_token();
    body.SetIntValue("ID", id);
    body.SetValue("ACTION", product_path(id));
    body.SetValue("CSRF_TOKEN", token);
    body.ShowSection("IS_EDIT");
    fill_fields(body, typed ? *typed : record->fields, typed ? typed_price : price_text(record->fields.price));
    if (!notice.empty()) body.AddSectionDictionary("NOTICE")->SetValue("MESSAGE", notice);
    if (!error.empty()) body.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
    auto media = store::media_of(ctx.settings);
    auto photos = store::product_photos(ctx.database, id);
    if (photos.empty()) body.ShowSection("NO_PHOTOS");
    for (std::size_t i = 0; i < photos.size(); ++i) {
        auto* shown = body.AddSectionDictionary("PHOTO");
        shown->SetIntValue("PHOTO_ID", photos[i].id);
        shown->SetIntValue("NUMBER", static_cast<long>(i + 1));
        shown->SetValue("SRC", store::photo_src(media, photos[i]));
        shown->SetValue("CSRF_TOKEN", token);
        shown->SetIntValue("ID", id);
        if (i > 0) {  // "move up": this photo swapped with the one before it
            auto order = photos;
            std::swap(order[i], order[i - 1]);
            std::string ids;
            for (auto& p : order) ids += (ids.empty() ? "" : ",") + std::to_string(p.id);
            shown->SetValueAndShowSection("UP_ORDER", ids, "CAN_MOVE_UP");
        }
    }
    for (auto& v : record->variants) {
        auto* row = body.AddSectionDictionary("VARIANT");
        row->SetIntValue("VARIANT_ID", v.stock_id);
        row->SetValue("SKU", v.sku);
        row->SetValue("COLOR", v.color_name);
        row->SetValue("SIZE", v.size);
        row->SetIntValue("ON_HAND", v.on_hand);
        row->SetIntValue("HELD", v.held);
    }
    if (record->variants.empty()) body.ShowSection("NO_VARIANTS");
    for (auto& c : store::list_colors(ctx.database)) {
        auto* option = body.AddSectionDictionary("COLOR_OPTION");
        option->SetIntValue("COLOR_ID", c.id);
        option->SetValue("COLOR_NAME", c.name);
    }
    return render(page, who, status);
}

// The form's fields; "" and the fields when they are good, else the message for the form.
std::string read_fields(const http::request& req, store::product_fields& f) {
    f.name = std::string(trim(req.param("name")));
    f.description = req.param("description");
    f.published = req.param("published") == "1";
    auto price = parse_brl(req.param("price"));
    if (f.name.empty()) return "Give the product a name.";
    if (!price) return "Write the price like 129,90.";
    f.price = *price;
    return "";
}

http::response create_product(context& ctx, http::request& req, staff_identity& who) {
    store::product_fields f;
    auto problem = read_fields(req, f);
    if (!problem.empty()) return new_product_form(who, f, req.param("price"), problem, 400);
    auto by = who.actor();
    try {
        auto id = store::create_product(ctx.database, f, &by);
        return who.finish(http::redirect(303, product_path(id)));
    } catch (const store::invalid_request& e) {
        return new_product_form(who, f, req.param("price"), e.what(), 400);
    }
}

http::response edit_product(context& ctx, http::request& req, staff_identity& who, std::int64_t id) {
    store::product_fields f;
    auto problem = read_fields(req, f);
    if (!problem.empty()) return product_form(ctx, who, id, "", problem, 400, &f, req.param("price"));
    auto by = who.actor();
    try {
        store::update_product(ctx.database, id, f, &by);
    } catch (const store::invalid_request& e) {
        if (!store::load_product_record(ctx.database, id)) return admin_error(404, "There is no such product.", &who);
        return product_form(ctx, who, id, "", e.what(), 400, &f, req.param("price"));
    }
    return who.finish(http::redirect(303, product_path(id)));
}

http::response upload_photo(context& ctx, http::request& req, staff_identity& who, std::int64_t id) {
    const auto* file = req.file("photo");
    if (!file || file->data.empty()) return product_form(ctx, who, id, "", "Choose a photo to upload.", 400);
    auto by = who.actor();
    try {
        store::add_photo(ctx.database, store::media_of(ctx.settings), id, file->data, &by);
    } catch (const media::photo_rejected& e) {
        return product_form(ctx, who, id, "", std::string("The photo was not added: ") + e.what() + ".", e.status);
    } catch (const store::invalid_request&) {
        return admin_error(404, "There is no such product.", &who);
    }
    return who.finish(http::redirect(303, product_path(id)));
}

http::response delete_photo(context& ctx, http::request& req, staff_identity& who, std::int64_t id) {
    auto photo = parse_id(req.path_params["photo"]);
    if (!photo) return admin_error(404, "There is no such photo.", &who);
    auto by = who.actor();
    try {
        store::delete_photo(ctx.database, store::media_of(ctx.settings), id, *photo, &by);
    } catch (const store::invalid_request&) {
        return admin_error(404, "There is no such photo.", &who);
    }
    return who.finish(http::redirect(303, product_path(id)));
}

http::response order_photos(context& ctx, http::request& req, staff_identity& who, std::int64_t id) {
    std::vector<std::int64_t> ids;
    const std::string listed = req.param("photos");  // split() returns views into it: it must outlive the loop
    for (auto part : split(listed, ',')) {
        auto photo = parse_id(trim(part));
        if (!photo) return product_form(ctx, who, id, "", "The new order names a photo that is not there.", 400);
        ids.push_back(*photo);
    }
    auto by = who.actor();
    try {
        store::reorder_photos(ctx.database, store::media_of(ctx.settings), id, ids, &by);
    } catch (const store::invalid_request& e) {
        return product_form(ctx, who, id, "", e.what(), 400);
    }
    return who.finish(http::redirect(303, product_path(id)));
}

http::response add_variant(context& ctx, http::request& req, staff_identity& who, std::int64_t id) {
    auto by = who.actor();
    try {
        auto color = parse_id(req.param("color"));
        std::string new_color(trim(req.param("new_color")));
        if (!new_color.empty()) {
            if (new_color.size() > 100 || !valid_utf8(new_color)) throw store::invalid_request("a color name has at most 100 characters");
            color = store::add_color(ctx.database, new_color);
        }
        if (!color) throw store::invalid_request("choose a color");
        store::add_variant(ctx.database, id, *color, req.param("size"), std::string(trim(req.param("sku"))), &by);
    } catch (const store::invalid_request& e) {
        if (!store::load_product_record(ctx.database, id)) return admin_error(404, "There is no such product.", &who);
        return product_form(ctx, who, id, "", std::string("The variant was not added: ") + e.what() + ".", 400);
    }
    return who.finish(http::redirect(303, product_path(id)));
}

// Routes with a product id: the id parsed once, an unknown one is 404 in the handlers.
template <class Handler>
handler with_product(context& ctx, Handler h) {
    return [&ctx, h](http::request& req, staff_identity& who) {
        auto id = parse_id(req.path_params["id"]);
        return h(ctx, req, who, *id);
    };
}

}  // namespace

void add_product_routes(application& app, context& ctx) {
    app.add("GET", "/admin/products/", access::staff,
            [&ctx](http::request&, staff_identity& who) { return products_list(ctx, who); });
    app.add("GET", "/admin/products/new", access::staff, [](http::request&, staff_identity& who) {
        return new_product_form(who, store::product_fields{}, "", "", 200);
    });
    app.add("POST", "/admin/products/new", access::staff,
            [&ctx](http::request& req, staff_identity& who) { return create_product(ctx, req, who); });
    app.add("GET", "/admin/products/{id}/", access::staff,
            with_product(ctx, [](context& c, http::request&, staff_identity& who, std::int64_t id) {
                return product_form(c, who, id, "", "", 200);
            }));
    app.add("POST", "/admin/products/{id}/", access::staff, with_product(ctx, edit_product));
    app.add("POST", "/admin/products/{id}/photos", access::staff, with_product(ctx, upload_photo));
    app.add("POST", "/admin/products/{id}/photos/{photo}/delete", access::staff, with_product(ctx, delete_photo));
    app.add("POST", "/admin/products/{id}/photos/order", access::staff, with_product(ctx, order_photos));
    app.add("POST", "/admin/products/{id}/variants", access::staff, with_product(ctx, add_variant));
}

}  // namespace reserva::admin
