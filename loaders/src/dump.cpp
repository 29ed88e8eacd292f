// Writing facts back out: FactWriter (a fact at a time, with its valid time as annotations)
// and dump_store (every current fact of a store), in any RdfFormat the writers know.
#include <unordered_map>

#include "annals/iri.hpp"
#include "annals/load.hpp"
#include "valid_time.hpp"

namespace annals {

namespace {

// The prefixes a Turtle/TriG dump declares: the store's, "annals:" for the valid-time
// annotations and "xsd:" for their dates, each unless the store binds that name or namespace
// itself. Sorted by name, as the store keeps them, so that a dump loaded into another store
// dumps the same again.
Result<std::vector<Prefix>> dump_prefixes(const ReadTxn& read) {
  auto prefixes = read.prefixes();
  if (!prefixes) return prefixes;
  auto by_name = [](const Prefix& a, const Prefix& b) { return a.name < b.name; };
  const Prefix ours[] = {{"annals", std::string(kAnnalsNs)}, {"xsd", std::string(kXsd)}};
  for (const Prefix& added : ours) {
    bool bound = std::any_of(prefixes->begin(), prefixes->end(), [&](const Prefix& p) {
      return p.name == added.name || p.iri == added.iri;
    });
    if (bound) continue;
    prefixes->insert(std::lower_bound(prefixes->begin(), prefixes->end(), added, by_name), added);
  }
  return prefixes;
}

}  // namespace

class FactWriter::Impl {
 public:
  Impl(const ReadTxn& read, RdfWriter writer, bool as_triples)
      : read_(&read), writer_(std::move(writer)), as_triples_(as_triples) {}
  Status write(const FactRow& r);
  Status finish() { return writer_.finish(); }

 private:
  Result<const Term*> decode(TermId id);

  const ReadTxn* read_;
  RdfWriter writer_;
  bool as_triples_;
  std::unordered_map<TermId, Term> cache_;
  Quad quad_;
  std::vector<Annotation> annotations_;
};

FactWriter::FactWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FactWriter::FactWriter(FactWriter&&) noexcept = default;
FactWriter& FactWriter::operator=(FactWriter&&) noexcept = default;
FactWriter::~FactWriter() = default;

Status FactWriter::write(const FactRow& row) { return impl_->write(row); }
Status FactWriter::finish() { return impl_->finish(); }

Result<FactWriter> FactWriter::open(const ReadTxn& read, std::ostream& out, RdfFormat format,
                                    bool as_triples) {
  WriterOptions wo;
  if (!rdf_format_is_line_based(format)) {
    auto prefixes = dump_prefixes(read);
    if (!prefixes) return prefixes.status();
    wo.prefixes = std::move(prefixes).value();
  }
  return FactWriter(std::make_unique<Impl>(read, RdfWriter(out, format, std::move(wo)), as_triples));
}

Result<const Term*> FactWriter::Impl::decode(TermId id) {
  if (auto it = cache_.find(id); it != cache_.end()) return &it->second;
  auto t = read_->term(id);
  if (!t) return t.status();
  if (cache_.size() > 1'000'000) cache_.clear();
  return &cache_.emplace(id, std::move(t).value()).first->second;
}

Status FactWriter::Impl::write(const FactRow& r) {
  // Decoding is the slow part of a dump; subjects and predicates repeat, hence the cache.
  Term* parts[4] = {&quad_.subject, &quad_.predicate, &quad_.object, &quad_.graph};
  TermId ids[4] = {r.s, r.p, r.o, as_triples_ ? kDefaultGraph : r.g};
  for (int i = 0; i < 4; ++i) {
    auto t = decode(ids[i]);
    if (!t) return t.status();
    *parts[i] = **t;
  }
  valid_time_annotations(r.valid, annotations_);
  return writer_.write(quad_, annotations_);
}

Status dump_store(const Store& store, std::ostream& out, RdfFormat format) {
  if (rdf_format_is_report(format)) {
    return Status::invalid_input(std::string(rdf_format_title(format)) +
                                 " is read only: dump as N-Quads or TriG");
  }
  auto read = store.read();
  if (!read) return read.status();
  if (!rdf_format_has_graphs(format)) {
    auto stats = read->stats();
    if (!stats) return stats.status();
    if (stats->graphs > 0) {
      return Status::invalid_input("the store has named graphs, which " +
                                   std::string(rdf_format_title(format)) +
                                   " cannot hold; dump it as N-Quads or TriG");
    }
  }
  auto writer = FactWriter::open(*read, out, format);
  if (!writer) return writer.status();
  // Every fact: a quad with several intervals comes out once for each.
  auto cursor = read->scan(Pattern{}, TimeScope{}, ScanOptions{.by_graph = true});
  if (!cursor) return cursor.status();
  for (; cursor->valid(); cursor->next()) {
    if (auto st = writer->write(cursor->row()); !st) return st;
  }
  if (auto st = cursor->status(); !st) return st;
  return writer->finish();
}

}  // namespace annals
