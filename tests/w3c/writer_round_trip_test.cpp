// Round trips of the W3C suites through the Turtle, TriG and RDF/XML writers: every file a
// positive syntax or evaluation test reads is written as Turtle and RDF/XML (when it has no
// named graphs) and as TriG, once plainly and once with the file's own prefixes and base, read
// back, and compared with what was read first, up to blank node renaming. The N-Triples,
// N-Quads and RDF/XML files go through the writers the same way. RDF/XML cannot write every
// graph (a predicate must end in an XML name; XML 1.0 holds no control characters): a file
// with such a statement must be refused with kInvalidInput saying which, and is counted.
#include <catch2/catch.hpp>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "../support/isomorphism.hpp"
#include "../support/w3c_manifest.hpp"
#include "annals/rdf.hpp"

namespace {

using annals::Quad;
using annals::RdfFormat;
using annals::Status;
using annals::WriterOptions;
using annals::testing::Parsed;

int refused_by_rdfxml = 0;

// True for what the RDF/XML writer may refuse: what the format cannot hold.
bool rdfxml_cannot_hold(const Status& st) {
  return st.code() == annals::StatusCode::kInvalidInput &&
         (st.message().find("does not end in an XML name") != std::string::npos ||
          st.message().find("XML 1.0 cannot hold") != std::string::npos);
}

// Writes quads in format, reads the text back and compares; empty on success.
std::string round_trip(const std::vector<Quad>& quads, RdfFormat format,
                       const WriterOptions& options) {
  std::ostringstream out;
  annals::RdfWriter writer(out, format, options);
  for (const Quad& q : quads) {
    Status st = writer.write(q);
    if (!st && format == RdfFormat::kRdfXml && rdfxml_cannot_hold(st)) {
      ++refused_by_rdfxml;
      return "";
    }
    if (!st) return "write failed: " + st.to_string();
  }
  if (Status st = writer.finish(); !st) return "finish failed: " + st.to_string();
  std::vector<Quad> back;
  auto in = annals::Input::from_string(out.str(), "written");
  Status st = annals::parse_rdf(in, annals::ParseOptions(format), [&](const Quad& q) {
    back.push_back(q);
    return Status::ok();
  });
  if (!st) return "cannot read the output back: " + st.to_string() + "\n" + out.str();
  std::string diff = annals::testing::Isomorphism::compare(quads, back);
  return diff.empty() ? "" : diff + "--- written\n" + out.str();
}

// Every way a parsed file is written: Turtle too when it has no named graphs, then TriG;
// each without options and with the file's prefixes and its address as the base.
void check_file(const std::string& iri, RdfFormat format) {
  Parsed p = annals::testing::parse_file(iri, format);
  // A file the reader rejects fails in the conformance runner; there is nothing to write.
  if (!p.status) return;
  bool named = false;
  for (const Quad& q : p.quads) named = named || !q.graph.is_default_graph();
  std::vector<RdfFormat> outputs{RdfFormat::kTriG};
  if (!named) outputs.insert(outputs.begin(), {RdfFormat::kTurtle, RdfFormat::kRdfXml});
  for (RdfFormat out : outputs) {
    for (const WriterOptions& options : {WriterOptions{}, WriterOptions{p.prefixes, iri}}) {
      INFO(iri << " as " << annals::rdf_format_title(out)
               << (options.base.empty() ? "" : " with prefixes and base"));
      CHECK(round_trip(p.quads, out, options) == "");
    }
  }
  for (RdfFormat triples : {RdfFormat::kTurtle, RdfFormat::kRdfXml}) {
    if (!named) break;
    std::ostringstream sink;
    annals::RdfWriter writer(sink, triples);
    Status refused;
    for (const Quad& q : p.quads) {
      if (refused = writer.write(q); !refused) break;
    }
    CHECK(refused.code() == annals::StatusCode::kInvalidInput);
  }
}

void run_suite(const std::string& suite) {
  annals::testing::Manifest m(std::string(annals::testing::kPublished) + suite +
                              "/manifest.ttl");
  REQUIRE(!m.entries().empty());
  int files = 0;
  for (const annals::Term& e : m.entries()) {
    const std::string type = m.type(e);
    if (type.find("Negative") != std::string::npos) continue;
    check_file(m.action(e), annals::testing::format_of(type));
    ++files;
  }
  std::cout << "writer round trip " << suite << ": " << files << " files (RDF/XML refused "
            << refused_by_rdfxml << " writings so far)\n";
}

}  // namespace

TEST_CASE("Round trip: W3C RDF 1.1 Turtle", "[writer][w3c]") { run_suite("rdf11/rdf-turtle"); }
TEST_CASE("Round trip: W3C RDF 1.1 TriG", "[writer][w3c]") { run_suite("rdf11/rdf-trig"); }
TEST_CASE("Round trip: W3C RDF 1.2 Turtle", "[writer][w3c]") {
  run_suite("rdf12/rdf-turtle/syntax");
  run_suite("rdf12/rdf-turtle/eval");
}
TEST_CASE("Round trip: W3C RDF 1.2 TriG", "[writer][w3c]") {
  run_suite("rdf12/rdf-trig/syntax");
  run_suite("rdf12/rdf-trig/eval");
}
TEST_CASE("Round trip: W3C RDF/XML", "[writer][w3c]") {
  run_suite("rdf11/rdf-xml");
  run_suite("rdf12/rdf-xml/eval");
}
TEST_CASE("Round trip: W3C N-Triples and N-Quads", "[writer][w3c]") {
  run_suite("rdf11/rdf-n-triples");
  run_suite("rdf11/rdf-n-quads");
  run_suite("rdf12/rdf-n-triples/syntax");
  run_suite("rdf12/rdf-n-triples/c14n");
  run_suite("rdf12/rdf-n-quads/syntax");
  run_suite("rdf12/rdf-n-quads/c14n");
}
