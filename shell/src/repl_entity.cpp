// The REPL's entity views: `.describe`, `.timeline` and `.sources` of an entity named by IRI,
// prefixed name or one of its labels/aliases. They read facts with the store's scans, as the
// valid-time interval of each fact is what they show (a query returns bindings, not intervals).
#include <annals/results.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <tuple>

#include "repl.hpp"

namespace annals::cli::repl {

namespace {

// A predicate that names its subject: rdfs:label, skos:prefLabel/altLabel, the demo's :alias.
bool is_name_predicate(const Term& p) {
  const std::string& v = p.value;
  return v.ends_with("label") || v.ends_with("Label") || v.ends_with("alias");
}

// The subjects a literal names through a name predicate.
Result<std::set<TermId>> named_by(const ReadTxn& txn, const std::string& text) {
  std::set<TermId> found;
  auto id = txn.lookup(Term::literal(text));
  if (!id) return id.status();
  if (!*id) return found;
  Pattern pattern;
  pattern.o = **id;
  auto cursor = txn.scan(pattern);
  if (!cursor) return cursor.status();
  for (; cursor->valid(); cursor->next()) {
    auto p = txn.term(cursor->row().p);
    if (!p) return p.status();
    if (is_name_predicate(*p)) found.insert(cursor->row().s);
  }
  if (Status st = cursor->status(); !st) return st;
  return found;
}

// Expands a prefixed name with the prefixes; nullopt when it is not one.
std::optional<std::string> expand(std::string_view name, const std::vector<Prefix>& prefixes) {
  const std::size_t colon = name.find(':');
  if (colon == std::string_view::npos || name.find_first_of(" \t\"'") != std::string_view::npos) {
    return std::nullopt;
  }
  for (const auto& p : prefixes) {
    if (p.name == name.substr(0, colon)) return p.iri + std::string(name.substr(colon + 1));
  }
  return std::nullopt;
}

}  // namespace

std::string show_term(const Term& t, const std::vector<Prefix>& prefixes) {
  if (t.is_default_graph()) return "(default graph)";
  return display_value(t, prefixes);  // as the tables show it
}

Result<TermId> resolve_entity(const ReadTxn& txn, std::string_view name,
                              const std::vector<Prefix>& prefixes) {
  std::optional<std::string> iri;
  if (name.size() > 2 && name.front() == '<' && name.back() == '>') {
    iri = std::string(name.substr(1, name.size() - 2));
  } else {
    iri = expand(name, prefixes);
  }
  if (iri) {
    auto id = txn.lookup(Term::iri(*iri));
    if (!id) return id.status();
    if (*id) return **id;
    return Status::not_found("no facts about <" + *iri + ">");
  }
  auto found = named_by(txn, unquote(name));
  if (!found) return found.status();
  if (found->size() == 1) return *found->begin();
  if (found->empty()) return Status::not_found("nothing is named '" + unquote(name) + "'");
  std::string list;
  for (TermId id : *found) {
    auto t = txn.term(id);
    if (t) list += ' ' + show_term(*t, prefixes);
  }
  return Status::invalid_input("'" + unquote(name) + "' names " + std::to_string(found->size()) +
                               " entities:" + list + " (name one of them)");
}

Result<std::vector<EntityFact>> entity_facts(const ReadTxn& txn, TermId entity,
                                             const TimeScope& time) {
  std::vector<EntityFact> facts;
  for (bool incoming : {false, true}) {
    Pattern pattern;
    (incoming ? pattern.o : pattern.s) = entity;
    auto cursor = txn.scan(pattern, time);
    if (!cursor) return cursor.status();
    for (; cursor->valid(); cursor->next()) {
      const FactRow& r = cursor->row();
      if (incoming && r.s == entity) continue;  // a loop, listed once already
      auto p = txn.term(r.p);
      auto other = txn.term(incoming ? r.s : r.o);
      auto g = txn.term(r.g);
      if (!p || !other || !g) return !p ? p.status() : !other ? other.status() : g.status();
      facts.push_back({r.valid, incoming, std::move(*p), std::move(*other), std::move(*g)});
    }
    if (Status st = cursor->status(); !st) return st;
  }
  return facts;
}

namespace {

// Prints rows of cells in columns as wide as their widest cell (characters, not bytes).
void print_columns(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  auto width = [](const std::string& s) {
    return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
  };
  std::vector<std::ptrdiff_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - width(row[i]) + 2, ' ');
    }
    out << line << '\n';
  }
}

}  // namespace

// The time the entity views read: .at's day, and .asof's transaction (a time: the last
// transaction committed by then, as AS OF "TIME" reads it).
Result<TimeScope> Session::pinned_scope(const ReadTxn& txn) const {
  QueryOptions pinned;
  if (Status st = pinned_options(settings_, pinned); !st) return st;
  return time_scope(txn, pinned);
}

Status Session::dot_entity(View view, std::string_view arg) {
  if (arg.empty()) return Status::invalid_input("name an entity: <IRI>, prefix:name or a label");
  auto txn = store_.read();
  if (!txn) return txn.status();
  auto prefixes = txn->prefixes();
  if (!prefixes) return prefixes.status();
  prefixes->insert(prefixes->begin(), settings_.prefixes.begin(), settings_.prefixes.end());
  auto entity = resolve_entity(*txn, arg, *prefixes);
  if (!entity) return entity.status();
  auto time = pinned_scope(*txn);
  if (!time) return time.status();
  auto facts = entity_facts(*txn, *entity, *time);
  if (!facts) return facts.status();
  auto show = [&](const Term& t) { return show_term(t, *prefixes); };
  std::vector<std::vector<std::string>> rows;
  if (view == View::kSources) {
    std::map<std::string, std::size_t> counts;
    for (const auto& f : *facts) ++counts[show(f.graph)];
    for (const auto& [graph, n] : counts) {
      rows.push_back({graph, std::to_string(n) + (n == 1 ? " fact" : " facts")});
    }
  } else {
    // In date order (undated and open-started facts first), the timeline dated facts only.
    if (view == View::kTimeline) {
      std::erase_if(*facts, [](const EntityFact& f) { return f.valid.is_always(); });
    }
    std::stable_sort(facts->begin(), facts->end(), [](const EntityFact& a, const EntityFact& b) {
      return std::tie(a.valid.from, a.valid.to) < std::tie(b.valid.from, b.valid.to);
    });
    for (const auto& f : *facts) {
      // A fact with the entity as object reads backwards: ^:recognises :Russia.
      rows.push_back({to_string(f.valid), (f.incoming ? "^" : "") + show(f.relation), show(f.other),
                      show(f.graph)});
    }
  }
  print_columns(rows, out());
  const bool one = rows.size() == 1;
  out() << rows.size()
        << (view == View::kSources ? (one ? " source" : " sources") : (one ? " fact" : " facts"))
        << '\n';
  return Status::ok();
}

}  // namespace annals::cli::repl
