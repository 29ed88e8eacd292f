// `annals update`: runs one SPARQL 1.1 Update request on a store as one transaction and
// prints what changed. LOAD reads local files (file: IRIs or plain paths) through the
// loaders; http(s) LOAD is not supported in this build (no HTTP client is linked), exit 4.
// Any failure changes nothing.
#include <annals/update.hpp>
#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.hpp"

namespace annals::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_update_interrupt(int) { g_interrupted.store(true); }

// "%41" -> 'A' in a file: IRI's path.
std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The local path a LOAD source names: file:///p or file:/p, or an IRI without a scheme
// (resolved against no base: a path as typed). nullopt for another scheme.
std::optional<std::string> local_path(const std::string& source) {
  if (source.starts_with("file://")) return percent_decode(source.substr(7));
  if (source.starts_with("file:")) return percent_decode(source.substr(5));
  if (source.find(':') == std::string::npos || source.starts_with("/")) return source;
  return std::nullopt;
}

}  // namespace

Result<std::uint64_t> load_local(WriteTxn& txn, const LoadRequest& req) {
  auto path = local_path(req.source);
  if (!path) {
    return Status::not_supported("LOAD <" + req.source +
                                 ">: only local files (file: IRIs) can be loaded in this build");
  }
  LoadIntoOptions options;
  if (!req.into_graph.empty()) options.into_graph = req.into_graph;
  auto n = load_into(txn, *path, options);
  if (!n) {
    if (n.status().code() != StatusCode::kInvalidInput) {
      return Status::failed("LOAD <" + req.source + ">: " + n.status().message());
    }
    return n.status();
  }
  return n->quads_read;
}

int cmd_update(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  add_limit_options(opts, "update (nothing changes)");
  add_reading_options(opts);
  opts.add_options()("file,f", po::value<std::string>(),
                     "read the update from this file ('-' is stdin)")(
      "base", po::value<std::string>(), "base IRI for relative IRIs in the update");
  Positionals pos;
  pos.add("update", po::value<std::string>(), 1);
  po::variables_map vm;
  if (int rc = parse_args("update",
                          "[--store DIR] [--union|--no-union] [--no-store-prefixes] [--base IRI] "
                          "[--timeout S] [--max-memory MIB] "
                          "(UPDATE | - | -f FILE)",
                          opts, pos, args, vm);
      rc >= 0) {
    return rc;
  }
  int code = kExitOk;
  QueryParseOptions parse_options;
  parse_options.base = base_option(vm, code);
  if (code) return code;
  std::string source;
  auto text = request_text(vm, "update", source, code);
  if (!text) return code;
  UpdateOptions uo;
  const Reading reading = reading_options(vm, code);
  if (code) return code;
  uo.union_default_graph = reading.union_default_graph;
  const Limits limits = limit_options(vm, code);
  if (code) return code;
  uo.timeout = limits.timeout;
  uo.memory_limit = limits.memory_limit;
  uo.cancel = &g_interrupted;
  uo.allow_load = true;
  uo.load = load_local;
  std::signal(SIGINT, on_update_interrupt);

  // The store's prefixes through a read-only open: a bad update must not create a store.
  if (reading.store_prefixes) parse_options.prefixes = prefixes_if_any(store_path(vm));
  auto parsed = parse_update(*text, parse_options);
  if (!parsed) {
    Status st = parsed.status();
    Position where = st.where();
    if (source != "update") where.source = source;
    return fail(Status(st.code(), st.message(), where));
  }
  auto store = open_store(store_path(vm), /*read_only=*/false, code);
  if (!store) return code;

  auto r = update_store(*store, *parsed, uo);
  if (!r) return fail(r.status());
  if (r->transaction.number == 0) {
    std::cout << "no change\n";
  } else {
    std::cout << "transaction " << r->transaction.number << ": +" << r->transaction.facts_added
              << " facts, -" << r->transaction.facts_retracted << " retracted\n";
  }
  return kExitOk;
}

}  // namespace annals::cli
