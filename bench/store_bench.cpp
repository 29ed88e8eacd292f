// In-process timers for the store: loading N-Quads, scans by pattern shape, term decoding.
// Whole-program figures (peak memory, bytes on disk, the peers) come from load_bench.sh.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <annals/load.hpp>
#include <annals/store.hpp>

namespace fs = std::filesystem;
using namespace annals;

namespace {

std::string scratch_dir() {
  std::string tmpl = (fs::temp_directory_path() / "annals-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) std::abort();
  return tmpl;
}

// A file of n quads: subjects, relations and objects drawn from a pool of n/8 entities.
std::string make_file(const std::string& dir, std::int64_t n) {
  std::string path = dir + "/data.nq";
  std::ofstream out(path);
  std::mt19937_64 rng(7);
  const std::uint64_t entities = static_cast<std::uint64_t>(n) / 8 + 10;
  for (std::int64_t i = 0; i < n; ++i) {
    out << "<https://annals.dev/b/e" << rng() % entities << "> <https://annals.dev/b/r"
        << rng() % 12 << "> <https://annals.dev/b/e" << rng() % entities
        << "> <https://annals.dev/b/src" << rng() % 64 << "> .\n";
  }
  return path;
}

void BM_Load(benchmark::State& state) {
  std::string dir = scratch_dir();
  std::string file = make_file(dir, state.range(0));
  int round = 0;
  for (auto _ : state) {
    auto store = Store::open(dir + "/store" + std::to_string(round++));
    auto r = load_files(*store, {file});
    if (!r) state.SkipWithError(r.status().to_string().c_str());
  }
  state.counters["quads/s"] = benchmark::Counter(static_cast<double>(state.range(0)) *
                                                     static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
  fs::remove_all(dir);
}
BENCHMARK(BM_Load)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(3);

// One store shared by the scan benchmarks.
struct Loaded {
  std::string dir = scratch_dir();
  std::optional<Store> store;
  Loaded() {
    store.emplace(std::move(Store::open(dir + "/store")).value());
    (void)load_files(*store, {make_file(dir, 200'000)});
  }
  ~Loaded() {
    store.reset();
    fs::remove_all(dir);
  }
};
Loaded& loaded() {
  static Loaded l;
  return l;
}

void BM_ScanBySubject(benchmark::State& state) {
  auto& l = loaded();
  auto read = l.store->read();
  std::mt19937_64 rng(1);
  std::int64_t rows = 0;
  for (auto _ : state) {
    auto id = read->lookup(Term::iri("https://annals.dev/b/e" + std::to_string(rng() % 25000)));
    Pattern p;
    p.s = id->value_or(1);
    auto c = read->scan(p);
    for (; c->valid(); c->next()) ++rows;
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_ScanBySubject);

void BM_ScanPredicate(benchmark::State& state) {
  auto& l = loaded();
  auto read = l.store->read();
  auto id = read->lookup(Term::iri("https://annals.dev/b/r3"));
  std::int64_t rows = 0;
  for (auto _ : state) {
    Pattern p;
    p.p = id->value_or(1);
    auto c = read->scan(p);
    for (; c->valid(); c->next()) ++rows;
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScanPredicate)->Unit(benchmark::kMillisecond);

void BM_DecodeTerms(benchmark::State& state) {
  auto& l = loaded();
  auto read = l.store->read();
  auto c = read->scan(Pattern{});
  std::vector<TermId> ids;
  for (; c->valid() && ids.size() < 10000; c->next()) ids.push_back(c->row().o);
  std::size_t i = 0;
  for (auto _ : state) {
    auto t = read->term(ids[i++ % ids.size()]);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_DecodeTerms);

}  // namespace

BENCHMARK_MAIN();
