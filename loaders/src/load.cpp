// Loading files (RDF and reports) into a store in one transaction (dump.cpp writes it back out).
#include "annals/load.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "annals/iri.hpp"
#include "graph_replacer.hpp"
#include "valid_time.hpp"

namespace annals {

namespace {

// Maps a file's terms to store ids; each blank node label of the file gets a fresh blank node.
class Encoder {
 public:
  Encoder(WriteTxn& txn, GraphReplacer* replacer) : txn_(txn), replacer_(replacer) {}
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

  // Adds the facts (quads[i], valid[i]) for i in [0, n) to the transaction. Runs of quads
  // without blank nodes or triple terms go kGroup at a time through WriteTxn::intern_many,
  // so that the dictionary look-ups of their terms overlap; the others go one by one. Either
  // way ids are allocated in the order the terms come in the file.
  Status add(const Quad* quads, const ValidTime* valid, std::size_t n) {
    for (std::size_t i = 0; i < n;) {
      if (!batchable(quads[i])) {
        if (auto st = add_one(quads[i], valid[i]); !st) return st;
        ++i;
        continue;
      }
      std::size_t end = i + 1;
      while (end < n && end - i < kGroup && batchable(quads[end])) ++end;
      if (auto st = add_group(quads + i, valid + i, end - i); !st) return st;
      i = end;
    }
    return Status::ok();
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
  // Quads a group: their terms' cache lines, fetched ahead, must still be in the cache
  // when their turn comes.
  static constexpr std::size_t kGroup = 64;
  static constexpr std::size_t kSame = ~std::size_t{0};

  struct Memo {
    Term term;
    TermId id = 0;
    bool valid = false;
  };

  static bool batchable(const Quad& q) {
    for (const Term* t : parts_of(q)) {
      if (t->is_blank() || t->is_triple()) return false;
    }
    return true;
  }
  static std::array<const Term*, 4> parts_of(const Quad& q) {
    return {&q.subject, &q.predicate, &q.object, &q.graph};
  }
  // The memo of a quad position (encode_at): subject, predicate and graph repeat; objects
  // rarely do.
  static int memo_of(int pos) { return pos == 2 ? -1 : pos == 3 ? 2 : pos; }

  Status add_one(const Quad& q, const ValidTime& valid) {
    TermId id[4];
    auto parts = parts_of(q);
    for (int pos = 0; pos < 4; ++pos) {
      int memo = memo_of(pos);
      auto r = memo >= 0 ? encode_at(memo, *parts[pos]) : encode(*parts[pos]);
      if (!r) return r.status();
      id[pos] = *r;
    }
    return put(id, valid);
  }

  Status put(const TermId (&id)[4], const ValidTime& valid) {
    if (replacer_) replacer_->add(id[0], id[1], id[2], id[3], valid);
    return txn_.add_fact(id[0], id[1], id[2], id[3], valid);
  }

  Status add_group(const Quad* quads, const ValidTime* valid, std::size_t n) {
    // A term equal to the one before at its position takes that one's id without a
    // look-up (from_ == kSame), as encode_at() does.
    terms_.clear();
    from_.clear();
    for (std::size_t i = 0; i < n; ++i) {
      auto parts = parts_of(quads[i]);
      for (int pos = 0; pos < 4; ++pos) {
        int memo = memo_of(pos);
        const Term* before = memo < 0             ? nullptr
                             : i > 0              ? parts_of(quads[i - 1])[pos]
                             : last_[memo].valid ? &last_[memo].term
                                                  : nullptr;
        if (before && *before == *parts[pos]) {
          from_.push_back(kSame);
        } else {
          from_.push_back(terms_.size());
          terms_.push_back(parts[pos]);
        }
      }
    }
    ids_.resize(terms_.size());
    if (auto st = txn_.intern_many(terms_, ids_); !st) return st;
    TermId id[4] = {};
    for (int pos = 0; pos < 4; ++pos) {
      if (memo_of(pos) >= 0) id[pos] = last_[memo_of(pos)].id;
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (int pos = 0; pos < 4; ++pos) {
        std::size_t f = from_[4 * i + static_cast<std::size_t>(pos)];
        if (f != kSame) id[pos] = ids_[f];
      }
      if (auto st = put(id, valid[i]); !st) return st;
    }
    auto parts = parts_of(quads[n - 1]);
    for (int pos = 0; pos < 4; ++pos) {
      if (int memo = memo_of(pos); memo >= 0) {
        last_[memo].term = *parts[pos];
        last_[memo].id = id[pos];
        last_[memo].valid = true;
      }
    }
    return Status::ok();
  }

  WriteTxn& txn_;
  GraphReplacer* replacer_;  // null unless LoadOptions::replace_graphs
  std::unordered_map<std::string, TermId> blanks_;
  Memo last_[3];
  std::vector<const Term*> terms_;
  std::vector<std::size_t> from_;
  std::vector<TermId> ids_;
};

// Parses a file on a thread of its own while the caller encodes and stores what it has
// read: on a machine with a second core the parse costs a load no time. Quads travel in
// batches that go back and forth between the two threads, so their strings keep their
// capacity and memory stays a few batches whatever the file's size. Skipped statements and
// prefixes travel with the batch they came in, so the caller sees everything in file order
// and on its own thread.
class ParsedFile {
 public:
  struct Batch {
    std::vector<Quad> quads;  // the first `size` are this batch's
    std::vector<ValidTime> valid;  // the valid time of each quad
    std::size_t size = 0;
    std::vector<Status> skipped;
    std::vector<Prefix> prefixes;
    std::uint64_t bytes_read = 0;  // of the input, when the batch was handed over
  };

  // into: the graph every statement goes into, whatever graph the input names (unset: each
  // into its own).
  ParsedFile(Input& in, ParseOptions options, bool skip_errors, std::optional<Term> into = {})
      : in_(in), into_(std::move(into)) {
    for (auto& b : batches_) free_.push_back(&b);
    options.on_prefix = [this](const Prefix& p) { filling_->prefixes.push_back(p); };
    if (skip_errors) options.on_skip = [this](const Status& st) { filling_->skipped.push_back(st); };
    thread_ = std::thread([this, options = std::move(options)] { parse(options); });
  }
  ~ParsedFile() { (void)stop(Status::ok()); }
  ParsedFile(const ParsedFile&) = delete;
  ParsedFile& operator=(const ParsedFile&) = delete;

  // The next batch, or nullptr at the end (then status() says how the parse ended). The
  // batch before this one goes back to the parser.
  const Batch* next() {
    std::unique_lock lock(mu_);
    if (reading_) {
      clear(*reading_);
      free_.push_back(reading_);
      reading_ = nullptr;
      cv_.notify_all();
    }
    cv_.wait(lock, [&] { return !full_.empty() || finished_; });
    if (full_.empty()) return nullptr;
    reading_ = full_.front();
    full_.pop_front();
    cv_.notify_all();
    return reading_;
  }
  Status status() {
    join();
    return parse_status_;
  }
  // Stops the parse (when the caller fails) and returns why.
  Status stop(Status why) {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      cv_.notify_all();
    }
    join();
    return why;
  }

 private:
  static constexpr std::size_t kBatchQuads = 4096;
  static constexpr std::size_t kBatches = 4;

  void parse(const ParseOptions& options) {
    if (!take_free()) return finish(Status::ok());
    Status st = parse_facts(in_, options, [this](const Quad& q, const ValidTime& v) -> Status {
      Batch& b = *filling_;
      if (b.size == b.quads.size()) {
        b.quads.emplace_back();
        b.valid.emplace_back();
      }
      b.valid[b.size] = v;
      b.quads[b.size] = q;
      if (into_) b.quads[b.size].graph = *into_;
      ++b.size;
      if (b.size == kBatchQuads && !hand_over(true)) return Status(StatusCode::kCancelled, "load stopped");
      return Status::ok();
    });
    if (st && filling_) hand_over(false);
    finish(std::move(st));
  }

  // Passes the filling batch to the reader and, if more are to come, takes an empty one;
  // false when stopping.
  bool hand_over(bool more) {
    filling_->bytes_read = in_.bytes_read();
    {
      std::lock_guard lock(mu_);
      full_.push_back(filling_);
      filling_ = nullptr;
      cv_.notify_all();
    }
    return more && take_free();
  }
  bool take_free() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty() || stopping_; });
    if (stopping_) return false;
    filling_ = free_.back();
    free_.pop_back();
    return true;
  }
  void finish(Status st) {
    std::lock_guard lock(mu_);
    parse_status_ = std::move(st);
    finished_ = true;
    cv_.notify_all();
  }
  void join() {
    if (thread_.joinable()) thread_.join();
  }
  static void clear(Batch& b) {
    b.size = 0;
    b.skipped.clear();
    b.prefixes.clear();
  }

  Input& in_;
  const std::optional<Term> into_;
  std::array<Batch, kBatches> batches_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Batch*> free_;
  std::deque<Batch*> full_;
  Batch* filling_ = nullptr;  // the parser's
  Batch* reading_ = nullptr;  // the caller's
  bool stopping_ = false, finished_ = false;
  Status parse_status_;
  std::thread thread_;
};

// "load [--graph G] [--replace-graph] FILE...": what `annals log` shows of a load, with the
// options that change what it does to the graphs.
std::string default_description(const std::vector<std::string>& paths, const LoadOptions& o) {
  std::string d = "load";
  if (o.graph) d += " --graph <" + *o.graph + ">";
  if (o.replace_graphs) d += " --replace-graph";
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

Result<LoadResult> load_opened(Store& store, std::vector<Input>& inputs,
                               const std::vector<RdfFormat>& formats, std::uint64_t total,
                               const std::string& description, const LoadOptions& options);

// The graph a load puts every statement into (LoadOptions::graph, LoadIntoOptions::into_graph:
// an IRI, or "" for the default graph), checked, and marked as replaced when the load
// replaces graphs (so that it is, even if the input holds nothing); unset: none.
Result<std::optional<Term>> into_graph(const std::optional<std::string>& graph, Encoder& enc,
                                       std::optional<GraphReplacer>& replacer) {
  if (!graph) return std::optional<Term>();
  if (auto st = check_iri_chars(*graph); !st) return st;
  Term into = Term::iri(*graph);
  if (replacer) {
    auto g = enc.encode(into);
    if (!g) return g.status();
    replacer->replace(*g);
  }
  return std::optional<Term>(std::move(into));
}

// What LoadOptions allow for a file of this format (the store not touched yet).
Status check_load_options(const LoadOptions& options, const std::string& path, RdfFormat format) {
  if (options.on_skip) {
    if (auto st = rdf_check_skippable(format, path); !st) return st;
  }
  if (!options.graph) return Status::ok();
  if (!valid_absolute_iri(*options.graph)) {
    return Status::invalid_input("the graph to load into, '" + *options.graph +
                                 "', is not an absolute IRI");
  }
  if (rdf_format_has_graphs(format) || rdf_format_is_report(format)) {
    return Status::invalid_input(path + ": a graph to load into is for triple formats (" +
                                 "N-Triples, Turtle); " + std::string(rdf_format_title(format)) +
                                 " names its own graphs");
  }
  return Status::ok();
}

}  // namespace

Result<std::vector<RdfFormat>> check_load_files(const std::vector<std::string>& paths,
                                                const LoadOptions& options) {
  std::vector<RdfFormat> formats;
  for (const auto& path : paths) {
    auto f = options.format ? options.format : input_format_from_path(path);
    if (!f) {
      return Status::invalid_input("cannot tell the format of '" + path +
                                   "' from its name; give it with --format");
    }
    if (auto st = check_load_options(options, path, *f); !st) return st;
    formats.push_back(*f);
  }
  return formats;
}

Result<LoadResult> load_files(Store& store, const std::vector<std::string>& paths,
                              const LoadOptions& options) {
  // Check every file before touching the store, so a typo costs nothing.
  auto formats = check_load_files(paths, options);
  if (!formats) return formats.status();
  std::vector<Input> inputs;
  std::uint64_t total = 0;
  for (const auto& path : paths) {
    auto in = Input::open(path);
    if (!in) return in.status();
    total += in->size();
    inputs.push_back(std::move(in).value());
  }
  const std::string description =
      options.description.empty() ? default_description(paths, options) : options.description;
  return load_opened(store, inputs, *formats, total, description, options);
}

namespace {

Result<LoadResult> load_opened(Store& store, std::vector<Input>& inputs,
                               const std::vector<RdfFormat>& formats, std::uint64_t total,
                               const std::string& description, const LoadOptions& options) {
  auto txn = store.write();
  if (!txn) return txn.status();
  std::optional<GraphReplacer> replacer;
  if (options.replace_graphs) replacer.emplace();
  Encoder enc(*txn, replacer ? &*replacer : nullptr);
  auto into = into_graph(options.graph, enc, replacer);
  if (!into) return into.status();
  LoadResult result;
  auto base = txn->base();
  if (!base) return base.status();
  auto known = base->prefixes();
  if (!known) return known.status();
  std::set<std::string> names, iris;
  for (const auto& p : *known) {
    names.insert(p.name);
    iris.insert(p.iri);
  }
  std::uint64_t done_before = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    enc.new_file();
    ParseOptions po(formats[i]);
    po.base = options.base;
    ParsedFile file(inputs[i], po, options.on_skip != nullptr, *into);
    while (const ParsedFile::Batch* batch = file.next()) {
      for (const Status& st : batch->skipped) {
        ++result.skipped;
        options.on_skip(st);
      }
      for (const Prefix& p : batch->prefixes) {
        if (names.contains(p.name) || iris.contains(p.iri)) continue;
        names.insert(p.name);
        iris.insert(p.iri);
        if (auto st = txn->set_prefix(p); !st) return file.stop(st);
        result.prefixes_added.push_back(p);
      }
      if (auto st = enc.add(batch->quads.data(), batch->valid.data(), batch->size); !st) {
        return file.stop(st);
      }
      result.quads_read += batch->size;
      if (options.progress) options.progress(done_before + batch->bytes_read, total, result.quads_read);
    }
    if (auto st = file.status(); !st) return st;
    done_before += inputs[i].bytes_read();
  }
  if (options.progress) options.progress(done_before, total, result.quads_read);
  if (replacer) {
    auto retracted = replacer->retract_the_rest(*txn);
    if (!retracted) return retracted.status();
  }
  auto rec = txn->commit(description);
  if (!rec) return rec.status();
  result.tx = std::move(rec).value();
  result.facts_added = result.tx.facts_added;
  result.facts_retracted = result.tx.facts_retracted;
  return result;
}

}  // namespace

Result<LoadResult> load_input(Store& store, Input input, const LoadOptions& options) {
  if (!options.format) return Status::invalid_input(input.name() + ": load_input needs a format");
  if (auto st = check_load_options(options, input.name(), *options.format); !st) return st;
  std::vector<Input> inputs;
  std::uint64_t total = input.size();
  inputs.push_back(std::move(input));
  return load_opened(store, inputs, {*options.format}, total,
                     options.description.empty() ? "load " + inputs[0].name() : options.description,
                     options);
}

Result<LoadIntoResult> load_into(WriteTxn& txn, Input& input, const LoadIntoOptions& options) {
  if (!options.format) return Status::invalid_input(input.name() + ": load_into needs a format");
  std::optional<GraphReplacer> replacer;
  if (options.replace_graphs) replacer.emplace();
  Encoder enc(txn, replacer ? &*replacer : nullptr);
  auto into = into_graph(options.into_graph, enc, replacer);
  if (!into) return into.status();
  ParseOptions po(*options.format);
  po.base = options.base;
  ParsedFile file(input, po, false, *into);
  LoadIntoResult result;
  while (const ParsedFile::Batch* batch = file.next()) {
    if (auto st = enc.add(batch->quads.data(), batch->valid.data(), batch->size); !st) {
      return file.stop(st);
    }
    result.quads_read += batch->size;
  }
  if (auto st = file.status(); !st) return st;
  if (replacer) {
    auto retracted = replacer->retract_the_rest(txn);
    if (!retracted) return retracted.status();
    result.facts_retracted = *retracted;
  }
  return result;
}

Result<LoadIntoResult> load_into(WriteTxn& txn, const std::string& path,
                                 const LoadIntoOptions& options) {
  LoadIntoOptions o = options;
  if (!o.format) o.format = input_format_from_path(path);
  if (!o.format) {
    return Status::invalid_input("cannot tell the format of '" + path + "' from its name");
  }
  auto in = Input::open(path);
  if (!in) return in.status();
  return load_into(txn, *in, o);
}

}  // namespace annals
