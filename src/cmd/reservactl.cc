// reservactl: the operator's command line (SPEC section 3). One small function per sub-command;
// ids are printed alone on stdout; bad arguments are one line on stderr and exit status 2.
#include <cppconn/exception.h>

#include <functional>
#include <iostream>
#include <map>

#include "db/migrations.h"
#include "db/pool.h"
#include "db/setup.h"
#include "jobs/expire_pass.h"
#include "store/catalog_admin.h"
#include "store/demo_catalog.h"
#include "store/reports.h"
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
    "                                            set on-hand stock (creates the variant if missing)\n"
    "  stock get --product ID --color ID --size SIZE\n"
    "                                            print the on-hand quantity\n"
    "  orders list [--status open|finished]      orders: open ones are carts\n"
    "  orders show ID                            one order: lines, payments, refunds\n"
    "  payments list [--open]                    payment links and their state (--open: still payable)\n"
    "  stock list                                every variant: on hand, held by live links, available\n"
    "  expire                                    one cleanup pass, as reserva-expire does\n"
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

int stock_set(db::pool& pool, const command_line& args) {
    expect_only(args, {"product", "color", "size", "quantity"});
    auto product = id_option(args, "product");
    auto color = id_option(args, "color");
    auto size = size_option(args);
    auto quantity = parse_int64(args.require("quantity"));
    if (!quantity || *quantity < 0 || *quantity > 1000000) throw usage_error("--quantity must be a whole number from 0 to 1000000");
    store::set_stock(pool, product, color, size, static_cast<int>(*quantity));
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

using command = std::function<int(db::pool&, const command_line&)>;

const std::map<std::string, command>& commands() {
    static const std::map<std::string, command> table = {
        {"setup-db", setup_db},
        {"migrate", migrate},         {"demo", demo},
        {"product add", product_add}, {"color add", color_add},
        {"stock set", stock_set},     {"stock get", stock_get},
        {"orders list", orders_list}, {"orders show", orders_show},
        {"payments list", payments_list}, {"stock list", stock_list},
        {"expire", expire},
    };
    return table;
}

// "orders show 12" is the command "orders show" with an argument; others are their words.
std::string command_name(const command_line& args) {
    std::string name;
    for (std::size_t i = 0; i < args.words.size() && i < 2; ++i) name += (name.empty() ? "" : " ") + args.words[i];
    if (name == "orders show" || args.words.size() <= 2) return name;
    return name + " " + args.words[2];
}

}  // namespace
}  // namespace reserva

int main(int argc, char** argv) {
    using namespace reserva;
    try {
        auto args = parse_command_line(argc, argv, {"open"});
        if (args.help) {
            std::cout << usage;
            return 0;
        }
        auto name = command_name(args);
        auto found = commands().find(name);
        if (found == commands().end())
            throw usage_error(name.empty() ? "no command given; see --help" : "unknown command '" + name + "'; see --help");
        auto settings = load_config(args.config_path);
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
