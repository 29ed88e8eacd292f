// Generates a synthetic N-Quads file shaped like Annals data: entities with labels and types,
// relations between them, numeric facts, one named graph per source report.
//   annals_gen QUADS [SEED] > file.nq
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: annals_gen QUADS [SEED] > file.nq\n");
    return 2;
  }
  const std::uint64_t n = std::strtoull(argv[1], nullptr, 10);
  std::mt19937_64 rng(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 42);
  // Sizes grow with the file, as they do in real collections of reports.
  const std::uint64_t entities = n / 8 + 10;
  const std::uint64_t sources = n / 200 + 1;
  static const char* kRelations[] = {"supports", "attacked", "visited", "recognises", "opposes",
                                     "fundedBy", "memberOf", "negotiatedWith", "expelled",
                                     "tradesWith", "sanctioned", "allyOf"};
  static const char* kTypes[] = {"State", "ArmedGroup", "Person", "Organisation", "City"};
  const char* ex = "https://annals.dev/gen/";
  std::string line;
  char buf[512];
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t src = rng() % sources;
    std::uint64_t s = rng() % entities;
    unsigned kind = static_cast<unsigned>(rng() % 10);
    if (kind == 0) {
      std::snprintf(buf, sizeof buf, "<%se%llu> <http://www.w3.org/2000/01/rdf-schema#label> \"Entity %llu\"@en <%ssource/%llu> .\n",
                    ex, static_cast<unsigned long long>(s), static_cast<unsigned long long>(s), ex,
                    static_cast<unsigned long long>(src));
    } else if (kind == 1) {
      std::snprintf(buf, sizeof buf, "<%se%llu> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <%s%s> <%ssource/%llu> .\n",
                    ex, static_cast<unsigned long long>(s), ex, kTypes[s % 5], ex,
                    static_cast<unsigned long long>(src));
    } else if (kind == 2) {
      std::snprintf(buf, sizeof buf, "<%se%llu> <%sfatalities> \"%llu\"^^<http://www.w3.org/2001/XMLSchema#integer> <%ssource/%llu> .\n",
                    ex, static_cast<unsigned long long>(s), ex,
                    static_cast<unsigned long long>(rng() % 5000), ex,
                    static_cast<unsigned long long>(src));
    } else if (kind == 3) {
      unsigned y = 1995 + static_cast<unsigned>(rng() % 31), m = 1 + static_cast<unsigned>(rng() % 12),
               d = 1 + static_cast<unsigned>(rng() % 28);
      std::snprintf(buf, sizeof buf, "<%se%llu> <%sreportedOn> \"%04u-%02u-%02u\"^^<http://www.w3.org/2001/XMLSchema#date> <%ssource/%llu> .\n",
                    ex, static_cast<unsigned long long>(s), ex, y, m, d, ex,
                    static_cast<unsigned long long>(src));
    } else {
      std::uint64_t o = rng() % entities;
      std::snprintf(buf, sizeof buf, "<%se%llu> <%s%s> <%se%llu> <%ssource/%llu> .\n", ex,
                    static_cast<unsigned long long>(s), ex, kRelations[rng() % 12], ex,
                    static_cast<unsigned long long>(o), ex, static_cast<unsigned long long>(src));
    }
    std::fputs(buf, stdout);
  }
  return 0;
}
