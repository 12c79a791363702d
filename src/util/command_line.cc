#include "util/command_line.h"

#include <cstdlib>

#include "util/config.h"

#ifndef RESERVA_TEMPLATE_DIR
#define RESERVA_TEMPLATE_DIR "templates"
#endif
#ifndef RESERVA_SQL_DIR
#define RESERVA_SQL_DIR "sql"
#endif

namespace reserva {

const std::string& command_line::require(const std::string& name) const {
    auto found = options.find(name);
    if (found == options.end()) throw usage_error("missing --" + name);
    return found->second;
}

std::string command_line::value_or(const std::string& name, const std::string& fallback) const {
    auto found = options.find(name);
    return found == options.end() ? fallback : found->second;
}

command_line parse_command_line(int argc, char** argv, const std::set<std::string>& flag_names) {
    command_line result;
    result.config_path = default_config_path;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            result.help = true;
        } else if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
            std::string name = arg.substr(2);
            std::string value;
            auto eq = name.find('=');
            if (eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            } else if (flag_names.count(name)) {
                result.flags.insert(name);
                continue;
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                throw usage_error("--" + name + " needs a value");
            }
            if (name == "config") {
                result.config_path = value;
            } else if (!result.options.emplace(name, value).second) {
                throw usage_error("--" + name + " given twice");
            }
        } else {
            result.words.push_back(arg);
        }
    }
    return result;
}

std::string template_dir() {
    const char* dir = std::getenv("RESERVA_TEMPLATE_DIR");
    return dir && *dir ? dir : RESERVA_TEMPLATE_DIR;
}

std::string sql_dir() {
    const char* dir = std::getenv("RESERVA_SQL_DIR");
    return dir && *dir ? dir : RESERVA_SQL_DIR;
}

}  // namespace reserva
