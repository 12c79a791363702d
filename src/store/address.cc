#include "store/address.h"

#include <cctype>
#include <set>

#include "util/text.h"

namespace reserva::store {
namespace {

void clean(std::string& value) { value = std::string(trim(value)); }

// Control characters or bytes that are not UTF-8: neither prints on a label nor fits the column.
bool has_control_characters(const std::string& value) {
    for (unsigned char c : value)
        if (c < 0x20 || c == 0x7f) return true;
    return !valid_utf8(value);
}

void require(std::map<std::string, std::string>& errors, const char* field, const std::string& value,
             std::size_t max_length, const char* label) {
    if (value.empty()) errors[field] = std::string("Please fill in the ") + label + ".";
    else if (value.size() > max_length) errors[field] = std::string("The ") + label + " is too long.";
    else if (has_control_characters(value)) errors[field] = std::string("The ") + label + " has characters we cannot print.";
}

const std::set<std::string>& brazilian_states() {
    static const std::set<std::string> states = {"AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
                                                 "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO"};
    return states;
}

}  // namespace

std::map<std::string, std::string> validate_address(address& a) {
    for (auto* field : {&a.street, &a.number, &a.complement, &a.neighborhood, &a.city, &a.state, &a.zip}) clean(*field);
    std::map<std::string, std::string> errors;
    require(errors, "street", a.street, 200, "street");
    require(errors, "number", a.number, 20, "number");
    if (a.complement.size() > 100 || has_control_characters(a.complement)) errors["complement"] = "The complement is too long.";
    require(errors, "neighborhood", a.neighborhood, 100, "neighborhood");
    require(errors, "city", a.city, 100, "city");
    for (auto& c : a.state) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!brazilian_states().count(a.state)) errors["state"] = "Please choose the state (two letters, e.g. SP).";
    std::string digits;
    bool stray = false;  // a letter or other mark: not a CEP however many digits follow
    for (char c : a.zip)
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
        else if (c != '-' && c != '.' && c != ' ') stray = true;
    if (stray || digits.size() != 8) errors["zip"] = "The CEP has 8 digits, e.g. 01310-100.";
    else a.zip = digits;
    return errors;
}

std::string validate_email(std::string& email) {
    clean(email);
    auto at = email.find('@');
    if (email.empty()) return "Please give an e-mail address for the order confirmation.";
    if (email.size() > 254 || at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos ||
        email.find('.', at) == std::string::npos || email.back() == '.' || has_control_characters(email) ||
        // Spaces, angle brackets, commas, quotes ...: legal in quoted forms nobody types, and each can
        // steer an SMTP envelope or a To: header towards another recipient.
        email.find_first_of(" <>()[]\\,;:\"") != std::string::npos)
        return "That does not look like an e-mail address.";
    return "";
}

}  // namespace reserva::store
