// libFuzzer harness for the SPARQL query parser: the input is a query's text. A query that
// parses is printed back as its syntax tree and translated to the algebra, so the
// translation (SPARQL 1.1 §18.2) is fuzzed with everything the grammar accepts.
#include <annals/query.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  annals::QueryParseOptions options;
  options.base = "http://example.org/base/";
  auto query = annals::parse_query(text, options);
  if (!query) return 0;
  (void)query->variables();
  (void)query->to_string();
  (void)query->algebra_string();
  return 0;
}
