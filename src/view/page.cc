#include "view/page.h"

#include <dirent.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "view/names.h"

namespace reserva::view {
namespace {
std::string template_root = ".";

std::vector<std::string> template_names() {
    std::vector<std::string> names;
    std::unique_ptr<DIR, int (*)(DIR*)> folder(opendir(template_root.c_str()), closedir);
    if (!folder) return names;
    while (auto* entry = readdir(folder.get())) {
        std::string name = entry->d_name;
        if (name.size() > 4 && name.substr(name.size() - 4) == ".tpl") names.push_back(name);
    }
    return names;
}
}  // namespace

void set_template_root(const std::string& dir) {
    template_root = dir;
    ctemplate::mutable_default_template_cache()->SetTemplateRootDirectory(dir);
}

std::string check_templates() {
    std::string failed;
    auto names = template_names();
    if (names.empty()) return "no .tpl files in " + template_root;
    for (auto& name : names)
        if (!ctemplate::mutable_default_template_cache()->LoadTemplate(name, ctemplate::STRIP_BLANK_LINES))
            failed += (failed.empty() ? "" : ", ") + name;
    // Freezing makes every later expansion lock-free and skips re-reading files from disk.
    if (failed.empty()) ctemplate::mutable_default_template_cache()->Freeze();
    return failed;
}

page::page(const std::string& body_template, const std::string& title, const char* layout_template)
    : root_("page"), layout_(layout_template) {
    root_.SetValue(names::TITLE, title);
    body_ = root_.AddIncludeDictionary(names::BODY);
    body_->SetFilename(body_template);
}

std::string page::render() const { return render_template(layout_, root_); }

std::string render_template(const std::string& name, const ctemplate::TemplateDictionary& values) {
    std::string out;
    out.reserve(16 * 1024);  // a page is 4-25 KB: a few reallocations fewer
    if (!ctemplate::ExpandTemplate(name, ctemplate::STRIP_BLANK_LINES, &values, &out))
        throw std::runtime_error("template " + name + " is missing or broken");
    return out;
}

}  // namespace reserva::view
