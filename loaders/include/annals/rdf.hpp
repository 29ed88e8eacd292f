// RDF text formats in and out: a streaming reader that hands each quad to a sink, and a
// writer. N-Triples and N-Quads, 1.1 and 1.2 (triple terms "<<( s p o )>>", directional
// language tags "@ar--rtl", "VERSION" directives).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "annals/status.hpp"
#include "annals/term.hpp"

namespace annals {

enum class RdfFormat : std::uint8_t { kNTriples, kNQuads };

// "nt", "ntriples", "n-triples", "nq", "nquads", "n-quads" (any case); nullopt otherwise.
std::optional<RdfFormat> rdf_format_from_name(std::string_view name);
// By file extension: ".nt", ".nq", each also with ".gz"; nullopt otherwise.
std::optional<RdfFormat> rdf_format_from_path(std::string_view path);
std::string_view rdf_format_name(RdfFormat format);  // "ntriples" or "nquads"

// A stream of bytes from a file (gunzipped when the name ends in ".gz") or stdin ("-").
class Input {
 public:
  class Impl;
  // Errors: kNotFound for a missing file, kInvalidInput for a directory, kIoError otherwise.
  static Result<Input> open(const std::string& path);
  // Reads text held in memory; name is used in error messages.
  static Input from_string(std::string text, std::string name = "input");
  Input(Input&&) noexcept;
  Input& operator=(Input&&) noexcept;
  ~Input();

  // Reads up to n bytes; returns 0 at the end or on error (then status() says which).
  std::size_t read(char* buf, std::size_t n);
  Status status() const;
  const std::string& name() const;
  std::uint64_t bytes_read() const;  // compressed bytes for .gz files
  std::uint64_t size() const;        // the file's size on disk; 0 when unknown (stdin)

 private:
  explicit Input(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct ParseOptions {
  RdfFormat format = RdfFormat::kNQuads;
};

// Called for each quad in file order; the Quad is reused between calls (copy what you keep).
// A non-ok Status stops the parse and is returned by parse_rdf.
using QuadSink = std::function<Status(const Quad&)>;

// Parses the whole input, streaming (memory does not grow with the input). On a syntax error
// returns kInvalidInput with the place (input name, line, column) and stops; quads already
// handed to the sink stay handed (callers that need all-or-nothing roll back themselves).
Status parse_rdf(Input& in, const ParseOptions& options, const QuadSink& sink);

// Writes quads as N-Triples or N-Quads in canonical form (RDF 1.2 N-Triples C14N): one
// statement a line, "\n" line ends, single spaces. A quad in a named graph cannot be written
// as N-Triples: write() returns kInvalidInput for it.
class RdfWriter {
 public:
  RdfWriter(std::ostream& out, RdfFormat format);
  Status write(const Quad& quad);
  // Flushes; reports a failed stream as kIoError.
  Status finish();

 private:
  std::ostream& out_;
  RdfFormat format_;
  std::string line_;
};

}  // namespace annals
