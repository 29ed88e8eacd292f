// Runs a query in a test and returns its rows, each as its terms in N-Triples joined by
// spaces (UNDEF for unbound), failing the test on any error.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "annals/query.hpp"
#include "annals/store.hpp"

namespace annals::testing {

// `plan`, if given, receives the plan as EXPLAIN prints it.
inline std::vector<std::string> query_rows(const ReadTxn& txn, const std::string& text,
                                           const QueryOptions& options = {},
                                           std::string* plan = nullptr) {
  auto q = parse_query(text);
  INFO(text << "\n" << q.status().to_string());
  REQUIRE(q.is_ok());
  auto s = execute(txn, *q, options);
  INFO(s.status().to_string());
  REQUIRE(s.is_ok());
  std::vector<std::string> out;
  std::vector<std::optional<Term>> row;
  for (;;) {
    auto more = s->next(row);
    INFO(more.status().to_string());
    REQUIRE(more.is_ok());
    if (!*more) break;
    std::string line;
    for (const auto& t : row) line += (line.empty() ? "" : " ") + (t ? to_ntriples(*t) : "UNDEF");
    out.push_back(line);
  }
  if (plan) *plan = s->plan(false);
  return out;
}

}  // namespace annals::testing
