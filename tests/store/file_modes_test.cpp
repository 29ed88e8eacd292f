// A store made by a program with a permissive umask (022) is still its owner's alone: the
// directory 0700, every file in it 0600, its backups and restores alike.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "../support/temp_dir.hpp"
#include "annals/backup.hpp"
#include "annals/store.hpp"

using namespace annals;
using annals::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// Every path under `root` (itself included) that anyone but its owner may read or enter.
std::vector<std::string> open_to_others(const std::string& root) {
  std::vector<std::string> out;
  auto check = [&](const fs::path& p) {
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0) return;
    const mode_t want = S_ISDIR(st.st_mode) ? 0700 : 0600;
    if ((st.st_mode & 0777) != want) {
      out.push_back(p.string() + " " + std::to_string(st.st_mode & 0777));
    }
  };
  check(root);
  for (const auto& e : fs::recursive_directory_iterator(root)) check(e.path());
  return out;
}

// Sets the umask for the test and puts the old one back.
struct Umask {
  explicit Umask(mode_t m) : old(::umask(m)) {}
  ~Umask() { ::umask(old); }
  mode_t old;
};

}  // namespace

TEST_CASE("a store's files are 0600 and its directories 0700 whatever the umask",
          "[store][files]") {
  Umask permissive(022);
  TempDir dir;
  {
    StoreOptions small;
    small.spill_bytes = 4096;  // sorted runs through the staging directory, then ingested
    auto store = Store::open(dir / "s", small);
    REQUIRE(store);
    for (int round = 0; round < 2; ++round) {
      auto w = store->write();
      REQUIRE(w);
      TermId p = *w->intern(Term::iri("http://ex/p"));
      for (int i = 0; i < 300; ++i) {
        TermId s = *w->intern(Term::iri("http://ex/s" + std::to_string(round * 1000 + i)));
        REQUIRE(w->assert_fact(s, p, s, kDefaultGraph));
      }
      REQUIRE(w->commit("load"));
    }
    REQUIRE(store->compact());
  }
  CHECK(open_to_others(dir / "s").empty());
  INFO(open_to_others(dir / "s").size());

  REQUIRE(backup_store(dir / "s", dir / "b"));
  CHECK(open_to_others(dir / "b").empty());
  REQUIRE(restore_store(dir / "b", dir / "r", false));
  CHECK(open_to_others(dir / "r").empty());
  auto restored = Store::open(dir / "r");
  REQUIRE(restored);
  CHECK(restored->read()->stats()->facts == 600);
}
