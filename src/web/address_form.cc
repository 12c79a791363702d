#include "web/address_form.h"

#include <cctype>

namespace reserva::web {

store::address read_address(const http::request& req) {
    return {req.param("street"), req.param("number"), req.param("complement"), req.param("neighborhood"),
            req.param("city"),   req.param("state"),  req.param("zip")};
}

void show_field_errors(ctemplate::TemplateDictionary& dict, const std::map<std::string, std::string>& errors) {
    for (auto& [field, message] : errors) {
        std::string section = "ERROR_";
        for (char c : field) section += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        dict.AddSectionDictionary(section)->SetValue("MESSAGE", message);
    }
}

void fill_address_values(ctemplate::TemplateDictionary& dict, const store::address& a) {
    dict.SetValue("STREET", a.street);
    dict.SetValue("NUMBER", a.number);
    dict.SetValue("COMPLEMENT", a.complement);
    if (!a.complement.empty()) dict.ShowSection("HAS_COMPLEMENT");
    dict.SetValue("NEIGHBORHOOD", a.neighborhood);
    dict.SetValue("CITY", a.city);
    dict.SetValue("STATE", a.state);
    // A stored CEP is 8 digits; people read it as 01310-100.
    dict.SetValue("ZIP", a.zip.size() == 8 && a.zip.find_first_not_of("0123456789") == std::string::npos
                             ? a.zip.substr(0, 5) + "-" + a.zip.substr(5)
                             : a.zip);
}

void fill_address_fields(ctemplate::TemplateDictionary& parent, const store::address& a,
                         const std::map<std::string, std::string>& errors) {
    auto* fields = parent.AddIncludeDictionary("ADDRESS_FIELDS");
    fields->SetFilename("address_fields.tpl");
    fill_address_values(*fields, a);
    show_field_errors(*fields, errors);
}

}  // namespace reserva::web
