// An HTML page: a layout (the shop's layout.tpl, or the back office's admin_layout.tpl) around
// one body template, both auto-escaped by ctemplate. Templates are parsed once and cached for the life of the process.
#pragma once
#include <ctemplate/template.h>

#include <memory>
#include <string>

namespace reserva::view {

// Where the .tpl files live; called once at start-up, before any page is rendered.
void set_template_root(const std::string& dir);
// Loads every template now, so a broken install fails at start-up rather than on a request.
// Returns the names that failed to load (empty when all is well).
std::string check_templates();

class page {
public:
    page(const std::string& body_template, const std::string& title, const char* layout_template = "layout.tpl");
    // Values the body template uses.
    ctemplate::TemplateDictionary& body() { return *body_; }
    // Values the layout uses (TITLE, CART_COUNT).
    ctemplate::TemplateDictionary& layout() { return root_; }
    // Throws std::runtime_error if a template is missing or broken.
    std::string render() const;

private:
    ctemplate::TemplateDictionary root_;
    ctemplate::TemplateDictionary* body_;
    const char* layout_;
};

// A template rendered on its own (e.g. the e-mail body).
std::string render_template(const std::string& name, const ctemplate::TemplateDictionary& values);

}  // namespace reserva::view
