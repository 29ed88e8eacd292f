// libFuzzer harness for the SPARQL Update parser: the input is an update request's text; one
// that parses is printed back as its syntax tree.
#include <annals/update.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  annals::QueryParseOptions options;
  options.base = "http://example.org/base/";
  auto update = annals::parse_update(text, options);
  if (!update) return 0;
  (void)update->operations();
  (void)update->to_string();
  return 0;
}
