// libFuzzer harness for one reader, chosen when it is built (ANNALS_FUZZ_FORMAT: an RdfFormat
// enumerator). The input is a file's bytes, read twice: by parse_rdf, whose quads go through
// the writer (N-Quads) and must read back, and by parse_facts (valid-time annotations folded
// into intervals; bad statements skipped where the format allows it).
#include <annals/rdf.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

using namespace annals;

constexpr RdfFormat kFormat = RdfFormat::ANNALS_FUZZ_FORMAT;

[[noreturn]] void fail(const std::string& what, const std::string& text) {
  std::fprintf(stderr, "%s\n--- N-Quads written:\n%s\n", what.c_str(), text.c_str());
  std::abort();
}

// What the writer accepted must read back: as many quads, no error.
void check_read_back(const std::string& nquads, std::size_t written) {
  Input in = Input::from_string(nquads, "written");
  std::size_t read = 0;
  Status st = parse_rdf(in, ParseOptions(RdfFormat::kNQuads), [&](const Quad&) {
    ++read;
    return Status::ok();
  });
  if (!st.is_ok()) fail("the writer's N-Quads do not read back: " + st.to_string(), nquads);
  if (read != written) {
    fail("wrote " + std::to_string(written) + " quads, read back " + std::to_string(read),
         nquads);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ParseOptions options(kFormat);
  options.base = "http://example.org/base/";
  {
    std::ostringstream out;
    RdfWriter writer(out, RdfFormat::kNQuads);
    std::size_t written = 0;
    Input in = Input::from_string(text, "fuzz");
    (void)parse_rdf(in, options, [&](const Quad& quad) {
      if (writer.write(quad).is_ok()) ++written;
      return Status::ok();
    });
    if (writer.finish().is_ok()) check_read_back(out.str(), written);
  }
  if (rdf_check_skippable(kFormat, "fuzz").is_ok()) options.on_skip = [](const Status&) {};
  Input in = Input::from_string(text, "fuzz");
  (void)parse_facts(in, options, [](const Quad&, const ValidTime&) { return Status::ok(); });
  return 0;
}
