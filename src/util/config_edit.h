// Writing keys into a configuration file in place, for reservactl setup-db: the file keeps its
// other lines and comments, its mode and its owner (the Debian package's is 0640 root:_reserva),
// and is replaced in one rename so a reader never sees half of it.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace reserva {

// Sets each key of values in [section]: a line that sets it is replaced, else the key is added at
// the end of the section (the section is added at the end of the file when missing). A value with
// a comment character or surrounding blanks is written in double quotes. Throws
// std::runtime_error naming the file when it cannot be read or replaced.
void set_config_values(const std::string& path, const std::string& section,
                       const std::vector<std::pair<std::string, std::string>>& values);

// The same on text: what set_config_values writes (for unit tests).
std::string with_config_values(const std::string& text, const std::string& section,
                               const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace reserva
