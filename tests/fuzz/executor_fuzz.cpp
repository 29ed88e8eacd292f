// libFuzzer harness for the executor: the input is a query's text. A query that parses is
// planned and run against a small store (the demo graph and the tests' people dataset) and
// its results are read, up to a cap. Each run has a time budget (QueryOptions::timeout) far
// below the fuzzer's -timeout: a run past it is a budget that does not hold. Updates are not
// run: a write transaction that spills pauses and resumes RocksDB's compactions, each a
// synced rewrite of its OPTIONS file, which took seconds an input on a busy machine.
#include <annals/query.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_store.hpp"

namespace {

using namespace annals;

constexpr std::chrono::milliseconds kBudget{500};
constexpr int kMaxResults = 5000;

void read_results(Solutions& solutions) {
  if (solutions.kind() == QueryKind::kAsk) {
    (void)solutions.boolean();
  } else if (solutions.kind() == QueryKind::kSelect) {
    std::vector<std::optional<Term>> row;
    for (int i = 0; i < kMaxResults; ++i) {
      auto more = solutions.next(row);
      if (!more || !*more) break;
    }
  } else {
    Triple triple;
    for (int i = 0; i < kMaxResults; ++i) {
      auto more = solutions.next(triple);
      if (!more || !*more) break;
    }
  }
  (void)solutions.plan(true);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Store& store = fuzz::fuzz_store();
  auto query = parse_query(text);
  if (!query) return 0;
  auto txn = store.read();
  if (!txn) {
    std::fprintf(stderr, "no read view: %s\n", txn.status().to_string().c_str());
    std::abort();
  }
  QueryOptions options;
  options.union_default_graph = true;
  options.timeout = kBudget;
  options.profile = true;
  auto solutions = execute(*txn, *query, options);
  if (solutions) read_results(*solutions);
  return 0;
}
