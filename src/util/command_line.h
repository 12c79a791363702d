// The command line shared by the three programs: --config FILE, --help, and for reservactl
// sub-command words and "--name value" options.
#pragma once
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace reserva {

class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct command_line {
    std::string config_path;
    bool help = false;
    std::vector<std::string> words;              // e.g. {"stock", "set"}
    std::map<std::string, std::string> options;  // "--quantity 3" -> {"quantity", "3"}
    std::set<std::string> flags;                 // options that take no value, e.g. "open"

    // The value of a required option; throws usage_error naming it.
    const std::string& require(const std::string& name) const;
    std::string value_or(const std::string& name, const std::string& fallback) const;
};

// flag_names: options that take no value. Throws usage_error for "--x" without its value or
// an option given twice.
command_line parse_command_line(int argc, char** argv, const std::set<std::string>& flag_names = {});
// Where the templates and migrations are: the installed folder, or the environment's override
// (RESERVA_TEMPLATE_DIR, RESERVA_SQL_DIR) for running from a source tree.
std::string template_dir();
std::string sql_dir();

}  // namespace reserva
