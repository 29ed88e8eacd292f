// Query results as HTTP responses (serve_results.hpp): the formats each query form can be
// written in, negotiation, and a body source that pulls solutions as the client reads.
#include "serve_results.hpp"

#include <annals/load.hpp>
#include <algorithm>
#include <atomic>
#include <array>
#include <cctype>
#include <ostream>
#include <span>
#include <streambuf>

#include "serve_http.hpp"

namespace annals::cli::serve {

namespace {

// A format offered by name: the canonical entries first (the server's preference order),
// then aliases that clients commonly send for the same bytes.
struct NamedFormat {
  std::string_view name;
  OutputFormat format;
};

constexpr OutputFormat results_format(std::string_view media, ResultFormat f) {
  return OutputFormat{media, false, f, RdfFormat::kTurtle};
}
constexpr OutputFormat rdf_output(std::string_view media, RdfFormat f) {
  return OutputFormat{media, true, ResultFormat::kJson, f};
}

constexpr std::array kSelectFormats = {
    NamedFormat{"json", results_format("application/sparql-results+json", ResultFormat::kJson)},
    NamedFormat{"xml", results_format("application/sparql-results+xml", ResultFormat::kXml)},
    NamedFormat{"csv", results_format("text/csv", ResultFormat::kCsv)},
    NamedFormat{"tsv", results_format("text/tab-separated-values", ResultFormat::kTsv)},
    NamedFormat{"json", results_format("application/json", ResultFormat::kJson)},
    NamedFormat{"xml", results_format("application/xml", ResultFormat::kXml)},
    NamedFormat{"xml", results_format("text/xml", ResultFormat::kXml)},
};
// SPARQL 1.1 Query Results CSV and TSV are for SELECT only (§1 of that spec).
constexpr std::array kAskFormats = {
    kSelectFormats[0], kSelectFormats[1], kSelectFormats[4], kSelectFormats[5], kSelectFormats[6],
};
constexpr std::array kGraphFormats = {
    NamedFormat{"turtle", rdf_output("text/turtle", RdfFormat::kTurtle)},
    NamedFormat{"ntriples", rdf_output("application/n-triples", RdfFormat::kNTriples)},
    NamedFormat{"nquads", rdf_output("application/n-quads", RdfFormat::kNQuads)},
    NamedFormat{"trig", rdf_output("application/trig", RdfFormat::kTriG)},
    NamedFormat{"ttl", rdf_output("application/x-turtle", RdfFormat::kTurtle)},
    NamedFormat{"nt", rdf_output("text/plain", RdfFormat::kNTriples)},
};

std::span<const NamedFormat> formats_for(QueryKind kind) {
  switch (kind) {
    case QueryKind::kSelect:
      return kSelectFormats;
    case QueryKind::kAsk:
      return kAskFormats;
    default:
      return kGraphFormats;
  }
}

const char* form_name(QueryKind kind) {
  switch (kind) {
    case QueryKind::kSelect:
      return "SELECT";
    case QueryKind::kAsk:
      return "ASK";
    case QueryKind::kConstruct:
      return "CONSTRUCT";
    default:
      return "DESCRIBE";
  }
}

std::string offered_list(std::span<const NamedFormat> formats) {
  std::string list;
  for (const auto& f : formats)
    list += (list.empty() ? "" : ", ") + std::string(f.format.media_type);
  return list;
}

// Appends whatever is written to the stream to the string it points at, so that the result
// writers (which write to a std::ostream) fill the response's pieces directly.
class AppendBuffer : public std::streambuf {
 public:
  void target(std::string* s) { target_ = s; }

 protected:
  int_type overflow(int_type ch) override {
    if (ch != traits_type::eof()) target_->push_back(static_cast<char>(ch));
    return ch;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    target_->append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  std::string* target_ = nullptr;
};

constexpr std::size_t kPieceBytes = 64 * 1024;

// A body written through a std::ostream a step at a time: next() steps until a piece is
// full or step() has written the end (and set done_).
class SteppedBody : public BodySource {
 public:
  // Opens what the body reads, on a new snapshot of the store.
  virtual Status start(const Store& store) = 0;

  Result<bool> next(std::string& out) final {
    buffer_.target(&out);
    const std::size_t start = out.size();
    while (!done_ && out.size() - start < kPieceBytes) {
      Status st = step();
      if (!st) return st;
    }
    return !done_;
  }

 protected:
  SteppedBody() : out_(&buffer_) {}
  // Writes one more row or triple, or the end.
  virtual Status step() = 0;

  AppendBuffer buffer_;
  std::ostream out_;
  bool done_ = false;
};

// A running query and the writer of its results. Owns everything the query reads: the
// parsed query and the snapshot, which must outlive the solutions.
class QueryBody final : public SteppedBody {
 public:
  QueryBody(ParsedQuery query, const QueryRun& run, const OutputFormat& format)
      : query_(std::move(query)), run_(run), format_(format) {}

  Status start(const Store& store) override {
    auto txn = store.read();
    if (!txn) return txn.status();
    txn_ = std::make_unique<ReadTxn>(std::move(*txn));
    auto solutions = execute(*txn_, query_, run_.options);
    if (!solutions) return solutions.status();
    solutions_.emplace(std::move(*solutions));
    if (format_.rdf) {
      // The query's own prefixes first, then the store's, as annals query writes them.
      auto store_prefixes = txn_->prefixes();
      if (!store_prefixes) return store_prefixes.status();
      WriterOptions wo;
      wo.prefixes = query_.prefixes();
      wo.prefixes.insert(wo.prefixes.end(), store_prefixes->begin(), store_prefixes->end());
      rdf_writer_.emplace(out_, format_.graph, std::move(wo));
    } else {
      results_writer_ = make_result_writer(format_.results, out_);
    }
    return Status::ok();
  }

 private:
  bool at_limit() const { return run_.max_results != 0 && count_ >= run_.max_results; }

  Status step() override {
    if (rdf_writer_) return step_graph();
    if (solutions_->kind() == QueryKind::kAsk) {
      auto b = solutions_->boolean();
      if (!b) return b.status();
      results_writer_->boolean(*b);
      done_ = true;
      return Status::ok();
    }
    if (count_ == 0 && !started_) {
      results_writer_->start(solutions_->variables());
      started_ = true;
    }
    bool more = false;
    if (!at_limit()) {
      auto r = solutions_->next(row_);
      if (!r) return r.status();
      more = *r;
    }
    if (!more) {
      results_writer_->finish();
      done_ = true;
      return Status::ok();
    }
    results_writer_->row(row_);
    ++count_;
    return Status::ok();
  }

  Status step_graph() {
    bool more = false;
    if (!at_limit()) {
      auto r = solutions_->next(triple_);
      if (!r) return r.status();
      more = *r;
    }
    if (!more) {
      done_ = true;
      return rdf_writer_->finish();
    }
    ++count_;
    Quad q{std::move(triple_.subject), std::move(triple_.predicate), std::move(triple_.object),
           Term::iri("")};
    return rdf_writer_->write(q);
  }

  ParsedQuery query_;
  QueryRun run_;
  OutputFormat format_;
  std::unique_ptr<ReadTxn> txn_;
  std::optional<Solutions> solutions_;
  std::unique_ptr<ResultWriter> results_writer_;
  std::optional<RdfWriter> rdf_writer_;
  std::vector<std::optional<Term>> row_;
  Triple triple_;
  std::uint64_t count_ = 0;
  bool started_ = false;
};

// The current facts of one graph, each with its valid time as an annotation (FactWriter).
// Stops, as queries do, when the service cancels at the end of shutdown's grace period.
class GraphBody final : public SteppedBody {
 public:
  GraphBody(Term graph, RdfFormat format, const std::atomic<bool>& cancel)
      : graph_(std::move(graph)), format_(format), cancel_(cancel) {}

  Status start(const Store& store) override {
    auto txn = store.read();
    if (!txn) return txn.status();
    txn_ = std::make_unique<ReadTxn>(std::move(*txn));
    auto writer = FactWriter::open(*txn_, out_, format_, /*as_triples=*/true);
    if (!writer) return writer.status();
    writer_.emplace(std::move(*writer));
    auto id = txn_->lookup(graph_);
    if (!id) return id.status();
    if (!*id) return Status::ok();  // a graph the store never named: nothing to write
    Pattern pattern;
    pattern.g = **id;
    auto cursor = txn_->scan(pattern);
    if (!cursor) return cursor.status();
    cursor_.emplace(std::move(*cursor));
    return Status::ok();
  }

 private:
  Status step() override {
    if (cancel_.load(std::memory_order_relaxed)) {
      return Status(StatusCode::kCancelled, "the server is shutting down");
    }
    if (cursor_ && cursor_->valid()) {
      Status st = writer_->write(cursor_->row());
      cursor_->next();
      return st;
    }
    if (cursor_) {
      if (Status st = cursor_->status(); !st) return st;
    }
    done_ = true;
    return writer_->finish();
  }

  Term graph_;
  RdfFormat format_;
  const std::atomic<bool>& cancel_;
  std::unique_ptr<ReadTxn> txn_;
  std::optional<FactWriter> writer_;
  std::optional<Cursor> cursor_;
};

// Starts the body and answers with its first piece, the rest to be streamed.
Response respond(std::unique_ptr<SteppedBody> body, const Store& store,
                 const OutputFormat& format) {
  if (Status st = body->start(store); !st) return error_response(st);
  Response r;
  r.content_type = content_type_of(format);
  auto more = body->next(r.body);
  if (!more) return error_response(more.status());
  if (*more) r.rest = std::move(body);
  return r;
}

}  // namespace

std::optional<OutputFormat> choose_format(QueryKind kind, const std::string& format_param,
                                          std::string_view accept, Response& refusal) {
  auto formats = formats_for(kind);
  if (!format_param.empty()) {
    std::string wanted = format_param;
    for (char& c : wanted) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& f : formats) {
      if (f.name == wanted || f.format.media_type == wanted) return f.format;
    }
    refusal = text_response(400, "format=" + format_param + " does not fit a " + form_name(kind) +
                                     " query (it can be written as " + offered_list(formats) + ")");
    return std::nullopt;
  }
  std::vector<std::string_view> media;
  for (const auto& f : formats) media.push_back(f.format.media_type);
  if (auto i = negotiate(accept, media)) return formats[*i].format;
  refusal = text_response(406, std::string("the Accept header allows none of the types a ") +
                                   form_name(kind) +
                                   " query can be written as: " + offered_list(formats));
  return std::nullopt;
}

std::string content_type_of(const OutputFormat& format) {
  std::string type(format.media_type);
  if (type.starts_with("text/")) type += "; charset=utf-8";
  return type;
}

Response run_query(Service& service, ParsedQuery query, const QueryRun& run,
                   const OutputFormat& format) {
  Response r =
      respond(std::make_unique<QueryBody>(std::move(query), run, format), service.store, format);
  if (r.status == 200 && run.max_results != 0) {
    r.headers.emplace_back("Annals-Max-Results", std::to_string(run.max_results));
  }
  return r;
}

Response graph_response(Service& service, const Term& graph, const OutputFormat& format) {
  return respond(std::make_unique<GraphBody>(graph, format.graph, service.cancel), service.store,
                 format);
}

}  // namespace annals::cli::serve
