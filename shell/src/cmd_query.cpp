// `annals query`: runs one SPARQL query on a store (read-only, beside a writer) and writes
// its results: a table on a terminal by default, or SPARQL JSON/XML/CSV/TSV; CONSTRUCT and
// DESCRIBE write RDF. `EXPLAIN` (or --explain) prints the plan instead; `EXPLAIN ANALYZE`
// (or --analyze) runs the query and prints the plan with rows and time per operator.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include <annals/query.hpp>
#include <annals/rdf.hpp>
#include <annals/results.hpp>

#include "cli.hpp"

namespace annals::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) { g_interrupted.store(true); }

int write_graph(Solutions& solutions, RdfFormat format, const std::vector<Prefix>& prefixes) {
  WriterOptions wo;
  wo.prefixes = prefixes;
  RdfWriter writer(std::cout, format, wo);
  Triple t;
  while (true) {
    auto more = solutions.next(t);
    if (!more) return fail(more.status());
    if (!*more) break;
    Quad q{std::move(t.subject), std::move(t.predicate), std::move(t.object), Term::iri("")};
    if (Status st = writer.write(q); !st) return fail(st);
  }
  if (Status st = writer.finish(); !st) return fail(st);
  return kExitOk;
}

int write_results(Solutions& solutions, ResultFormat format, const std::vector<Prefix>& prefixes,
                  std::chrono::steady_clock::time_point t0) {
  ResultWriterOptions ro;
  ro.prefixes = prefixes;
  // Piped, the table is data: the footer goes to stderr. At a terminal it fits the screen.
  if (!isatty(STDOUT_FILENO)) ro.footer_stream = &std::cerr;
  ro.max_width = terminal_columns();
  auto writer = make_result_writer(format, std::cout, ro);
  if (solutions.kind() == QueryKind::kAsk) {
    auto b = solutions.boolean();
    if (!b) return fail(b.status());
    writer->boolean(*b);
    std::cout.flush();
    return kExitOk;
  }
  writer->start(solutions.variables());
  std::vector<std::optional<Term>> row;
  while (true) {
    auto more = solutions.next(row);
    if (!more) {
      std::cout.flush();
      return fail(more.status());
    }
    if (!*more) break;
    writer->row(row);
  }
  writer->finish(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  std::cout.flush();
  return std::cout ? kExitOk : fail_output("the results");
}

}  // namespace

int cmd_query(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  add_limit_options(opts, "query");
  add_reading_options(opts);
  opts.add_options()(
      "format", po::value<std::string>(),
      "results: table (default on a terminal), json, xml, csv, tsv (default otherwise: table); "
      "CONSTRUCT/DESCRIBE: turtle (default), ntriples, nquads, trig")(
      "file,f", po::value<std::string>(), "read the query from this file ('-' is stdin)")(
      "explain", "print the plan instead of running the query")(
      "analyze", "run the query and print the plan with rows and time per operator")(
      "base", po::value<std::string>(), "base IRI for relative IRIs in the query");
  Positionals pos;
  pos.add("query", po::value<std::string>(), 1);
  po::variables_map vm;
  if (int rc = parse_args("query",
                          "[--store DIR] [--format FMT] [--union|--no-union] [--no-store-prefixes] "
                          "[--timeout S] [--max-memory MIB] "
                          "[--explain|--analyze] "
                          "(QUERY | - | -f FILE)",
                          opts, pos, args, vm);
      rc >= 0) {
    return rc;
  }
  int code = kExitOk;
  QueryParseOptions po_;
  po_.base = base_option(vm, code);
  if (code) return code;
  const Reading reading = reading_options(vm, code);
  if (code) return code;
  std::string source;
  auto request = request_text(vm, "query", source, code);
  if (!request) return code;
  const std::string text = std::move(*request);
  auto store = open_store(store_path(vm), /*read_only=*/true, code);
  if (!store) return code;
  auto txn = store->read();
  if (!txn) return fail_store(txn.status());
  auto prefixes = txn->prefixes();
  if (!prefixes) return fail_store(prefixes.status());
  if (reading.store_prefixes) po_.prefixes = *prefixes;
  po_.explain = true;
  auto parsed = parse_query(text, po_);
  if (!parsed) {
    Status st = parsed.status();
    if (source != "query") {
      Position where = st.where();
      where.source = source;
      st = Status(st.code(), st.message(), where);
    }
    return fail(st);
  }
  const bool analyze = vm.count("analyze") > 0 || parsed->explain() == Explain::kAnalyze;
  const bool explain = analyze || vm.count("explain") > 0 || parsed->explain() == Explain::kPlan;
  const bool graph_form =
      parsed->kind() == QueryKind::kConstruct || parsed->kind() == QueryKind::kDescribe;
  ResultFormat results = ResultFormat::kTable;
  RdfFormat rdf = RdfFormat::kTurtle;
  if (vm.count("format")) {
    const auto& name = vm["format"].as<std::string>();
    if (graph_form) {
      auto f = rdf_format_from_name(name);
      if (!f) {
        std::cerr << "annals: a " << (parsed->kind() == QueryKind::kConstruct ? "CONSTRUCT" : "DESCRIBE")
                  << " query writes RDF: --format takes " << rdf_format_names() << ", not '" << name
                  << "'\n";
        return kExitUsage;
      }
      rdf = *f;
    } else {
      auto f = result_format_named(name);
      if (!f) {
        std::cerr << "annals: unknown results format '" << name
                  << "' (known: table, json, xml, csv, tsv)\n";
        return kExitUsage;
      }
      results = *f;
    }
  }

  // The query's own prefixes come first in output, then the store's.
  std::vector<Prefix> shown = parsed->prefixes();
  shown.insert(shown.end(), prefixes->begin(), prefixes->end());

  QueryOptions qo;
  qo.union_default_graph = reading.union_default_graph;
  const Limits limits = limit_options(vm, code);
  if (code) return code;
  qo.timeout = limits.timeout;
  qo.memory_limit = limits.memory_limit;
  qo.cancel = &g_interrupted;
  qo.profile = analyze;
  std::signal(SIGINT, on_interrupt);

  auto t0 = std::chrono::steady_clock::now();
  auto solutions = execute(*txn, *parsed, qo);
  if (!solutions) return fail(solutions.status());
  if (explain && !analyze) {
    std::cout << solutions->plan(false);
    return kExitOk;
  }
  if (analyze) {
    // Run to the end, discarding the results, then show where the time went.
    std::uint64_t rows = 0;
    if (graph_form) {
      Triple t;
      for (;;) {
        auto more = solutions->next(t);
        if (!more) return fail(more.status());
        if (!*more) break;
        ++rows;
      }
    } else if (solutions->kind() == QueryKind::kAsk) {
      auto b = solutions->boolean();
      if (!b) return fail(b.status());
      rows = *b;
    } else {
      std::vector<std::optional<Term>> row;
      for (;;) {
        auto more = solutions->next(row);
        if (!more) return fail(more.status());
        if (!*more) break;
        ++rows;
      }
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::cout << solutions->plan(true) << rows << (rows == 1 ? " result" : " results") << " in "
              << ms << " ms (operator times include their inputs')\n";
    return kExitOk;
  }
  if (graph_form) return write_graph(*solutions, rdf, shown);
  return write_results(*solutions, results, shown, t0);
}

}  // namespace annals::cli
