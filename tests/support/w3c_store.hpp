// The W3C SPARQL runners' stores: reading a published test file, loading files into a store
// (each file's blank node labels its own), and fresh empty stores made quickly.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "../support/temp_dir.hpp"
#include "../support/w3c_manifest.hpp"
#include "../support/xml.hpp"
#include "annals/rdf.hpp"
#include "annals/store.hpp"

namespace annals::testing {

inline std::string extension(const std::string& iri) { return iri.substr(iri.rfind('.') + 1); }

// The quads of a published RDF file, read with its published address as the base.
inline std::vector<Quad> read_rdf_file(const std::string& iri) {
  if (extension(iri) == "rdf") {
    return annals::testing::RdfXmlReader::read(slurp(local_path(iri)), iri);
  }
  auto format = annals::rdf_format_from_path(local_path(iri).string());
  if (!format) throw std::runtime_error("no reader for " + iri);
  auto parsed = annals::testing::parse_file(iri, *format);
  if (!parsed.status) throw std::runtime_error(parsed.status.to_string());
  return parsed.quads;
}

template <typename T>
T check(annals::Result<T> r) {
  if (!r) throw std::runtime_error(r.status().to_string());
  return std::move(r).value();
}

// Writes files into a store in one transaction; each file's blank node labels get blank
// nodes of their own.
class DataLoader {
 public:
  explicit DataLoader(annals::WriteTxn& txn) : txn_(txn) {}

  // The quads of the file; those of its default graph go to `graph` when one is given.
  void add(const std::string& iri, const std::optional<Term>& graph) {
    blanks_.clear();
    for (const Quad& q : read_rdf_file(iri)) {
      const Term& g = graph && q.graph.is_default_graph() ? *graph : q.graph;
      check(txn_.assert_fact(encode(q.subject), encode(q.predicate), encode(q.object), encode(g)));
    }
  }

 private:
  annals::TermId encode(const Term& t) {
    if (t.is_blank()) {
      auto it = blanks_.find(t.value);
      if (it == blanks_.end()) it = blanks_.emplace(t.value, check(txn_.fresh_blank())).first;
      return it->second;
    }
    if (t.is_triple()) {
      return check(txn_.intern_triple(encode(t.triple->subject), encode(t.triple->predicate),
                                      encode(t.triple->object)));
    }
    return check(txn_.intern(t));
  }

  annals::WriteTxn& txn_;
  std::map<std::string, annals::TermId> blanks_;
};

// An empty store at path. Creating a RocksDB store costs far more than opening a copy of
// an empty one, and the suites want hundreds: copy one made once.
inline annals::Store fresh_store(const std::string& path) {
  static annals::testing::TempDir templates;
  static const std::string empty = [] {
    std::string at = templates / "empty";
    check(annals::Store::open(at));
    return at;
  }();
  std::filesystem::copy(empty, path, std::filesystem::copy_options::recursive);
  return check(annals::Store::open(path));
}

}  // namespace annals::testing
