// `annals purge`: erases every fact of a graph or about an entity across all time (the one
// write that truly erases; WriteTxn::purge), records it in the transaction log with the
// reason, and prints what it erased. --dry-run only counts.
#include <cstdio>
#include <iostream>

#include "cli.hpp"

namespace annals::cli {

namespace {

// The selector from --graph or --entity (exactly one); nullopt after a usage message.
std::optional<PurgeSelector> purge_selector(const po::variables_map& vm) {
  if (vm.count("graph") == vm.count("entity")) {
    std::cerr << "annals: purge takes --graph IRI or --entity IRI (one of them)\n";
    return std::nullopt;
  }
  const bool graph = vm.count("graph") > 0;
  std::string iri = vm[graph ? "graph" : "entity"].as<std::string>();
  if (iri.size() > 1 && iri.front() == '<' && iri.back() == '>')
    iri = iri.substr(1, iri.size() - 2);
  if (iri.empty()) {
    std::cerr << "annals: purge needs a non-empty IRI\n";
    return std::nullopt;
  }
  return PurgeSelector{graph ? PurgeSelector::Kind::kGraph : PurgeSelector::Kind::kEntity,
                       Term::iri(iri)};
}

void print_purge(const PurgeResult& r, bool dry_run) {
  const auto& c = r.counts;
  std::printf("%s %llu facts (%llu versions, %llu current) of %llu quads\n",
              dry_run ? "would erase" : "erased", static_cast<unsigned long long>(c.facts),
              static_cast<unsigned long long>(c.versions),
              static_cast<unsigned long long>(c.current), static_cast<unsigned long long>(c.quads));
  if (!dry_run) {
    std::printf("transaction %llu\n", static_cast<unsigned long long>(r.record.number));
  }
}

}  // namespace

int cmd_purge(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  opts.add_options()("graph", po::value<std::string>(), "erase every fact of this named graph")(
      "entity", po::value<std::string>(), "erase every fact with this IRI as subject or object")(
      "reason", po::value<std::string>(), "why (and for whom): recorded in the log (required)")(
      "dry-run", "count what would be erased, change nothing");
  po::variables_map vm;
  if (int rc = parse_args("purge",
                          "[--store DIR] (--graph IRI | --entity IRI) --reason TEXT [--dry-run]",
                          opts, {}, args, vm);
      rc >= 0) {
    return rc;
  }
  if (!vm.count("reason") || vm["reason"].as<std::string>().empty()) {
    std::cerr << "annals: purge needs --reason TEXT (it goes into the transaction log)\n";
    return kExitUsage;
  }
  auto selector = purge_selector(vm);
  if (!selector) return kExitUsage;
  const bool dry_run = vm.count("dry-run") > 0;
  int code = kExitOk;
  auto store = open_store(store_path(vm), false, code);
  if (!store) return code;
  auto txn = store->write();
  if (!txn) return fail_store(txn.status());
  auto result = txn->purge(*selector, vm["reason"].as<std::string>(), dry_run);
  if (!result) return fail(result.status());
  print_purge(*result, dry_run);
  return kExitOk;
}

}  // namespace annals::cli
