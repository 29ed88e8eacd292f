// Comparing RDF datasets up to the renaming of blank nodes (RDF 1.1 Concepts §3.6 graph
// isomorphism, extended to quads and to blank nodes inside triple terms), for the W3C
// evaluation tests and our own round trips.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "annals/term.hpp"

namespace annals::testing {

class Isomorphism {
 public:
  // Empty when a and b are isomorphic (as sets of quads), else what differs.
  static std::string compare(const std::vector<Quad>& a, const std::vector<Quad>& b) {
    Side x(a), y(b);
    if (x.quads.size() != y.quads.size()) {
      return "different sizes: " + std::to_string(x.quads.size()) + " vs " +
             std::to_string(y.quads.size()) + " quads\n" + diff(x, y);
    }
    if (x.blanks.size() != y.blanks.size()) {
      return "different numbers of blank nodes: " + std::to_string(x.blanks.size()) + " vs " +
             std::to_string(y.blanks.size()) + "\n" + diff(x, y);
    }
    x.refine();
    y.refine();
    if (search(x, y, 0)) return "";
    return "not isomorphic\n" + diff(x, y);
  }

 private:
  struct Side {
    std::vector<Quad> quads;
    std::unordered_map<std::string, std::size_t> blanks;  // label -> index
    std::vector<std::size_t> colors;

    explicit Side(const std::vector<Quad>& in) {
      std::set<std::string> seen;
      for (const Quad& q : in) {
        std::string key = to_ntriples(q.subject) + ' ' + to_ntriples(q.predicate) + ' ' +
                          to_ntriples(q.object) + ' ' + to_ntriples(q.graph);
        if (seen.insert(key).second) quads.push_back(q);
      }
      for (const Quad& q : quads) {
        for (const Term* t : {&q.subject, &q.predicate, &q.object, &q.graph}) collect(*t);
      }
      colors.assign(blanks.size(), 1);
    }

    void collect(const Term& t) {
      if (t.is_blank()) blanks.emplace(t.value, blanks.size());
      if (t.is_triple()) {
        collect(t.triple->subject);
        collect(t.triple->predicate);
        collect(t.triple->object);
      }
    }

    std::string render(const Term& t) const {
      if (t.is_blank()) return "_:c" + std::to_string(colors[blanks.at(t.value)]);
      if (t.is_triple()) {
        return "<<(" + render(t.triple->subject) + ' ' + render(t.triple->predicate) + ' ' +
               render(t.triple->object) + ")>>";
      }
      return t.is_default_graph() ? std::string() : to_ntriples(t);
    }
    std::string render(const Quad& q) const {
      return render(q.subject) + ' ' + render(q.predicate) + ' ' + render(q.object) + ' ' +
             render(q.graph);
    }
    std::multiset<std::string> rendered() const {
      std::multiset<std::string> out;
      for (const Quad& q : quads) out.insert(render(q));
      return out;
    }

    void mentions(const Term& t, int position, const std::string& sig,
                  std::vector<std::vector<std::string>>& out) const {
      if (t.is_blank()) out[blanks.at(t.value)].push_back(std::to_string(position) + sig);
      if (t.is_triple()) {
        mentions(t.triple->subject, position * 4 + 10, sig, out);
        mentions(t.triple->predicate, position * 4 + 11, sig, out);
        mentions(t.triple->object, position * 4 + 12, sig, out);
      }
    }

    std::size_t distinct() const { return std::set<std::size_t>(colors.begin(), colors.end()).size(); }

    // Colour refinement: a blank node's colour becomes a hash of its colour and of the
    // quads it occurs in (with the other blank nodes' colours), until the partition is stable.
    void refine() {
      std::size_t classes = distinct();
      for (;;) {
        std::vector<std::vector<std::string>> seen(blanks.size());
        for (const Quad& q : quads) {
          std::string sig = render(q);
          int pos = 0;
          for (const Term* t : {&q.subject, &q.predicate, &q.object, &q.graph}) {
            mentions(*t, pos++, sig, seen);
          }
        }
        for (std::size_t i = 0; i < colors.size(); ++i) {
          std::sort(seen[i].begin(), seen[i].end());
          std::string all = std::to_string(colors[i]);
          for (const auto& s : seen[i]) all += '|' + s;
          colors[i] = std::hash<std::string>{}(all);
        }
        std::size_t now = distinct();
        if (now == classes) return;
        classes = now;
      }
    }
  };

  // Fixes one blank node of a tied colour class on each side at a time, refining after each.
  static bool search(Side& x, Side& y, int depth) {
    if (x.rendered() != y.rendered()) return false;
    std::map<std::size_t, std::vector<std::size_t>> xc, yc;
    for (std::size_t i = 0; i < x.colors.size(); ++i) xc[x.colors[i]].push_back(i);
    for (std::size_t i = 0; i < y.colors.size(); ++i) yc[y.colors[i]].push_back(i);
    const std::vector<std::size_t>* tied = nullptr;
    std::size_t tied_color = 0;
    for (const auto& [c, members] : xc) {
      if (yc[c].size() != members.size()) return false;
      if (members.size() > 1 && (!tied || members.size() < tied->size())) {
        tied = &members;
        tied_color = c;
      }
    }
    if (!tied || depth > 64) return tied == nullptr;
    const std::size_t a = tied->front();
    for (std::size_t b : yc[tied_color]) {
      Side x2 = x, y2 = y;
      x2.colors[a] = y2.colors[b] = std::hash<std::string>{}("fixed" + std::to_string(tied_color));
      x2.refine();
      y2.refine();
      if (search(x2, y2, depth + 1)) return true;
    }
    return false;
  }

  static std::string diff(const Side& x, const Side& y) {
    auto rx = x.rendered(), ry = y.rendered();
    std::string out;
    int shown = 0;
    for (const auto& s : rx) {
      if (!ry.count(s) && shown++ < 10) out += "  only in the first: " + s + "\n";
    }
    for (const auto& s : ry) {
      if (!rx.count(s) && shown++ < 20) out += "  only in the second: " + s + "\n";
    }
    return out;
  }
};

}  // namespace annals::testing
