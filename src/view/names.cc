#include "view/names.h"

namespace reserva::view::names {
#define RESERVA_DEFINE_TEMPLATE_NAME(name) const ctemplate::StaticTemplateString name = STS_INIT(name, #name);
RESERVA_TEMPLATE_NAMES(RESERVA_DEFINE_TEMPLATE_NAME)
#undef RESERVA_DEFINE_TEMPLATE_NAME
}  // namespace reserva::view::names
