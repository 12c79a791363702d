#include "store/demo_catalog.h"

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/catalog_version.h"
#include "store/product_admin.h"
#include "store/stock_ledger.h"
#include "util/command_line.h"
#include "util/money.h"

namespace reserva::store {
namespace {

struct demo_product {
    const char* name;
    cents price;
    const char* description;
    const char* image;
    std::vector<const char*> colors;
    std::vector<const char*> sizes;
};

const std::vector<demo_product>& demo_products() {
    static const std::vector<demo_product> products = {
        {"Basic Cotton T-Shirt", 7990, "Soft Brazilian cotton, crew neck, a straight cut that keeps its shape wash after wash.",
         "/static/img/demo/tshirt.svg", {"White", "Navy"}, {"P", "M", "G", "GG"}},
        {"Piquet Polo", 12990, "Classic piquet polo with a two-button placket and ribbed collar.",
         "/static/img/demo/polo.svg", {"Green", "Navy"}, {"P", "M", "G"}},
        {"Fleece Hoodie", 21990, "Warm brushed fleece, kangaroo pocket and a lined hood.",
         "/static/img/demo/hoodie.svg", {"Grey", "Terracotta"}, {"M", "G", "GG"}},
        {"Straight Jeans", 18990, "Mid-rise denim with a straight leg and a little stretch.",
         "/static/img/demo/jeans.svg", {"Indigo"}, {"38", "40", "42", "44"}},
        {"Linen Summer Dress", 24990, "Light linen dress with a flowing skirt, made for hot days.",
         "/static/img/demo/dress.svg", {"Sand", "Terracotta"}, {"P", "M", "G"}},
        {"Canvas Cap", 5990, "Six-panel cotton canvas cap with an adjustable strap.",
         "/static/img/demo/cap.svg", {"Navy", "Sand"}, {"U"}},
    };
    return products;
}

std::int64_t color_id(db::connection& conn, const std::string& name) {
    db::execute(conn, "INSERT IGNORE INTO color (name) VALUES (?)", name);
    auto row = db::query(conn, "SELECT id FROM color WHERE name = ?", name);
    row.next();
    return row.int64(1);
}

bool product_exists(db::connection& conn, const std::string& name) {
    auto row = db::query(conn, "SELECT id FROM product WHERE name = ?", name);
    return row.next();
}

}  // namespace

int load_demo_catalog(db::pool& pool) {
    return db::in_transaction(pool, [](db::connection& conn) {
        int added = 0;
        int stock_step = 0;
        for (auto& p : demo_products()) {
            if (product_exists(conn, p.name)) continue;
            db::execute(conn,
                "INSERT INTO product (name, price_cents, description, image_url) VALUES (?, ?, ?, ?)",
                p.name, p.price, p.description, p.image);
            std::int64_t product_id = db::last_insert_id(conn);
            for (auto* color_name : p.colors) {
                std::int64_t color = color_id(conn, color_name);
                for (auto* size : p.sizes) {
                    // Varied quantities, some sold out, so every page state shows up in the demo.
                    int quantity = (stock_step++ * 7) % 12;
                    db::execute(conn,
                        "INSERT INTO item_stock (product_id, color_id, size, quantity) VALUES (?, ?, ?, 0)",
                        product_id, color, size);
                    ledger::apply(conn, {db::last_insert_id(conn), quantity, ledger::reason::demo, "cli", 0, "demo catalog"});
                }
            }
            name_new_variants(conn, product_id);
            ++added;
        }
        if (added) bump_catalog_version(conn);
        return added;
    });
}

std::string demo_picture_dir() { return sql_dir() + "/../static/img/demo"; }

int add_demo_photos(db::pool& pool, const media_place& media, const std::string& picture_dir) {
    int added = 0;
    for (auto& p : demo_products()) {
        auto product_id = db::with_connection(pool, [&](db::connection& conn) -> std::int64_t {
            auto row = db::query(conn, "SELECT id FROM product WHERE name = ? ORDER BY id LIMIT 1", p.name);
            return row.next() ? row.int64(1) : 0;
        });
        if (!product_id || !product_photos(pool, product_id).empty()) continue;
        std::string file = std::string(p.image);  // "/static/img/demo/tshirt.svg" -> "tshirt.png"
        file = file.substr(file.rfind('/') + 1);
        file = picture_dir + "/" + file.substr(0, file.rfind('.')) + ".png";
        std::ifstream in(file, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read the demo picture " + file);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        add_photo(pool, media, product_id, bytes.str());
        ++added;
    }
    return added;
}

}  // namespace reserva::store
