# Builds the libFuzzer targets; fuzz/run calls it. From the top of the repository:
#   make -f fuzz/fuzz.mk BUILD=/tmp/reserva-fuzz -j2
# The store's sources are compiled here again with clang and the sanitizers (the g++-built
# libreserva.a has no coverage instrumentation), once each, and shared by the targets.
BUILD ?= /tmp/reserva-fuzz
CXX := clang++
PKG_CFLAGS := $(shell pkg-config --cflags cgicc libcurl openssl vips)
LIBS := $(shell pkg-config --libs cgicc openssl vips) -lcsv
SANITIZERS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
CXXFLAGS := -std=c++17 -g -O1 $(SANITIZERS) -I src -I fuzz $(PKG_CFLAGS)

TARGETS := request_fuzzer router_fuzzer config_fuzzer gateway_json_fuzzer webhook_signature_fuzzer text_fuzzer \
	stock_import_fuzzer photo_upload_fuzzer

request_fuzzer_SRC := http/request.cc http/response.cc util/text.cc
router_fuzzer_SRC := http/router.cc http/request.cc http/response.cc util/text.cc
config_fuzzer_SRC := util/config.cc util/text.cc
gateway_json_fuzzer_SRC := payments/gateway_json.cc util/clock.cc util/money.cc
webhook_signature_fuzzer_SRC := payments/webhook_signature.cc util/digest.cc util/text.cc
text_fuzzer_SRC := util/text.cc util/money.cc store/address.cc
stock_import_fuzzer_SRC := util/csv.cc util/text.cc store/stock_import_csv.cc store/product_sku.cc
photo_upload_fuzzer_SRC := media/photo_image.cc

all: $(addprefix $(BUILD)/,$(TARGETS))

.SECONDEXPANSION:
$(addprefix $(BUILD)/,$(TARGETS)): $(BUILD)/%: $(BUILD)/obj/fuzz/%.o $$(addprefix $(BUILD)/obj/src/,$$($$*_SRC:.cc=.o))
	$(CXX) $(CXXFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

$(BUILD)/obj/src/%.o: src/%.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(BUILD)/obj/fuzz/%.o: fuzz/%.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

.PHONY: all
