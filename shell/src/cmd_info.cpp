// Subcommands that describe a store: stats, log, compact and version (a bare
// `annals` opens the REPL instead: repl.cpp).
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

#include <annals/term.hpp>
#include <nlohmann/json.hpp>

#include "cli.hpp"

namespace annals::cli {

namespace {

std::string utc_time(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A transaction's description on one line of `annals log`: it holds what users gave (file
// names, graph names, a purge's reason), so a line end in it could forge log lines and an
// escape sequence could rewrite the terminal. Control characters (C0, DEL, C1) and '\' are
// written as \n, \t, \r, \\ or \u00XX.
std::string one_line(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    unsigned cp = c;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0 &&
        static_cast<unsigned char>(text[i + 1]) >= 0x80) {
      cp = static_cast<unsigned char>(text[++i]);  // U+0080..U+009F, in UTF-8
    } else if (c >= 0x20 && c != 0x7F && c != '\\') {
      out += text[i];
      continue;
    }
    switch (cp) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += "\\u00"; out += kHex[cp >> 4]; out += kHex[cp & 0xF];
    }
  }
  return out;
}

std::string human_bytes(std::uint64_t b) {
  char buf[32];
  if (b >= (1ull << 30)) {
    std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(b) / (1ull << 30));
  } else if (b >= (1ull << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(b) / (1ull << 20));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(b) / 1024);
  }
  return buf;
}

void print_counts(const StoreStats& s) {
  std::printf("quads         %llu\n", static_cast<unsigned long long>(s.quads));
  std::printf("facts         %llu\n", static_cast<unsigned long long>(s.facts));
  std::printf("graphs        %llu\n", static_cast<unsigned long long>(s.graphs));
  std::printf("predicates    %llu\n", static_cast<unsigned long long>(s.predicates));
  std::printf("terms         %llu\n", static_cast<unsigned long long>(s.terms));
  std::printf("transactions  %llu\n", static_cast<unsigned long long>(s.transactions));
  std::printf("bytes on disk %llu (%s", static_cast<unsigned long long>(s.bytes_on_disk),
              human_bytes(s.bytes_on_disk).c_str());
  if (s.facts) {
    std::printf(", %.1f per fact", static_cast<double>(s.bytes_on_disk) / static_cast<double>(s.facts));
  }
  std::printf(")\n");
}

// --format text|json of stats and log: true for json; sets code (2, with a message) for
// another name.
void add_text_json_option(po::options_description& opts) {
  opts.add_options()("format", po::value<std::string>()->default_value("text"),
                     "text (for people) or json (for scripts)");
}
bool json_format(const po::variables_map& vm, int& code) {
  const auto& f = vm["format"].as<std::string>();
  if (f != "text" && f != "json") {
    std::cerr << "annals: unknown format '" << f << "' (known: text, json)\n";
    code = kExitUsage;
  }
  return f == "json";
}

// A term as JSON: an IRI's text, else its N-Triples form.
std::string term_text(const Result<Term>& t) {
  if (!t) return "?";
  return t->is_iri() ? t->value : to_ntriples(*t);
}

// The counts of the store's committed state; on failure prints why and sets code (3).
std::optional<StoreStats> committed_stats(const Store& store, int& code) {
  auto read = store.read();
  auto st = read ? read->stats() : Result<StoreStats>(read.status());
  if (!st) {
    code = fail_store(st.status());
    return std::nullopt;
  }
  return std::move(st).value();
}

}  // namespace

int cmd_stats(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  opts.add_options()("predicates,p", po::value<unsigned>()->default_value(20),
                     "list this many predicates, the most used first (0: none)");
  add_text_json_option(opts);
  po::variables_map vm;
  if (int rc = parse_args("stats", "[--store DIR] [--predicates N] [--format text|json]", opts,
                          {}, args, vm);
      rc >= 0) {
    return rc;
  }
  int code = kExitOk;
  const bool json = json_format(vm, code);
  if (code) return code;
  auto store = open_store(store_path(vm), true, code);
  if (!store) return code;
  auto read = store->read();
  if (!read) return fail_store(read.status());
  auto st = read->stats();
  if (!st) return fail_store(st.status());
  auto union_rule = read->union_default_graph();
  if (!union_rule) return fail_store(union_rule.status());
  const char* default_graph = *union_rule ? "union" : "own";
  auto preds = st->by_predicate;
  std::sort(preds.begin(), preds.end(), [](const auto& a, const auto& b) { return a.facts > b.facts; });
  unsigned limit = vm["predicates"].as<unsigned>();
  if (json) {
    nlohmann::ordered_json j = {{"store", store->path()},
                                {"quads", st->quads},
                                {"facts", st->facts},
                                {"graphs", st->graphs},
                                {"predicates", st->predicates},
                                {"terms", st->terms},
                                {"transactions", st->transactions},
                                {"bytes_on_disk", st->bytes_on_disk},
                                {"default_graph", default_graph}};
    auto& list = j["by_predicate"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < preds.size() && i < limit; ++i) {
      list.push_back({{"predicate", term_text(read->term(preds[i].predicate))},
                      {"facts", preds[i].facts},
                      {"distinct_subjects", preds[i].distinct_subjects},
                      {"distinct_objects", preds[i].distinct_objects}});
    }
    std::cout << j.dump(2) << '\n';
    return kExitOk;
  }
  std::printf("store         %s\n", store->path().c_str());
  print_counts(*st);
  std::printf("default graph %s\n", *union_rule ? "union of all graphs (union)"
                                                 : "the store's own (own)");
  if (limit && !preds.empty()) {
    std::printf("\n%12s %12s %12s  predicate\n", "facts", "~subjects", "~objects");
    for (std::size_t i = 0; i < preds.size() && i < limit; ++i) {
      auto t = read->term(preds[i].predicate);
      std::printf("%12llu %12llu %12llu  %s\n", static_cast<unsigned long long>(preds[i].facts),
                  static_cast<unsigned long long>(preds[i].distinct_subjects),
                  static_cast<unsigned long long>(preds[i].distinct_objects),
                  t ? to_ntriples(*t).c_str() : "?");
    }
  }
  return kExitOk;
}

int cmd_log(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  add_text_json_option(opts);
  po::variables_map vm;
  if (int rc = parse_args("log", "[--store DIR] [--format text|json]", opts, {}, args, vm);
      rc >= 0) {
    return rc;
  }
  int code = kExitOk;
  const bool json = json_format(vm, code);
  if (code) return code;
  auto store = open_store(store_path(vm), true, code);
  if (!store) return code;
  auto read = store->read();
  if (!read) return fail_store(read.status());
  auto log = read->log();
  if (!log) return fail_store(log.status());
  if (json) {
    // One transaction a line inside the array: a long log stays readable and greppable.
    std::cout << "[";
    for (std::size_t i = 0; i < log->size(); ++i) {
      const auto& r = (*log)[i];
      nlohmann::ordered_json j = {{"transaction", r.number},
                                  {"time", utc_time(r.timestamp_ms)},
                                  {"timestamp_ms", r.timestamp_ms},
                                  {"facts_added", r.facts_added},
                                  {"facts_retracted", r.facts_retracted},
                                  {"terms_added", r.terms_added},
                                  {"description", r.description}};
      std::cout << (i ? ",\n " : "\n ") << j.dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace);
    }
    std::cout << (log->empty() ? "]\n" : "\n]\n");
    return kExitOk;
  }
  for (const auto& r : *log) {
    std::printf("%6llu  %s  +%llu -%llu facts  %s\n", static_cast<unsigned long long>(r.number),
                utc_time(r.timestamp_ms).c_str(), static_cast<unsigned long long>(r.facts_added),
                static_cast<unsigned long long>(r.facts_retracted), one_line(r.description).c_str());
  }
  return kExitOk;
}

int cmd_compact(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  po::variables_map vm;
  if (int rc = parse_args("compact", "[--store DIR]", opts, {}, args, vm); rc >= 0) return rc;
  int code = kExitOk;
  auto store = open_store(store_path(vm), false, code);
  if (!store) return code;
  if (auto st = store->compact(); !st) return fail_store(st);
  auto st = committed_stats(*store, code);
  if (!st) return code;
  print_counts(*st);
  return kExitOk;
}

int cmd_config(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  opts.add_options()("default-graph", po::value<std::string>(),
                     "union: a query's default graph is the union of all graphs (the rule of a "
                     "new store); own: the store's own default graph (the SPARQL standard's)");
  po::variables_map vm;
  if (int rc = parse_args("config", "[--store DIR] [--default-graph union|own]", opts, {}, args,
                          vm);
      rc >= 0) {
    return rc;
  }
  int code = kExitOk;
  std::optional<bool> set;
  if (vm.count("default-graph")) {
    const auto& v = vm["default-graph"].as<std::string>();
    if (v != "union" && v != "own") {
      std::cerr << "annals: --default-graph takes union or own, not '" << v << "'\n";
      return kExitUsage;
    }
    set = v == "union";
    owner_only_files();
  }
  auto store = open_store(store_path(vm), /*read_only=*/!set, code);
  if (!store) return code;
  if (set) {
    auto w = store->write();
    if (!w) return fail_store(w.status());
    if (auto st = w->set_union_default_graph(*set); !st) return fail_store(st);
    if (auto rec = w->commit("config"); !rec) return fail_store(rec.status());
  }
  auto read = store->read();
  if (!read) return fail_store(read.status());
  auto on = read->union_default_graph();
  if (!on) return fail_store(on.status());
  std::printf("default-graph %s\n", *on ? "union" : "own");
  return kExitOk;
}

int cmd_version(const std::vector<std::string>& args) {
  po::options_description opts("options");
  po::variables_map vm;
  if (int rc = parse_args("version", "", opts, {}, args, vm); rc >= 0) return rc;
  std::printf("annals %s (store format %u)\n", ANNALS_VERSION, kFormatVersion);
  return kExitOk;
}

}  // namespace annals::cli
