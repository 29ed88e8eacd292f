// Loading RDF files into a store in one transaction, and dumping it back out.
#include "annals/load.hpp"

#include <chrono>
#include <set>
#include <unordered_map>

namespace annals {

namespace {

// Maps a file's terms to store ids; each blank node label of the file gets a fresh blank node.
class Encoder {
 public:
  explicit Encoder(WriteTxn& txn) : txn_(txn) {}
  void new_file() {
    blanks_.clear();
    for (auto& m : last_) m.valid = false;
  }

  // Files often repeat the subject, predicate or graph of the statement before: remember
  // the last term and id of a position and skip the dictionary when it comes again.
  Result<TermId> encode_at(int position, const Term& t) {
    Memo& m = last_[position];
    if (m.valid && m.term == t) return m.id;
    auto id = encode(t);
    if (!id) return id;
    m.term = t;
    m.id = *id;
    m.valid = true;
    return id;
  }

  Result<TermId> encode(const Term& t) {
    switch (t.kind) {
      case TermKind::kBlank: {
        auto it = blanks_.find(t.value);
        if (it != blanks_.end()) return it->second;
        auto id = txn_.fresh_blank();
        if (!id) return id;
        blanks_.emplace(t.value, *id);
        return id;
      }
      case TermKind::kTriple: {
        auto s = encode(t.triple->subject);
        if (!s) return s;
        auto p = encode(t.triple->predicate);
        if (!p) return p;
        auto o = encode(t.triple->object);
        if (!o) return o;
        return txn_.intern_triple(*s, *p, *o);
      }
      default: return txn_.intern(t);
    }
  }

 private:
  struct Memo {
    Term term;
    TermId id = 0;
    bool valid = false;
  };
  WriteTxn& txn_;
  std::unordered_map<std::string, TermId> blanks_;
  Memo last_[3];
};

std::string default_description(const std::vector<std::string>& paths) {
  std::string d = "load";
  for (const auto& p : paths) {
    if (d.size() > 200) {
      d += " ...";
      break;
    }
    d += ' ';
    d += p;
  }
  return d;
}

}  // namespace

Result<LoadResult> load_files(Store& store, const std::vector<std::string>& paths,
                              const LoadOptions& options) {
  // Check every file before touching the store, so a typo costs nothing.
  std::vector<RdfFormat> formats;
  for (const auto& path : paths) {
    auto f = options.format ? options.format : rdf_format_from_path(path);
    if (!f) {
      return Status::invalid_input("cannot tell the format of '" + path +
                                   "' from its name; give it with --format");
    }
    if (options.on_skip && !rdf_format_is_line_based(*f)) {
      return Status::invalid_input(path + ": statements of " + std::string(rdf_format_title(*f)) +
                                   " span lines, so its errors cannot be skipped; fix the file or "
                                   "load it strictly");
    }
    formats.push_back(*f);
  }
  std::vector<Input> inputs;
  std::uint64_t total = 0;
  for (const auto& path : paths) {
    auto in = Input::open(path);
    if (!in) return in.status();
    total += in->size();
    inputs.push_back(std::move(in).value());
  }

  auto txn = store.write();
  if (!txn) return txn.status();
  Encoder enc(*txn);
  LoadResult result;
  auto known = txn->base().prefixes();
  if (!known) return known.status();
  std::set<std::string> names, iris;
  for (const auto& p : *known) {
    names.insert(p.name);
    iris.insert(p.iri);
  }
  std::uint64_t done_before = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Input& in = inputs[i];
    enc.new_file();
    auto sink = [&](const Quad& q) -> Status {
      auto s = enc.encode_at(0, q.subject);
      if (!s) return s.status();
      auto p = enc.encode_at(1, q.predicate);
      if (!p) return p.status();
      auto o = enc.encode(q.object);
      if (!o) return o.status();
      auto g = enc.encode_at(2, q.graph);
      if (!g) return g.status();
      if (auto st = txn->add_fact(*s, *p, *o, *g); !st) return st;
      ++result.quads_read;
      if (options.progress && (result.quads_read & 0xffff) == 0) {
        options.progress(done_before + in.bytes_read(), total, result.quads_read);
      }
      return Status::ok();
    };
    ParseOptions po(formats[i]);
    po.base = options.base;
    if (options.on_skip) {
      po.on_skip = [&](const Status& st) {
        ++result.skipped;
        options.on_skip(st);
      };
    }
    Status prefix_status;
    po.on_prefix = [&](const Prefix& p) {
      if (names.contains(p.name) || iris.contains(p.iri) || !prefix_status) return;
      names.insert(p.name);
      iris.insert(p.iri);
      prefix_status = txn->set_prefix(p);
      result.prefixes_added.push_back(p);
    };
    if (auto st = parse_rdf(in, po, sink); !st) return st;
    if (!prefix_status) return prefix_status;
    done_before += in.bytes_read();
  }
  if (options.progress) options.progress(done_before, total, result.quads_read);
  auto rec = txn->commit(options.description.empty() ? default_description(paths)
                                                     : options.description);
  if (!rec) return rec.status();
  result.tx = std::move(rec).value();
  result.facts_added = result.tx.facts_added;
  return result;
}

Status dump_store(const Store& store, std::ostream& out, RdfFormat format) {
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
  WriterOptions wo;
  if (!rdf_format_is_line_based(format)) {
    auto prefixes = read->prefixes();
    if (!prefixes) return prefixes.status();
    wo.prefixes = std::move(prefixes).value();
  }
  auto cursor = read->scan(Pattern{}, TimeScope{}, ScanOptions{.distinct_quads = true, .by_graph = true});
  if (!cursor) return cursor.status();
  // Decoding is the slow part of a dump; subjects and predicates repeat, so keep a cache.
  std::unordered_map<TermId, Term> cache;
  auto decode = [&](TermId id) -> Result<const Term*> {
    if (auto it = cache.find(id); it != cache.end()) return &it->second;
    auto t = read->term(id);
    if (!t) return t.status();
    if (cache.size() > 1'000'000) cache.clear();
    return &cache.emplace(id, std::move(t).value()).first->second;
  };
  RdfWriter writer(out, format, std::move(wo));
  Quad q;
  for (; cursor->valid(); cursor->next()) {
    const FactRow& r = cursor->row();
    Term* parts[4] = {&q.subject, &q.predicate, &q.object, &q.graph};
    TermId ids[4] = {r.s, r.p, r.o, r.g};
    for (int i = 0; i < 4; ++i) {
      auto t = decode(ids[i]);
      if (!t) return t.status();
      *parts[i] = **t;
    }
    if (auto st = writer.write(q); !st) return st;
  }
  if (auto st = cursor->status(); !st) return st;
  return writer.finish();
}

}  // namespace annals
