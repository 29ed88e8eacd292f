// The demo graph (shell/demo/demo.trig, compiled in): `annals demo`, and the first use of
// the default store.
#include <annals/load.hpp>
#include <annals/rdf.hpp>
#include <cstdio>

#include "cli.hpp"

namespace annals::cli {

namespace {

// The article's record in the default graph: present once the demo graph was loaded.
constexpr const char* kDemoMarker = "https://annals.dev/demo/src/dw-2025-08-14";

// Whether the store's default graph already describes the demo's article.
Result<bool> holds_demo(const Store& store) {
  auto read = store.read();
  if (!read) return read.status();
  auto id = read->lookup(Term::iri(kDemoMarker));
  if (!id) return id.status();
  if (!*id) return false;
  Pattern p;
  p.s = **id;
  p.g = kDefaultGraph;
  auto cur = read->scan(p);
  if (!cur) return cur.status();
  bool found = cur->valid();
  if (auto st = cur->status(); !st) return st;
  return found;
}

}  // namespace

Result<LoadResult> load_demo(Store& store) {
  // The store keeps blank nodes (the annotations' reifiers) apart per load, so loading the
  // file again would add them again: a store that holds the demo is left as it is.
  auto held = holds_demo(store);
  if (!held) return held.status();
  if (*held) return LoadResult{};
  LoadOptions lo;
  lo.format = RdfFormat::kTriG;
  lo.description = "demo graph";
  return load_input(store, Input::from_string(std::string(demo_trig()), "demo.trig"), lo);
}

int cmd_demo(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  po::variables_map vm;
  if (int rc = parse_args("demo", "[--store DIR]", opts, {}, args, vm); rc >= 0) return rc;
  int code = kExitOk;
  auto store = open_store(store_path(vm), false, code);
  if (!store) return code;
  auto r = load_demo(*store);
  if (!r) return fail(r.status());
  if (r->tx.number) {
    std::printf("demo graph: %llu quads, %llu new facts; transaction %llu\n",
                static_cast<unsigned long long>(r->quads_read),
                static_cast<unsigned long long>(r->facts_added),
                static_cast<unsigned long long>(r->tx.number));
  } else {
    std::printf("demo graph: already in the store, nothing new\n");
  }
  return kExitOk;
}

}  // namespace annals::cli
