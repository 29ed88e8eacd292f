// The small store that the executor and endpoint harnesses query: the demo graph and the
// tests' people dataset, loaded once per process into a scratch directory that is removed
// when the process exits normally (a crash leaves it for the post-mortem).
#pragma once

#include <annals/load.hpp>
#include <annals/store.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace annals::fuzz {

class FuzzStore {
 public:
  FuzzStore() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "annals-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) die("cannot make a scratch directory", tmpl);
    dir_ = tmpl;
    auto opened = Store::open(dir_ + "/store");
    if (!opened) die(opened.status().to_string(), dir_);
    store_ = std::make_unique<Store>(std::move(*opened));
    auto loaded = load_files(*store_, {ANNALS_DEMO_TRIG, ANNALS_PEOPLE_TRIG});
    if (!loaded) die(loaded.status().to_string(), dir_);
  }
  ~FuzzStore() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  FuzzStore(const FuzzStore&) = delete;
  FuzzStore& operator=(const FuzzStore&) = delete;

  Store& store() { return *store_; }

 private:
  [[noreturn]] static void die(const std::string& why, const std::string& where) {
    std::fprintf(stderr, "fuzz store (%s): %s\n", where.c_str(), why.c_str());
    std::abort();
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

// The process's store, made on first use.
inline Store& fuzz_store() {
  static FuzzStore instance;
  return instance.store();
}

}  // namespace annals::fuzz
