// reservactl: the operator's command line (SPEC section 3). One small function per sub-command;
// ids are printed alone on stdout; bad arguments are one line on stderr and exit status 2.
#include <cppconn/exception.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <map>

#include "db/migrations.h"
#include "db/pool.h"
#include "db/setup.h"
#include "jobs/expire_pass.h"
#include "store/catalog_admin.h"
#include "store/address.h"
#include "store/demo_catalog.h"
#include "store/personal_data.h"
#include "store/reports.h"
#include "store/catalog_export.h"
#include "store/low_stock.h"
#include "store/photos.h"
#include "store/stock_import.h"
#include "store/product_admin.h"
#include "media/photo_image.h"
#include "store/staff.h"
#include "util/local_time.h"
#include "util/totp.h"
#include "store/stock_ledger.h"
#include "util/command_line.h"
#include "util/config.h"
#include "util/config_edit.h"
#include "util/money.h"
#include "util/random.h"
#include "util/text.h"

namespace reserva {
namespace {

const config* current_settings = nullptr;  // for the commands that need more than the database

const char* const usage =
    "Usage: reservactl [--config FILE] COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  setup-db [--socket PATH]                  as root: create the database and its user in the local\n"
    "                                            MariaDB (as its root, over PATH, default [database] socket\n"
    "                                            or /run/mysqld/mysqld.sock); write socket and password\n"
    "                                            into the configuration file\n"
    "  migrate                                   create or upgrade the schema (sql/*.sql, in order)\n"
    "  demo                                      load the demo catalog (skips products already there)\n"
    "  product add --name NAME --price 129.90 [--description TEXT] [--image URL]\n"
    "                                            add a product; prints its id\n"
    "  color add --name NAME                     add a color; prints its id\n"
    "  stock set --product ID --color ID --size SIZE --quantity N\n"
    "                                            count: set on-hand stock (creates the variant if missing)\n"
    "  stock get --product ID --color ID --size SIZE\n"
    "                                            print the on-hand quantity\n"
    "  stock adjust --product ID --color ID --size SIZE --delta N --reason TEXT\n"
    "                                            on-hand += N (never below 0), in the ledger\n"
    "  stock ledger --product ID [--color ID --size SIZE]\n"
    "                                            every change of on-hand stock, newest first\n"
    "  orders list [--status open|finished]      orders: open ones are carts\n"
    "  orders show ID                            one order: lines, payments, refunds\n"
    "  payments list [--open]                    payment links and their state (--open: still payable)\n"
    "  stock list                                every variant: on hand, held by live links, available\n"
    "  product edit --product ID [--name NAME] [--price 129.90] [--description TEXT] [--published yes|no]\n"
    "                                            change a product; a hidden one (no) is 404 on the shop\n"
    "  product show --product ID                 a product and its variants (SKU, stock, threshold)\n"
    "  variant add --product ID --color ID --size SIZE [--sku SKU]\n"
    "                                            a new variant at stock 0 (default SKU P12-BLK-M); prints its id\n"
    "  variant sku --variant ID --sku SKU        change a variant's SKU (a taken one is refused)\n"
    "  variant threshold --variant ID --threshold N|default\n"
    "                                            the variant's low-stock threshold\n"
    "  photo add --product ID --file PATH        add a photo (JPEG, PNG or WebP up to 10 MiB); prints its id\n"
    "  photo list --product ID                   the product's photos in order\n"
    "  photo delete --product ID --photo ID      remove a photo and its files\n"
    "  photo order --product ID --photos ID,ID,...\n"
    "                                            put the product's photos in this order\n"
    "  stock import FILE [--dry-run]             stock from CSV (sku,quantity counts or sku,delta adjustments):\n"
    "                                            every change and bad line; nothing applied while a line is bad\n"
    "  export products|stock                     the catalog or its stock as CSV on stdout\n"
    "  stock low                                 variants at or below their low-stock threshold\n"
    "  expire                                    one cleanup pass, as reserva-expire does\n"
    "  staff add --email E --name NAME --role owner|staff\n"
    "                                            a back-office account (password: first line of stdin); prints its id\n"
    "  staff list                                every back-office account\n"
    "  staff disable --email E                   the account can no longer sign in; its sessions end\n"
    "  staff password --email E                  a new password (first line of stdin); its sessions end\n"
    "  staff totp --email E                      a new second-factor secret, on at once; prints its otpauth:// URI\n"
    "  guest erase --email E                     erase a guest's personal data (LGPD): e-mail and address\n"
    "                                            of orders placed without an account, and the addresses\n"
    "                                            saved by them; the orders stay. Prints how many orders were\n"
    "                                            stripped\n"
    "\n"
    "  --config FILE   configuration file (default /etc/reserva/reserva.conf)\n"
    "  --help          this text\n"
    "\n"
    "Exit status: 0 done, 1 the database or the system failed, 2 bad arguments (nothing written).\n";

std::int64_t id_option(const command_line& args, const std::string& name) {
    auto id = parse_id(args.require(name));
    if (!id) throw usage_error("--" + name + " must be a positive whole number");
    return *id;
}

std::string text_option(const command_line& args, const std::string& name, std::size_t max_length) {
    std::string value(trim(args.require(name)));
    if (value.empty()) throw usage_error("--" + name + " must not be empty");
    if (value.size() > max_length) throw usage_error("--" + name + " is longer than " + std::to_string(max_length) + " characters");
    if (!valid_utf8(value)) throw usage_error("--" + name + " is not valid UTF-8");
    return value;
}

std::string size_option(const command_line& args) { return text_option(args, "size", 16); }

void expect_only(const command_line& args, std::initializer_list<const char*> allowed) {
    for (auto& [name, value] : args.options) {
        bool known = false;
        for (auto* a : allowed) known = known || name == a;
        if (!known) throw usage_error("unknown option --" + name);
    }
}

// The Debian package's first step (README.Debian): [database] name and user come from the file;
// its password is kept when it has one (running this again repairs, never locks the service
// out), else a new one is drawn.
int setup_db(db::pool&, const command_line& args) {
    expect_only(args, {"socket"});
    const database_settings& database = current_settings->database;
    std::string socket = args.value_or("socket", database.socket.empty() ? "/run/mysqld/mysqld.sock" : database.socket);
    std::string password = database.password.empty() ? random_hex(24) : database.password;
    try {
        db::set_up_database({socket, database.name, database.user, password});
    } catch (const std::invalid_argument& e) {
        throw usage_error(args.config_path + ": " + e.what());
    }
    set_config_values(args.config_path, "database", {{"socket", socket}, {"password", password}});
    std::cerr << "database " << database.name << " and user " << database.user << "@localhost are ready; "
              << args.config_path << " has their socket and password\n";
    return 0;
}

int migrate(db::pool& pool, const command_line& args) {
    expect_only(args, {});
    auto applied = db::apply_migrations(pool, sql_dir());
    for (auto& name : applied) std::cerr << "applied " << name << "\n";
    if (applied.empty()) std::cerr << "schema is up to date\n";
    return 0;
}

int demo(db::pool& pool, const command_line& args) {
    expect_only(args, {});
    std::cerr << "demo catalog: " << store::load_demo_catalog(pool) << " products added\n";
    std::cerr << "demo catalog: "
              << store::add_demo_photos(pool, store::media_of(*current_settings), store::demo_picture_dir())
              << " photos added\n";
    return 0;
}

int product_add(db::pool& pool, const command_line& args) {
    expect_only(args, {"name", "price", "description", "image"});
    auto name = text_option(args, "name", 200);
    auto price = parse_decimal_amount(args.require("price"));
    if (!price) throw usage_error("--price must look like 129.90");
    auto description = args.value_or("description", "");
    auto image = args.value_or("image", "");
    if (!valid_utf8(description) || !valid_utf8(image)) throw usage_error("--description and --image must be valid UTF-8");
    std::cout << store::add_product(pool, name, *price, description, image) << "\n";
    return 0;
}

int color_add(db::pool& pool, const command_line& args) {
    expect_only(args, {"name"});
    std::cout << store::add_color(pool, text_option(args, "name", 100)) << "\n";
    return 0;
}

// Lowering stock below what shoppers hold is allowed (the first to pay get the units); the
// operator is told how far.
void report_held(const store::stock_change& change) {
    if (change.held_units > change.on_hand)
        std::cerr << "reservactl: on hand is now " << change.on_hand << ", below the " << change.held_units
                  << " units held by " << change.holding_orders << (change.holding_orders == 1 ? " order" : " orders")
                  << " paying now: the first to pay get the units, later payments are refunded\n";
}

int stock_set(db::pool& pool, const command_line& args) {
    expect_only(args, {"product", "color", "size", "quantity"});
    auto product = id_option(args, "product");
    auto color = id_option(args, "color");
    auto size = size_option(args);
    auto quantity = parse_int64(args.require("quantity"));
    if (!quantity || *quantity < 0 || *quantity > 1000000) throw usage_error("--quantity must be a whole number from 0 to 1000000");
    report_held(store::set_stock(pool, product, color, size, static_cast<int>(*quantity), "cli"));
    return 0;
}

int stock_adjust(db::pool& pool, const command_line& args) {
    expect_only(args, {"product", "color", "size", "delta", "reason"});
    auto product = id_option(args, "product");
    auto color = id_option(args, "color");
    auto size = size_option(args);
    auto delta = parse_int64(args.require("delta"));
    if (!delta || *delta == 0 || *delta < -1000000 || *delta > 1000000)
        throw usage_error("--delta must be a whole number from -1000000 to 1000000, not 0");
    auto reason = text_option(args, "reason", 500);
    try {
        report_held(store::adjust_stock(pool, product, color, size, static_cast<int>(*delta), reason, "cli"));
    } catch (const store::ledger::below_zero& e) {
        throw usage_error(e.what());
    }
    return 0;
}

int stock_ledger(db::pool& pool, const command_line& args) {
    expect_only(args, {"product", "color", "size"});
    auto product = id_option(args, "product");
    std::int64_t variant = 0;
    if (args.options.count("color") || args.options.count("size")) {
        auto found = store::find_variant(pool, product, id_option(args, "color"), size_option(args));
        if (!found) throw store::invalid_request("no such variant");
        variant = *found;
    }
    text_table rows{{"when (UTC)", "variant", "delta", "on hand", "reason", "order", "who", "note"}, {}};
    for (auto& e : store::ledger::history(pool, product, variant))
        rows.rows.push_back({e.at, std::to_string(e.stock_id), (e.delta > 0 ? "+" : "") + std::to_string(e.delta),
                             std::to_string(e.on_hand_after), e.reason, e.order_id ? std::to_string(e.order_id) : "",
                             e.who, e.note});
    std::cout << format_table(rows);
    return 0;
}

int stock_get(db::pool& pool, const command_line& args) {
    expect_only(args, {"product", "color", "size"});
    auto quantity = store::get_stock(pool, id_option(args, "product"), id_option(args, "color"), size_option(args));
    if (!quantity) throw store::invalid_request("no such variant");
    std::cout << *quantity << "\n";
    return 0;
}

int orders_list(db::pool& pool, const command_line& args) {
    expect_only(args, {"status"});
    auto status = args.value_or("status", "");
    if (status != "" && status != "open" && status != "finished") throw usage_error("--status is open or finished");
    std::cout << format_table(store::orders_report(pool, status));
    return 0;
}

int orders_show(db::pool& pool, const command_line& args) {
    expect_only(args, {});
    if (args.words.size() != 3) throw usage_error("orders show takes one order id");
    auto id = parse_id(args.words[2]);
    if (!id) throw usage_error("the order id must be a positive whole number");
    auto sections = store::order_report(pool, *id);
    if (sections.empty()) throw store::invalid_request("no order with id " + args.words[2]);
    for (auto& [title, table] : sections) std::cout << title << "\n" << format_table(table) << "\n";
    return 0;
}

int payments_list(db::pool& pool, const command_line& args) {
    expect_only(args, {});
    std::cout << format_table(store::payments_report(pool, args.flags.count("open") > 0));
    return 0;
}

int expire(db::pool& pool, const command_line& args) {
    expect_only(args, {});
    jobs::run_expire_pass(pool, *current_settings);
    return 0;
}

int stock_list(db::pool& pool, const command_line& args) {
    expect_only(args, {});
    std::cout << format_table(store::stock_report(pool));
    return 0;
}

// The staff commands act as "cli" in the audit log: whoever has the shell and the config.
const store::actor cli{0, "cli"};

std::string email_option(const command_line& args) {
    auto email = text_option(args, "email", 254);
    if (email.find('@') == std::string::npos || email.find(' ') != std::string::npos)
        throw usage_error("--email must be an e-mail address");
    return email;
}

// The first line of stdin, newline stripped: a password never appears in the process list.
std::string password_from_stdin() {
    std::string password;
    if (!std::getline(std::cin, password)) throw usage_error("give the password as the first line of stdin");
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.size() < 10) throw usage_error("the password needs at least 10 characters");
    if (password.size() > 200 || !valid_utf8(password)) throw usage_error("the password must be valid UTF-8, at most 200 bytes");
    return password;
}

int staff_add(db::pool& pool, const command_line& args) {
    expect_only(args, {"email", "name", "role"});
    auto email = email_option(args);
    auto name = text_option(args, "name", 200);
    auto role = store::parse_role(args.require("role"));
    if (!role) throw usage_error("--role is owner or staff");
    std::cout << store::add_staff(pool, cli, email, name, *role, password_from_stdin()) << "\n";
    return 0;
}

int staff_list(db::pool& pool, const command_line& args) {
    expect_only(args, {});
    text_table table{{"id", "email", "name", "role", "second factor", "status", "created"}, {}};
    for (auto& m : store::list_staff(pool))
        table.rows.push_back({std::to_string(m.id), m.email, m.name, store::role_name(m.role),
                              m.totp_enabled ? "on" : (m.totp_required ? "required" : "off"),
                              m.disabled ? "disabled" : "active", format_local_time(m.created_at)});
    std::cout << format_table(table);
    return 0;
}

int staff_disable(db::pool& pool, const command_line& args) {
    expect_only(args, {"email"});
    if (!store::disable_staff(pool, cli, email_option(args))) throw store::invalid_request("no staff account has that e-mail");
    return 0;
}

int staff_password(db::pool& pool, const command_line& args) {
    expect_only(args, {"email"});
    auto email = email_option(args);
    if (!store::find_staff(pool, email)) throw store::invalid_request("no staff account has that e-mail");
    store::set_staff_password(pool, cli, email, password_from_stdin());
    return 0;
}

int staff_totp(db::pool& pool, const command_line& args) {
    expect_only(args, {"email"});
    auto email = email_option(args);
    auto secret = store::reset_totp(pool, cli, email);
    if (!secret) throw store::invalid_request("no staff account has that e-mail");
    std::cout << totp::provisioning_uri("Reserva", email, *secret) << "\n";
    return 0;
}

int guest_erase(db::pool& pool, const command_line& args) {
    expect_only(args, {"email"});
    std::string email = args.require("email");
    if (auto problem = store::validate_email(email); !problem.empty()) throw usage_error("--email: " + problem);
    auto done = store::erase_guest_data(pool, email);
    std::cerr << "erased " << email << " from " << done.orders_stripped << " guest orders and " << done.addresses_removed
              << " saved addresses; the orders stay, without e-mail or address\n";
    if (store::account_exists(pool, email))
        std::cerr << "an account uses this e-mail: its orders were left alone (the shopper deletes it at /account/)\n";
    std::cout << done.orders_stripped << "\n";
    return 0;
}

std::string yes_no_option(const command_line& args, const std::string& name) {
    auto value = args.require(name);
    if (value != "yes" && value != "no") throw usage_error("--" + name + " is yes or no");
    return value;
}

int product_edit(db::pool& pool, const command_line& args) {
    expect_only(args, {"product", "name", "price", "description", "published"});
    auto id = id_option(args, "product");
    auto record = store::load_product_record(pool, id);
    if (!record) throw store::invalid_request("no product with id " + std::to_string(id));
    auto fields = record->fields;
    if (args.options.count("name")) fields.name = text_option(args, "name", 200);
    if (args.options.count("price")) {
        auto price = parse_decimal_amount(args.require("price"));
        if (!price) throw usage_error("--price must look like 129.90");
        fields.price = *price;
    }
    if (args.options.count("description")) fields.description = args.require("description");
    if (args.options.count("published")) fields.published = yes_no_option(args, "published") == "yes";
    store::update_product(pool, id, fields);
    return 0;
}

int product_show(db::pool& pool, const command_line& args) {
    expect_only(args, {"product"});
    auto record = store::load_product_record(pool, id_option(args, "product"));
    if (!record) throw store::invalid_request("no such product");
    std::cout << record->fields.name << " (" << format_brl(record->fields.price) << ", "
              << (record->fields.published ? "published" : "hidden") << ")\n";
    text_table table{{"variant", "sku", "color", "size", "on hand", "held", "low at"}, {}};
    for (auto& v : record->variants)
        table.rows.push_back({std::to_string(v.stock_id), v.sku, v.color_name, v.size, std::to_string(v.on_hand),
                              std::to_string(v.held), v.low_threshold ? std::to_string(*v.low_threshold) : "default"});
    std::cout << format_table(table);
    return 0;
}

int variant_add(db::pool& pool, const command_line& args) {
    expect_only(args, {"product", "color", "size", "sku"});
    std::cout << store::add_variant(pool, id_option(args, "product"), id_option(args, "color"), size_option(args),
                                    args.value_or("sku", ""))
              << "\n";
    return 0;
}

int variant_sku(db::pool& pool, const command_line& args) {
    expect_only(args, {"variant", "sku"});
    store::set_sku(pool, id_option(args, "variant"), args.require("sku"));
    return 0;
}

int variant_threshold(db::pool& pool, const command_line& args) {
    expect_only(args, {"variant", "threshold"});
    auto value = args.require("threshold");
    std::optional<int> threshold;
    if (value != "default") {
        auto n = parse_int64(value);
        if (!n || *n < 0 || *n > 1000000) throw usage_error("--threshold is a whole number from 0 to 1000000, or default");
        threshold = static_cast<int>(*n);
    }
    store::set_low_threshold(pool, id_option(args, "variant"), threshold);
    return 0;
}

int photo_add(db::pool& pool, const command_line& args) {
    expect_only(args, {"product", "file"});
    auto product = id_option(args, "product");
    auto path = args.require("file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error("cannot read " + path);
    std::string bytes;
    bytes.resize(media::max_upload_bytes + 1);  // one byte more than taken tells "too large"
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    try {
        std::cout << store::add_photo(pool, store::media_of(*current_settings), product, bytes) << "\n";
    } catch (const media::photo_rejected& e) {
        throw store::invalid_request(path + ": " + e.what());
    }
    return 0;
}

int photo_list(db::pool& pool, const command_line& args) {
    expect_only(args, {"product"});
    auto media = store::media_of(*current_settings);
    text_table table{{"photo", "position", "size", "url"}, {}};
    for (auto& p : store::product_photos(pool, id_option(args, "product")))
        table.rows.push_back({std::to_string(p.id), std::to_string(p.position + 1),
                              std::to_string(p.width) + "x" + std::to_string(p.height), store::photo_src(media, p)});
    std::cout << format_table(table);
    return 0;
}

int photo_delete(db::pool& pool, const command_line& args) {
    expect_only(args, {"product", "photo"});
    store::delete_photo(pool, store::media_of(*current_settings), id_option(args, "product"), id_option(args, "photo"));
    return 0;
}

int photo_order(db::pool& pool, const command_line& args) {
    expect_only(args, {"product", "photos"});
    std::vector<std::int64_t> ids;
    for (auto part : split(args.require("photos"), ',')) {
        auto id = parse_id(trim(part));
        if (!id) throw usage_error("--photos is a list of photo ids separated by commas");
        ids.push_back(*id);
    }
    store::reorder_photos(pool, store::media_of(*current_settings), id_option(args, "product"), ids);
    return 0;
}

// One line per change and per bad line, for the operator; the same plan the back office shows.
void print_import_plan(const store::import_plan& plan) {
    for (auto& c : plan.changes) {
        int delta = c.on_hand_after - c.on_hand_before;
        std::cout << "line " << c.line << ": " << c.sku << " (" << c.product << ", " << c.color << ", " << c.size
                  << ") " << c.on_hand_before << " -> " << c.on_hand_after << " (" << (delta > 0 ? "+" : "") << delta
                  << ")";
        if (c.on_hand_after < c.held) std::cout << ", below the " << c.held << " units live payment links hold";
        std::cout << "\n";
    }
    for (auto& b : plan.bad)
        std::cout << (b.line ? "line " + std::to_string(b.line) : std::string("file")) << ": bad: " << b.reason << "\n";
}

int stock_import(db::pool& pool, const command_line& args) {
    expect_only(args, {});
    if (args.words.size() != 3) throw usage_error("stock import takes one file (CSV with sku,quantity or sku,delta)");
    auto path = args.words[2];
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error("cannot read " + path);
    std::string file;
    file.resize(store::max_import_bytes + 1);
    in.read(file.data(), static_cast<std::streamsize>(file.size()));
    file.resize(static_cast<std::size_t>(in.gcount()));
    bool dry_run = args.flags.count("dry-run") > 0;
    auto plan = dry_run ? store::preview_stock_import(pool, file)
                        : store::apply_stock_import(pool, file, "cli", "import " + path.substr(path.rfind('/') + 1));
    print_import_plan(plan);
    std::string mode = plan.mode == store::import_mode::counts ? "counts" : "adjustments";
    std::cerr << (dry_run ? "dry run" : plan.applied ? "applied" : "nothing applied") << ": " << plan.changes.size()
              << " changes (" << mode << "), " << plan.unchanged << " lines unchanged, " << plan.bad.size()
              << " bad lines\n";
    return plan.bad.empty() ? 0 : 2;
}

int export_csv(db::pool& pool, const command_line& args) {
    expect_only(args, {});
    if (args.words.size() != 2) throw usage_error("export products or export stock");
    std::cout << (args.words[1] == "products" ? store::export_products_csv(pool) : store::export_stock_csv(pool));
    return 0;
}

int stock_low(db::pool& pool, const command_line& args) {
    expect_only(args, {});
    text_table table{{"variant", "sku", "product", "color", "size", "on hand", "held", "threshold"}, {}};
    for (auto& v : store::low_stock(pool, current_settings->stock_low_threshold))
        table.rows.push_back({std::to_string(v.stock_id), v.sku, v.product, v.color, v.size, std::to_string(v.on_hand),
                              std::to_string(v.held), std::to_string(v.threshold)});
    std::cout << format_table(table);
    return 0;
}

using command = std::function<int(db::pool&, const command_line&)>;

const std::map<std::string, command>& commands() {
    static const std::map<std::string, command> table = {
        {"setup-db", setup_db},
        {"migrate", migrate},         {"demo", demo},
        {"product add", product_add}, {"color add", color_add},
        {"stock set", stock_set},     {"stock get", stock_get},
        {"stock adjust", stock_adjust}, {"stock ledger", stock_ledger},
        {"orders list", orders_list}, {"orders show", orders_show},
        {"payments list", payments_list}, {"stock list", stock_list},
        {"expire", expire},
        {"staff add", staff_add},     {"staff list", staff_list},
        {"staff disable", staff_disable}, {"staff password", staff_password},
        {"staff totp", staff_totp},
        {"guest erase", guest_erase},
        {"product edit", product_edit}, {"product show", product_show},
        {"variant add", variant_add},   {"variant sku", variant_sku},
        {"variant threshold", variant_threshold},
        {"photo add", photo_add},       {"photo list", photo_list},
        {"photo delete", photo_delete}, {"photo order", photo_order},
        {"stock import", stock_import}, {"stock low", stock_low},
        {"export products", export_csv}, {"export stock", export_csv},
    };
    return table;
}

// "orders show 12" is the command "orders show" with an argument; others are their words.
std::string command_name(const command_line& args) {
    std::string name;
    for (std::size_t i = 0; i < args.words.size() && i < 2; ++i) name += (name.empty() ? "" : " ") + args.words[i];
    if (name == "orders show" || name == "stock import" || args.words.size() <= 2) return name;
    return name + " " + args.words[2];
}

}  // namespace
}  // namespace reserva

int main(int argc, char** argv) {
    using namespace reserva;
    try {
        auto args = parse_command_line(argc, argv, {"open", "dry-run"});
        if (args.help) {
            std::cout << usage;
            return 0;
        }
        auto name = command_name(args);
        auto found = commands().find(name);
        if (found == commands().end())
            throw usage_error(name.empty() ? "no command given; see --help" : "unknown command '" + name + "'; see --help");
        auto settings = load_config(args.config_path);
        set_display_time_zone(settings.site_timezone);
        current_settings = &settings;
        db::pool pool(settings.database, 1);
        return found->second(pool, args);
    } catch (const usage_error& e) {
        std::cerr << "reservactl: " << e.what() << "\n";
        return 2;
    } catch (const config_error& e) {
        std::cerr << "reservactl: " << e.what() << "\n";
        return 2;
    } catch (const store::invalid_request& e) {
        std::cerr << "reservactl: " << e.what() << "\n";
        return 2;
    } catch (const db::unavailable& e) {
        std::cerr << "reservactl: " << e.what() << "\n";
        return 1;
    } catch (const sql::SQLException& e) {
        std::cerr << "reservactl: database error " << e.getErrorCode() << ": " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "reservactl: " << e.what() << "\n";
        return 1;
    }
}
