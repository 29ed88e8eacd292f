// The readers behind parse_rdf, one per syntax family.
#pragma once

#include "annals/rdf.hpp"

namespace annals {

// Turtle and TriG (turtle_reader.cpp). fold: valid-time annotations become their facts'
// intervals (parse_facts); else every quad is handed on valid always.
Status parse_turtle(Input& in, const ParseOptions& options, const FactSink& sink, bool fold);

// RDF/XML (rdfxml_reader.cpp). fold: as parse_turtle; the annotations are the spelled-out
// form (a triple, its reifier's rdf:reifies statement, the reifier's annals statements).
Status parse_rdfxml(Input& in, const ParseOptions& options, const FactSink& sink, bool fold);

// CSV, TSV (table_reader.cpp) and JSON lines (jsonl_reader.cpp), by options.format. fold:
// facts with their intervals; else each interval spelled out as the line-based formats
// write it (a reifier with annals:* statements), for parse_rdf.
Status parse_report(Input& in, const ParseOptions& options, const FactSink& sink, bool fold);
Status parse_table(Input& in, const ParseOptions& options, const FactSink& sink, bool fold);
Status parse_jsonl(Input& in, const ParseOptions& options, const FactSink& sink, bool fold);

}  // namespace annals
