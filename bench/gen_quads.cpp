// Generates a synthetic N-Quads file shaped like Annals data: entities with labels and types,
// relations between them, numeric facts, one named graph per source report.
//   annals_gen QUADS [SEED] [--paths] > file.nq
//   annals_gen FACTS [SEED] --dated annotated|reified > file.ttl
// --dated writes dated facts instead (gen_dated.hpp), as Turtle 1.2 annotations or reified.
// --paths appends, after the QUADS random quads (which it leaves as they are without it), the
// structures property paths walk: a class hierarchy in the graph <…/ontology> and an alliance
// network in <…/alliances> (bench/queries). The same arguments always give the same file.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "gen_dated.hpp"

namespace {

const char* const kEx = "https://annals.dev/gen/";
const char* const kRdfsSubClassOf = "http://www.w3.org/2000/01/rdf-schema#subClassOf";

unsigned long long ull(std::uint64_t v) { return static_cast<unsigned long long>(v); }

// Entities grow with the file, as they do in real collections of reports.
std::uint64_t entity_count(std::uint64_t n) { return n / 8 + 10; }

void random_quads(std::uint64_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::uint64_t entities = entity_count(n);
  const std::uint64_t sources = n / 200 + 1;
  static const char* kRelations[] = {"supports", "attacked",   "visited",    "recognises",
                                     "opposes",  "fundedBy",   "memberOf",   "negotiatedWith",
                                     "expelled", "tradesWith", "sanctioned", "allyOf"};
  static const char* kTypes[] = {"State", "ArmedGroup", "Person", "Organisation", "City"};
  const char* ex = kEx;
  char buf[512];
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t src = rng() % sources;
    std::uint64_t s = rng() % entities;
    unsigned kind = static_cast<unsigned>(rng() % 10);
    if (kind == 0) {
      std::snprintf(buf, sizeof buf,
                    "<%se%llu> <http://www.w3.org/2000/01/rdf-schema#label> \"Entity %llu\"@en "
                    "<%ssource/%llu> .\n",
                    ex, ull(s), ull(s), ex, ull(src));
    } else if (kind == 1) {
      std::snprintf(
          buf, sizeof buf,
          "<%se%llu> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <%s%s> <%ssource/%llu> .\n",
          ex, ull(s), ex, kTypes[s % 5], ex, ull(src));
    } else if (kind == 2) {
      std::snprintf(buf, sizeof buf,
                    "<%se%llu> <%sfatalities> \"%llu\"^^<http://www.w3.org/2001/XMLSchema#integer> "
                    "<%ssource/%llu> .\n",
                    ex, ull(s), ex, ull(rng() % 5000), ex, ull(src));
    } else if (kind == 3) {
      unsigned y = 1995 + static_cast<unsigned>(rng() % 31),
               m = 1 + static_cast<unsigned>(rng() % 12), d = 1 + static_cast<unsigned>(rng() % 28);
      std::snprintf(
          buf, sizeof buf,
          "<%se%llu> <%sreportedOn> \"%04u-%02u-%02u\"^^<http://www.w3.org/2001/XMLSchema#date> "
          "<%ssource/%llu> .\n",
          ex, ull(s), ex, y, m, d, ex, ull(src));
    } else {
      std::uint64_t o = rng() % entities;
      std::snprintf(buf, sizeof buf, "<%se%llu> <%s%s> <%se%llu> <%ssource/%llu> .\n", ex, ull(s),
                    ex, kRelations[rng() % 12], ex, ull(o), ex, ull(src));
    }
    std::fputs(buf, stdout);
  }
}

// <gen:a> <gen:p> <gen:b> <gen:graph> . for entities eA, eB.
void entity_edge(std::uint64_t a, const char* p, std::uint64_t b, const char* graph) {
  std::printf("<%se%llu> <%s%s> <%se%llu> <%s%s> .\n", kEx, ull(a), kEx, p, kEx, ull(b), kEx,
              graph);
}

// A class hierarchy, so that rdf:type/rdfs:subClassOf* has something to climb.
void ontology() {
  static const char* kSubClassOf[][2] = {{"State", "Polity"},
                                         {"Polity", "Actor"},
                                         {"ArmedGroup", "NonStateActor"},
                                         {"Organisation", "NonStateActor"},
                                         {"NonStateActor", "Actor"},
                                         {"Actor", "Agent"},
                                         {"Person", "Agent"},
                                         {"City", "Place"}};
  for (const auto& sc : kSubClassOf) {
    std::printf("<%s%s> <%s> <%s%s> <%sontology> .\n", kEx, sc[0], kRdfsSubClassOf, kEx, sc[1],
                kEx);
  }
}

// Alliances in one graph (the random relations scatter over thousands of source graphs, so
// paths inside one of them are short). Blocks of 16 entities, e16b..e16b+15, each a cycle of
// :allyOf with one chord (0 -> 8), cover the first quarter of the entities; four members
// (:memberOf) per block come from the second half.
void alliances(std::uint64_t n) {
  const std::uint64_t entities = entity_count(n);
  const std::uint64_t blocks = entities / 64 > 0 ? entities / 64 : 1;
  for (std::uint64_t b = 0; b < blocks; ++b) {
    const std::uint64_t base = 16 * b;
    for (std::uint64_t j = 0; j < 16; ++j)
      entity_edge(base + j, "allyOf", base + (j + 1) % 16, "alliances");
    entity_edge(base, "allyOf", base + 8, "alliances");
    for (std::uint64_t k = 0; k < 4; ++k) {
      entity_edge(entities / 2 + 4 * b + k, "memberOf", base + 4 * k, "alliances");
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool paths = false;
  const char* dated = nullptr;
  const char* positional[2] = {nullptr, nullptr};
  int npos = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--paths") == 0) {
      paths = true;
    } else if (std::strcmp(argv[i], "--dated") == 0 && i + 1 < argc) {
      dated = argv[++i];
    } else if (npos < 2) {
      positional[npos++] = argv[i];
    } else {
      npos = 3;
    }
  }
  const bool dated_ok = dated == nullptr || std::strcmp(dated, "annotated") == 0 ||
                        std::strcmp(dated, "reified") == 0;
  if (npos < 1 || npos > 2 || !dated_ok || (dated && paths)) {
    std::fprintf(stderr,
                 "usage: annals_gen QUADS [SEED] [--paths] > file.nq\n"
                 "       annals_gen FACTS [SEED] --dated annotated|reified > file.ttl\n");
    return 2;
  }
  const std::uint64_t n = std::strtoull(positional[0], nullptr, 10);
  const std::uint64_t seed = positional[1] != nullptr ? std::strtoull(positional[1], nullptr, 10) : 42;
  if (dated) {
    annals::bench::dated_facts(n, seed,
                               std::strcmp(dated, "reified") == 0 ? annals::bench::DatedForm::kReified
                                                                  : annals::bench::DatedForm::kAnnotated);
    return 0;
  }
  random_quads(n, seed);
  if (paths) {
    ontology();
    alliances(n);
  }
  return 0;
}
