// Subcommands that move data: load, dump, convert.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <annals/iri.hpp>
#include <annals/load.hpp>
#include <annals/rdf.hpp>

#include "cli.hpp"

namespace annals::cli {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// "done / total MB, quads, quads/s, time left", redrawn in place on a terminal; silent
// otherwise (a log file or a pipe gets no carriage returns).
std::function<void(std::uint64_t, std::uint64_t, std::uint64_t)> progress_line(
    std::chrono::steady_clock::time_point t0) {
  if (!isatty(STDERR_FILENO)) return {};
  // The loader reports every batch; redraw at most ten times a second.
  auto last = t0;
  return [t0, last](std::uint64_t done, std::uint64_t total, std::uint64_t quads) mutable {
    auto now = std::chrono::steady_clock::now();
    bool finished = total > 0 && done >= total;
    if (!finished && now - last < std::chrono::milliseconds(100)) return;
    last = now;
    double s = seconds_since(t0);
    double mb = static_cast<double>(done) / 1e6;
    double rate = s > 0 ? mb / s : 0;
    double qps = s > 0 ? static_cast<double>(quads) / s : 0;
    if (total > 0) {
      double left = rate > 0 ? (static_cast<double>(total) / 1e6 - mb) / rate : 0;
      std::fprintf(stderr, "\r%.1f / %.1f MB  %llu quads  %.0f quads/s  %.0f s left   ", mb,
                   static_cast<double>(total) / 1e6, static_cast<unsigned long long>(quads), qps,
                   left);
    } else {
      std::fprintf(stderr, "\r%.1f MB  %llu quads  %.0f quads/s   ", mb,
                   static_cast<unsigned long long>(quads), qps);
    }
    std::fflush(stderr);
  };
}

// --format and the like: a format to write (RDF only) or, with `input`, any format a loader
// reads (RDF and reports).
std::optional<RdfFormat> format_option(const po::variables_map& vm, const char* key, int& code,
                                       bool input = false) {
  if (!vm.count(key)) return std::nullopt;
  const auto& name = vm[key].as<std::string>();
  auto f = input ? input_format_from_name(name) : rdf_format_from_name(name);
  if (!f) {
    std::cerr << "annals: unknown format '" << name
              << "' (known: " << (input ? input_format_names() : rdf_format_names()) << ")\n";
    code = kExitUsage;
  }
  return f;
}

// --on-error: "stop" (the default) or "skip". Sets code to 2 for anything else.
bool skip_errors(const po::variables_map& vm, int& code) {
  const auto& v = vm["on-error"].as<std::string>();
  if (v == "skip") return true;
  if (v != "stop") {
    std::cerr << "annals: --on-error takes 'stop' or 'skip', not '" << v << "'\n";
    code = kExitUsage;
  }
  return false;
}

void add_error_options(po::options_description& opts) {
  opts.add_options()("base", po::value<std::string>(),
                     "base IRI for relative IRIs in Turtle/TriG files (until they set @base)")
      ("on-error", po::value<std::string>()->default_value("stop"),
       "stop: any error, nothing done; skip (N-Triples, N-Quads and reports only): report "
       "each bad statement (a report's row or line), go on with the rest, exit 1 at the end");
}

// Reports a skipped statement the way a fatal error is reported.
void report_skip(const Status& st) { std::cerr << "annals: " << st.to_string() << '\n'; }

int skipped_exit(std::uint64_t skipped) {
  if (skipped == 0) return kExitOk;
  std::cerr << "annals: skipped " << skipped << " bad statement" << (skipped == 1 ? "" : "s")
            << "\n";
  return kExitBadInput;
}

}  // namespace

int cmd_load(const std::vector<std::string>& args) {
  po::options_description opts(
      "Loads RDF files (N-Triples, N-Quads, Turtle, TriG, RDF/XML) and reports (dated-event CSV/TSV,\n"
      "JSON-lines reports: loaders/REPORTS.md) in one transaction, all or nothing. A FILE\n"
      "named '-' is stdin.\n\noptions");
  add_store_option(opts);
  opts.add_options()("format", po::value<std::string>(),
                     "format of every file (ntriples, nquads, turtle, trig, rdfxml, csv, tsv, "
                     "jsonl); default: by extension (.nt .nq .ttl .trig .rdf .owl .csv .tsv "
                     ".jsonl, each also .gz)")
      ("graph", po::value<std::string>(),
       "load the triples of N-Triples/Turtle/RDF/XML files into this named graph (an absolute IRI, "
       "e.g. the report's source) instead of the default graph")
      ("replace-graph", po::bool_switch(),
       "replace the graphs the files write to: their facts that the files do not hold are "
       "retracted in the same transaction (AS OF an earlier transaction still sees them)")
      ("pending-memory", po::value<double>()->default_value(64),
       "MiB of pending writes held in memory; past it they are written into the store ahead "
       "of the commit, where no reader sees them until it (a larger value loads faster, a "
       "smaller one keeps a load's memory lower)");
  add_error_options(opts);
  Positionals pos;  // FILE...: '-' is stdin
  pos.add("file", po::value<std::vector<std::string>>()->required(), -1);
  po::variables_map vm;
  if (int rc = parse_args("load",
                          "[--store DIR] [--format FMT] [--graph IRI] [--replace-graph] "
                          "[--base IRI] [--pending-memory MIB] "
                          "[--on-error stop|skip] FILE...",
                          opts, pos, args, vm);
      rc >= 0) {
    return rc;
  }
  int code = kExitOk;
  LoadOptions lo;
  lo.format = format_option(vm, "format", code, true);
  lo.replace_graphs = vm["replace-graph"].as<bool>();
  if (vm.count("graph")) lo.graph = vm["graph"].as<std::string>();
  bool skip = skip_errors(vm, code);
  lo.base = base_option(vm, code);
  StoreOptions so;
  if (double mib = vm["pending-memory"].as<double>(); !(mib >= 0.25) || mib > 1 << 20) {
    std::cerr << "annals: --pending-memory takes a number of MiB from 0.25 to 1048576\n";
    code = kExitUsage;
  } else {
    so.spill_bytes = static_cast<std::size_t>(mib * 1024 * 1024);
  }
  if (code) return code;
  if (skip) lo.on_skip = report_skip;
  // Check the files before the store, so that a typo neither creates a store nor waits on
  // another writer's lock.
  const auto& files = vm["file"].as<std::vector<std::string>>();
  for (const auto& f : files) {
    if (f == "-") continue;
    std::error_code ec;
    if (!std::filesystem::exists(f, ec)) return fail(Status::not_found(f + ": no such file"));
    if (std::filesystem::is_directory(f, ec)) return fail(Status::invalid_input(f + ": is a directory"));
  }
  if (auto formats = check_load_files(files, lo); !formats) return fail(formats.status());
  auto t0 = std::chrono::steady_clock::now();
  lo.progress = progress_line(t0);
  auto store = open_store(store_path(vm), std::move(so), code);
  if (!store) return code;
  auto r = load_files(*store, files, lo);
  if (lo.progress) std::fprintf(stderr, "\r\033[K");
  if (!r) return fail(r.status());
  double s = seconds_since(t0);
  std::printf("loaded %llu quads, %llu new facts in %.2f s (%.0f quads/s)",
              static_cast<unsigned long long>(r->quads_read),
              static_cast<unsigned long long>(r->facts_added), s,
              s > 0 ? static_cast<double>(r->quads_read) / s : 0.0);
  if (r->facts_retracted) {
    std::printf(", %llu facts retracted", static_cast<unsigned long long>(r->facts_retracted));
  }
  if (r->tx.number) {
    std::printf("; transaction %llu\n", static_cast<unsigned long long>(r->tx.number));
  } else {
    std::printf("; nothing new, no transaction\n");
  }
  std::fflush(stdout);
  return skipped_exit(r->skipped);
}

int cmd_dump(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  opts.add_options()("format", po::value<std::string>()->default_value("nquads"),
                     "output format: nquads, trig, ntriples, turtle or rdfxml (the last three "
                     "only for a store without named graphs)");
  po::variables_map vm;
  if (int rc = parse_args("dump", "[--store DIR] [--format FMT]", opts, {}, args, vm); rc >= 0) return rc;
  int code = kExitOk;
  auto format = format_option(vm, "format", code);
  if (code) return code;
  auto store = open_store(store_path(vm), true, code);
  if (!store) return code;
  std::ios::sync_with_stdio(false);
  if (auto st = dump_store(*store, std::cout, *format); !st) {
    return std::cout ? fail(st) : fail_output("the dump");
  }
  return kExitOk;
}

int cmd_convert(const std::vector<std::string>& args) {
  po::options_description opts("Parses FILE ('-' is stdin) and writes it in another format; no store.\n\noptions");
  opts.add_options()("from", po::value<std::string>(),
                     "input format: ntriples, nquads, turtle, trig, rdfxml, csv, tsv, jsonl "
                     "(default: by extension)")
      ("to", po::value<std::string>(),
       "output format: nquads, trig, ntriples, turtle, rdfxml (default: by the --output file's "
       "extension, else nquads)")
      ("output,o", po::value<std::string>(),
       "write to this file (replaced only when the whole input converted) instead of stdout");
  add_error_options(opts);
  Positionals pos;  // FILE: '-' is stdin
  pos.add("file", po::value<std::string>()->required(), 1);
  po::variables_map vm;
  if (int rc = parse_args("convert",
                          "[--from FMT] [--to FMT] [-o FILE] [--base IRI] [--on-error stop|skip] FILE",
                          opts, pos, args, vm);
      rc >= 0) {
    return rc;
  }
  int code = kExitOk;
  auto from = format_option(vm, "from", code, true);
  auto to = format_option(vm, "to", code);
  bool skip = skip_errors(vm, code);
  std::string base = base_option(vm, code);
  if (code) return code;
  std::string output = vm.count("output") ? vm["output"].as<std::string>() : "";
  if (!output.empty()) {
    if (output.ends_with(".gz")) {
      std::cerr << "annals: convert does not write gzip; leave out --output and pipe through gzip\n";
      return kExitUsage;
    }
    if (!to) to = rdf_format_from_path(output);
    if (!to) {
      std::cerr << "annals: cannot tell the format to write from '" << output
                << "'; give it with --to\n";
      return kExitUsage;
    }
  }
  if (!to) to = RdfFormat::kNQuads;
  const auto& path = vm["file"].as<std::string>();
  if (!from) from = input_format_from_path(path);
  if (!from) {
    std::cerr << "annals: cannot tell the format of '" << path << "' from its name; give it with --from\n";
    return kExitBadInput;
  }
  if (skip) {
    if (auto st = rdf_check_skippable(*from, path); !st) return fail(st);
  }
  auto in = Input::open(path);
  if (!in) return fail(in.status());
  std::ios::sync_with_stdio(false);
  // An output file is written beside its final name and renamed over it at the end, so a
  // failed conversion leaves whatever was there before.
  std::ofstream file;
  std::string partial;
  if (!output.empty()) {
    partial = output + ".partial";
    file.open(partial, std::ios::binary | std::ios::trunc);
    if (!file) return fail_output(partial);
  }
  std::ostream& out = output.empty() ? std::cout : file;
  RdfWriter writer(out, *to);
  ParseOptions po(*from);
  po.base = base;
  std::uint64_t skipped = 0;
  if (skip) {
    po.on_skip = [&](const Status& st) {
      ++skipped;
      report_skip(st);
    };
  }
  // The input's prefixes shorten the output's IRIs from where they are declared on.
  Status prefix_status;
  po.on_prefix = [&](const Prefix& p) {
    if (prefix_status) prefix_status = writer.add_prefix(p);
  };
  auto st = parse_rdf(*in, po, [&](const Quad& q) {
    if (!prefix_status) return prefix_status;
    return writer.write(q);
  });
  // On stdout what was written stays written (it is a stream); say why it stopped.
  if (auto fin = writer.finish(); !fin && st) st = fin;
  // A write that failed (a full disk) is no bad input: exit 4, whatever the writer said.
  int rc = st ? kExitOk : out ? fail(st) : fail_output(output.empty() ? "the output" : partial);
  if (!output.empty()) {
    file.close();
    if (!rc && !file) rc = fail_output(partial);
    std::error_code ec;
    if (!rc) {
      std::filesystem::rename(partial, output, ec);
      if (ec) rc = fail_output(output, ec.message());
    }
    if (rc) std::filesystem::remove(partial, ec);
  }
  return rc ? rc : skipped_exit(skipped);
}

}  // namespace annals::cli
