// Subcommands that keep a store safe: check (verify it, offline or beside a writer).
#include <cstdio>
#include <iostream>

#include <annals/check.hpp>

#include "cli.hpp"

namespace annals::cli {

int cmd_check(const std::vector<std::string>& args) {
  po::options_description opts(
      "Verifies a store: the checksums of its files, its six quad indexes and its time index\n"
      "agreeing fact for fact, the dictionary (every id an index uses has its term), the\n"
      "transaction log and the statistics against a recount. It reads one consistent state of\n"
      "the store, opened read-only, so it may run beside a writer. Prints 'ok: ...' and exits 0,\n"
      "or prints one line per problem and exits 3.\n\noptions");
  add_store_option(opts);
  opts.add_options()("no-checksums", "skip reading every table file whole for its checksums")(
      "max-problems", po::value<std::size_t>()->default_value(100),
      "list this many problems, then only their number");
  po::variables_map vm;
  const std::string usage = "[--store DIR] [--no-checksums] [--max-problems N]";
  if (int rc = parse_args("check", usage, opts, {}, args, vm); rc >= 0) return rc;
  int code = kExitOk;
  auto store = open_store(store_path(vm), true, code);
  if (!store) return code;
  CheckOptions options;
  options.checksums = !vm.count("no-checksums");
  options.max_problems = vm["max-problems"].as<std::size_t>();
  auto report = store->check(options);
  if (!report) return fail_store(report.status());
  auto n = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
  if (report->ok()) {
    std::printf("ok: %llu facts (%llu current) of %llu quads, %llu terms, %llu transactions",
                n(report->facts), n(report->current), n(report->quads), n(report->terms),
                n(report->transactions));
    if (report->aborted) std::printf(" (%llu aborted)", n(report->aborted));
    if (options.checksums) std::printf(", %llu files checksummed", n(report->files));
    std::printf("\n");
    return kExitOk;
  }
  for (const auto& p : report->problems) std::printf("%s\n", p.c_str());
  if (report->problem_count > report->problems.size()) {
    std::printf("... and %llu more\n", n(report->problem_count - report->problems.size()));
  }
  std::fflush(stdout);
  std::cerr << "annals: store '" << store->path() << "' has " << report->problem_count
            << (report->problem_count == 1 ? " problem\n" : " problems\n");
  return kExitStore;
}

}  // namespace annals::cli
