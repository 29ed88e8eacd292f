// In-process SPARQL query timer for Annals, the counterpart of the peers' runners
// (../shared/peers: JenaBench, oxigraph_bench.js): process start-up and opening the store are
// not counted, only parsing, executing and reading every row of each query.
//   annals_query_bench --store DIR --queries DIR_OR_FILE... [--runs 3] [--warmup 1]
//                      [--dump DIR] [--union] [--timeout-s 300] [--slow-s 30] [--label NAME]
// Every *.rq gets `warmup` untimed runs and `runs` timed runs (median reported; a query whose
// warm-up takes more than --slow-s is timed once); with --dump, one more run writes its
// SPARQL-JSON results to DIR/<query>.srj. Prints one JSON object per line, as the peers do:
//   {"peer":"annals","event":"query","query":NAME,"count":ROWS,"times":[...],"median_s":M,...}
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "annals/query.hpp"
#include "annals/results.hpp"
#include "annals/store.hpp"

namespace fs = std::filesystem;

namespace {

struct Options {
  std::string store;
  std::vector<std::string> queries;
  int runs = 3;
  int warmup = 1;
  std::string dump;
  bool union_default_graph = false;
  double timeout_s = 300;
  double slow_s = 30;
  std::string label = "annals";
};

// What one run of a query gave: its size (rows, triples, or 1/0 for ASK), and a sum over the
// terms read so the reading cannot be skipped.
struct RunResult {
  long long count = 0;
  std::size_t bytes = 0;
};

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string json_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void emit(const Options& opt, const std::string& body) {
  std::cout << "{\"peer\":" << json_string(opt.label) << "," << body << "}\n" << std::flush;
}

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

long peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss * 1024L;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int usage() {
  std::cerr << "usage: annals_query_bench --store DIR --queries DIR_OR_FILE... [--runs N] "
               "[--warmup N] [--dump DIR] [--union] [--timeout-s S] [--slow-s S] [--label NAME]\n";
  return 2;
}

std::optional<Options> parse_args(int argc, char** argv) {
  Options opt;
  const std::map<std::string, std::string*> texts = {
      {"--store", &opt.store}, {"--dump", &opt.dump}, {"--label", &opt.label}};
  const std::map<std::string, int*> ints = {{"--runs", &opt.runs}, {"--warmup", &opt.warmup}};
  const std::map<std::string, double*> seconds = {{"--timeout-s", &opt.timeout_s},
                                                  {"--slow-s", &opt.slow_s}};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--union") {
      opt.union_default_graph = true;
      continue;
    }
    if (i + 1 >= argc) return std::nullopt;
    const std::string v = argv[++i];
    if (a == "--queries") {
      opt.queries.push_back(v);
    } else if (texts.contains(a)) {
      *texts.at(a) = v;
    } else if (ints.contains(a)) {
      *ints.at(a) = std::stoi(v);
    } else if (seconds.contains(a)) {
      *seconds.at(a) = std::stod(v);
    } else {
      return std::nullopt;
    }
  }
  if (opt.store.empty() || opt.queries.empty()) return std::nullopt;
  return opt;
}

// Every *.rq of the folders (sorted by name) and the files named.
std::vector<fs::path> query_files(const std::vector<std::string>& paths) {
  std::vector<fs::path> out;
  for (const auto& p : paths) {
    if (!fs::is_directory(p)) {
      out.emplace_back(p);
      continue;
    }
    std::vector<fs::path> in_dir;
    for (const auto& e : fs::directory_iterator(p)) {
      if (e.path().extension() == ".rq") in_dir.push_back(e.path());
    }
    std::sort(in_dir.begin(), in_dir.end());
    out.insert(out.end(), in_dir.begin(), in_dir.end());
  }
  return out;
}

std::size_t term_bytes(const annals::Term& t) {
  return t.value.size() + t.datatype.size() + t.language.size() + t.direction.size();
}

// Reads every result of a started query, as a client would (each row's terms decoded).
annals::Result<RunResult> consume(annals::Solutions& sol, annals::ResultWriter* writer) {
  RunResult r;
  switch (sol.kind()) {
    case annals::QueryKind::kSelect: {
      if (writer != nullptr) writer->start(sol.variables());
      std::vector<std::optional<annals::Term>> row;
      for (;;) {
        auto more = sol.next(row);
        if (!more) return more.status();
        if (!*more) break;
        ++r.count;
        for (const auto& v : row) r.bytes += v ? term_bytes(*v) : 0;
        if (writer != nullptr) writer->row(row);
      }
      if (writer != nullptr) writer->finish();
      return r;
    }
    case annals::QueryKind::kAsk: {
      auto b = sol.boolean();
      if (!b) return b.status();
      r.count = *b ? 1 : 0;
      if (writer != nullptr) writer->boolean(*b);
      return r;
    }
    default: {
      annals::Triple t;
      for (;;) {
        auto more = sol.next(t);
        if (!more) return more.status();
        if (!*more) break;
        ++r.count;
      }
      return r;
    }
  }
}

// One run: parse, plan and execute, read every result (into `writer` when given).
annals::Result<RunResult> run_once(const annals::ReadTxn& txn, const std::string& text,
                                   const Options& opt, annals::ResultWriter* writer) {
  auto parsed = annals::parse_query(text);
  if (!parsed) return parsed.status();
  annals::QueryOptions qo;
  qo.union_default_graph = opt.union_default_graph;
  qo.timeout = std::chrono::milliseconds(static_cast<long long>(opt.timeout_s * 1000));
  auto sol = annals::execute(txn, *parsed, qo);
  if (!sol) return sol.status();
  return consume(*sol, writer);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes the SPARQL-JSON results of one more run to DUMP/<name>.srj.
annals::Status dump_results(const annals::ReadTxn& txn, const std::string& text, const Options& opt,
                            const std::string& name) {
  std::ofstream out(fs::path(opt.dump) / (name + ".srj"), std::ios::binary);
  auto writer = annals::make_result_writer(annals::ResultFormat::kJson, out);
  auto r = run_once(txn, text, opt, writer.get());
  return r ? annals::Status::ok() : r.status();
}

// Times one query file; returns the JSON record's body. Every run reads one view of the store,
// taken before the first, as JenaBench runs them all in one read transaction: on a read-only
// store, read() catches up with the writer's files (milliseconds), which is not the query.
std::string bench_query(const annals::Store& store, const fs::path& file, const Options& opt) {
  const std::string name = file.stem().string();
  std::string rec = "\"event\":\"query\",\"query\":" + json_string(name);
  const std::string text = read_file(file);
  auto txn = store.read();
  if (!txn) return rec + ",\"error\":" + json_string(txn.status().to_string());
  using Clock = std::chrono::steady_clock;
  int runs = opt.runs;
  RunResult last;
  std::size_t sink = 0;
  for (int i = 0; i < opt.warmup; ++i) {
    const auto t0 = Clock::now();
    auto r = run_once(*txn, text, opt, nullptr);
    if (!r) return rec + ",\"error\":" + json_string(r.status().to_string());
    last = *r;
    if (std::chrono::duration<double>(Clock::now() - t0).count() > opt.slow_s)
      runs = std::min(runs, 1);
  }
  std::vector<double> times, cpus;
  for (int i = 0; i < runs; ++i) {
    const double c0 = cpu_seconds();
    const auto t0 = Clock::now();
    auto r = run_once(*txn, text, opt, nullptr);
    times.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    cpus.push_back(cpu_seconds() - c0);
    if (!r) return rec + ",\"error\":" + json_string(r.status().to_string());
    last = *r;
    sink += r->bytes;
  }
  if (!opt.dump.empty()) {
    if (auto st = dump_results(*txn, text, opt, name); !st) {
      return rec + ",\"error\":" + json_string("dump: " + st.to_string());
    }
  }
  rec += ",\"count\":" + std::to_string(last.count) + ",\"times\":[";
  for (std::size_t i = 0; i < times.size(); ++i) rec += (i ? "," : "") + json_number(times[i]);
  rec += "],\"median_s\":" + json_number(median(times)) +
         ",\"cpu_median_s\":" + json_number(median(cpus)) +
         ",\"bytes\":" + std::to_string(sink / std::max(runs, 1));
  return rec;
}

}  // namespace

int main(int argc, char** argv) {
  const auto parsed = parse_args(argc, argv);
  if (!parsed) return usage();
  const Options& opt = *parsed;
  const auto t0 = std::chrono::steady_clock::now();
  annals::StoreOptions so;
  so.read_only = true;
  auto store = annals::Store::open(opt.store, so);
  if (!store) {
    std::cerr << "annals_query_bench: " << store.status().to_string() << "\n";
    return 1;
  }
  emit(opt, "\"event\":\"open\",\"dir\":" + json_string(opt.store) + ",\"seconds\":" +
                json_number(
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()));
  if (!opt.dump.empty()) fs::create_directories(opt.dump);
  for (const auto& f : query_files(opt.queries)) emit(opt, bench_query(*store, f, opt));
  emit(opt, "\"event\":\"done\",\"rss_bytes\":" + std::to_string(peak_rss_bytes()));
  return 0;
}
