// The W3C RDF suites as tests see them: where a published test file lies in the shared
// conformance folder, reading one with the base IRI it was published at, and the manifests
// (read with our own Turtle reader) as subject -> predicate -> objects with their entries.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "annals/rdf.hpp"

#ifndef ANNALS_CONFORMANCE_DIR
#error "ANNALS_CONFORMANCE_DIR must name the shared conformance folder"
#endif

namespace annals::testing {

// The suites assume each file was read from its published address (conformance/README.md).
inline constexpr std::string_view kPublished = "https://w3c.github.io/rdf-tests/rdf/";
inline constexpr std::string_view kMf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
inline constexpr std::string_view kRdft = "http://www.w3.org/ns/rdftest#";

// The SPARQL suites are published beside the RDF ones.
inline constexpr std::string_view kPublishedSparql = "https://w3c.github.io/rdf-tests/sparql/";

// The vocabularies of the SPARQL manifests' actions and approval.
inline constexpr std::string_view kQt = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#";
inline constexpr std::string_view kDawgt = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#";

inline std::filesystem::path local_path(const std::string& iri) {
  std::string_view prefix = iri.starts_with(kPublishedSparql) ? kPublishedSparql : kPublished;
  REQUIRE(iri.starts_with(prefix));
  return std::filesystem::path(ANNALS_CONFORMANCE_DIR) / iri.substr(prefix.size());
}

// A file's bytes; throws std::runtime_error when it cannot be read.
inline std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Parsed {
  Status status;
  std::vector<Quad> quads;
  std::vector<Prefix> prefixes;  // the file's @prefix/PREFIX directives, in order
};

// Reads the published file iri, with iri as the base.
inline Parsed parse_file(const std::string& iri, RdfFormat format) {
  Parsed p;
  auto in = Input::open(local_path(iri).string());
  if (!in) {
    p.status = in.status();
    return p;
  }
  ParseOptions options(format);
  options.base = iri;
  options.on_prefix = [&](const Prefix& prefix) { p.prefixes.push_back(prefix); };
  p.status = parse_rdf(*in, options, [&](const Quad& q) {
    p.quads.push_back(q);
    return Status::ok();
  });
  return p;
}

// The format a manifest's test type names (rdft:TestTurtleEval -> Turtle, rdft:TestXMLEval ->
// RDF/XML, ...).
inline RdfFormat format_of(const std::string& type) {
  if (type.find("NTriples") != std::string::npos) return RdfFormat::kNTriples;
  if (type.find("NQuads") != std::string::npos) return RdfFormat::kNQuads;
  if (type.find("Turtle") != std::string::npos) return RdfFormat::kTurtle;
  if (type.find("XML") != std::string::npos) return RdfFormat::kRdfXml;
  return RdfFormat::kTriG;
}

inline std::string after_hash(const std::string& iri) { return iri.substr(iri.find('#') + 1); }

// A manifest as subject -> predicate -> objects, and its list of entries.
class Manifest {
 public:
  explicit Manifest(const std::string& iri) {
    Parsed p = parse_file(iri, RdfFormat::kTurtle);
    INFO(p.status.to_string());
    REQUIRE(p.status.is_ok());
    for (auto& q : p.quads) props_[key(q.subject)][q.predicate.value].push_back(q.object);
    read_list(std::string(kMf) + "entries", entries_);
    read_list(std::string(kMf) + "include", includes_);
  }

  const std::vector<Term>& entries() const { return entries_; }
  // The manifests an aggregate manifest includes (mf:include).
  const std::vector<Term>& includes() const { return includes_; }
  Term first(const Term& subject, const std::string& predicate) const {
    auto s = props_.find(key(subject));
    if (s == props_.end()) return {};
    auto p = s->second.find(predicate);
    return p == s->second.end() || p->second.empty() ? Term{} : p->second.front();
  }
  // Every object of subject's predicate, in file order.
  std::vector<Term> all(const Term& subject, const std::string& predicate) const {
    auto s = props_.find(key(subject));
    if (s == props_.end()) return {};
    auto p = s->second.find(predicate);
    return p == s->second.end() ? std::vector<Term>{} : p->second;
  }
  // The entry's rdf:type, mf:action and mf:result IRIs (empty when missing).
  std::string type(const Term& e) const { return first(e, std::string(kRdfType)).value; }
  std::string action(const Term& e) const { return first(e, std::string(kMf) + "action").value; }
  std::string result(const Term& e) const { return first(e, std::string(kMf) + "result").value; }

 private:
  static std::string key(const Term& t) { return to_ntriples(t); }
  void read_list(const std::string& predicate, std::vector<Term>& out) {
    for (const auto& [s, props] : props_) {
      auto list = props.find(predicate);
      if (list == props.end()) continue;
      for (Term node = list->second.front(); node.value != kRdfNil && !node.value.empty();) {
        out.push_back(first(node, std::string(kRdfFirst)));
        node = first(node, std::string(kRdfRest));
      }
    }
  }
  std::map<std::string, std::map<std::string, std::vector<Term>>> props_;
  std::vector<Term> entries_;
  std::vector<Term> includes_;
};

// Prints a suite's count line ("w3c SUITE: N passed, ...") and, when ANNALS_W3C_COUNTS
// names a file, appends it there too: CI prints that file after one run of every test
// instead of running the suites again for their counts.
inline void report_counts(const std::string& line) {
  std::cout << line << '\n';
  if (const char* path = std::getenv("ANNALS_W3C_COUNTS"); path && *path)
    std::ofstream(path, std::ios::app) << line << '\n';
}

}  // namespace annals::testing
